"""The washing's progress: each step and the rows matched, written by the worker as it goes and
seen by the page polling it while the washing's own transaction is still open."""

import json

import pytest
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.urls import reverse

from cases.models import WashingUpload
from cases.washing import matching, wash_file
from cases.washing.service import Stage
from cases.washing.uploads import ProgressWriter, upload_create, wash_queued
from tests.cases.washing.conftest import HEADER, csv_bytes, line
from tests.factories import YouthFactory, years_ago


def four_rows(nav_youth):
    other = YouthFactory(first_name="Kjærsti", last_name="Bjørnstad", birth_date=years_ago(22))
    return csv_bytes(
        HEADER,
        line(nav_youth),  # linked by its number
        line(other, fnr="", first="Kjaersti"),  # matched by name
        line(fnr="", first="Ukjent", last="Person", born=years_ago(20)),  # matched by name
        line(fnr="999", first="", last="", born=None),  # unusable
    )


def test_the_washing_reports_each_step_and_the_rows_matched_per_chunk(
    personas, org, nav_youth, monkeypatch
):
    monkeypatch.setattr(matching, "CHUNK", 1)
    heard = []
    wash_file(
        user=personas["ot"], ot_enhet=org["ot_bergen"], data=four_rows(nav_youth),
        file_name="liste.csv", progress=lambda *step: heard.append(step),
    )  # fmt: skip
    assert heard == [
        (Stage.READING, 0, 0),
        (Stage.MATCHING, 0, 4),
        (Stage.MATCHING, 3, 4),  # the numbered and the unusable row at once, then one by name
        (Stage.MATCHING, 4, 4),
        (Stage.SAVING, 4, 4),
    ]


def read_progress(upload_id):
    """The upload's progress as another connection (the polling page) sees it."""
    other = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT progress FROM cases_washingupload WHERE id = %s", [upload_id])
            return json.loads(cursor.fetchone()[0])  # Django reads jsonb as text
    finally:
        other.close()


@pytest.mark.django_db(transaction=True)
def test_the_progress_is_seen_while_the_washing_transaction_is_open(personas, org, nav_youth):
    upload = upload_create(
        user=personas["ot"], ot_enhet=org["ot_bergen"], file_name="liste.csv",
        data=four_rows(nav_youth),
    )  # fmt: skip
    writer = ProgressWriter(upload.pk)
    try:
        with transaction.atomic():  # as the washing holds its transaction open
            writer(Stage.MATCHING, 2, 4)
            assert read_progress(upload.pk) == {"stage": "matche", "done": 2, "total": 4}
    finally:
        writer.close()
    assert wash_queued() == 1
    upload.refresh_from_db()
    assert upload.status == WashingUpload.Status.DONE
    assert upload.progress == {"stage": "lagre", "done": 4, "total": 4}


@pytest.mark.parametrize(
    ("progress", "shown", "percent"),
    [
        ({"stage": "lese", "done": 0, "total": 0}, "Leser fil", 5),
        (
            {"stage": "matche", "done": 4000, "total": 10000},
            "Matcher 4\u00a0000 av 10\u00a0000 rader",
            42,
        ),
        ({"stage": "lagre", "done": 10000, "total": 10000}, "Lagrer resultat", 95),
        ({}, "Vasker", 5),
    ],
)
def test_the_progress_page_shows_the_step_and_the_rows_done(
    client, personas, org, nav_youth, progress, shown, percent
):
    upload = upload_create(
        user=personas["ot"], ot_enhet=org["ot_bergen"], file_name="liste.csv",
        data=four_rows(nav_youth),
    )  # fmt: skip
    WashingUpload.objects.filter(pk=upload.pk).update(
        status=WashingUpload.Status.RUNNING, progress=progress
    )
    client.force_login(personas["ot"])
    page = client.get(reverse("cases:washing_progress", args=[upload.pk]), HTTP_HX_REQUEST="true")
    html = page.content.decode()
    assert f"{shown}: liste.csv" in html and f'value="{percent}"' in html
    assert 'hx-trigger="every 1s"' in html  # still polling
