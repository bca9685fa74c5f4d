"""The list washing pages: upload → columns → worker → result, export and review, per persona."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from cases.models import AccessLog, WashingCandidate, WashingResult, WashingSession, WashingUpload
from cases.washing.uploads import wash_queued, wash_uploads
from nav_ot.celery import app as celery_app
from nav_ot.dates import hours_before
from tests.cases.washing.conftest import HEADER, csv_bytes, line
from tests.celery_helpers import point_celery_at
from tests.factories import UserFactory, YouthFactory, open_case, years_ago


@pytest.fixture
def listed(personas, nav_youth):
    """One youth NAV follows, a fuzzy spelling of another, one unknown, one bad row."""
    fuzzy = YouthFactory(first_name="Kjærsti", last_name="Bjørnstad", birth_date=years_ago(22))
    open_case(personas["veileder"], youth=fuzzy)
    data = csv_bytes(
        HEADER,
        line(nav_youth),
        line(fuzzy, fnr="", first="Kjaersti", last="Bjoernstad"),
        line(fnr="", first="Ukjent", last="Person", born=years_ago(20)),
        line(fnr="999", first="=cmd|' /C calc'!A0", last="", born=None),
    )
    return {"data": data, "nav_youth": nav_youth, "fuzzy": fuzzy}


def login(client, user):
    client.force_login(user)
    return client


def upload(client, org, data, name="otliste.csv"):
    return client.post(
        reverse("cases:washing_upload"),
        {"ot_enhet": org["ot_bergen"].pk, "fil": SimpleUploadedFile(name, data)},
    )


@pytest.fixture
def washed(client, personas, org, listed):
    """OT's list uploaded by the OT-rådgiver and washed by the worker."""
    login(client, personas["ot"])
    response = upload(client, org, listed["data"])
    upload_row = WashingUpload.objects.get()
    assert response.url == reverse("cases:washing_progress", args=[upload_row.pk])
    assert wash_queued() == 1
    upload_row.refresh_from_db()
    client.logout()
    return upload_row.session


def test_upload_is_washed_by_the_worker_and_the_file_is_not_kept(client, personas, org, listed):
    login(client, personas["ot"])
    upload(client, org, listed["data"])
    queued = WashingUpload.objects.get()
    assert queued.status == WashingUpload.Status.QUEUED
    progress = client.get(
        reverse("cases:washing_progress", args=[queued.pk]), HTTP_HX_REQUEST="true"
    )
    assert 'hx-trigger="every 1s"' in progress.content.decode()
    assert wash_queued() == 1
    queued.refresh_from_db()
    assert queued.status == WashingUpload.Status.DONE and bytes(queued.data) == b""
    assert queued.session.counts[WashingResult.BEGGE] == 1
    done = client.get(reverse("cases:washing_progress", args=[queued.pk]), HTTP_HX_REQUEST="true")
    assert done["HX-Redirect"] == reverse("cases:washing_result", args=[queued.session_id])
    assert wash_queued() == 0  # idempotent: nothing queued twice


def test_unreadable_file_gives_a_message_and_saves_nothing(client, personas, org):
    login(client, personas["ot"])
    response = upload(client, org, b"   \n")
    assert "Filen er tom." in response.content.decode()
    assert not WashingUpload.objects.exists() and not WashingSession.objects.exists()


def test_a_failed_washing_shows_the_reason_and_stops_polling(client, personas, org, listed):
    login(client, personas["ot"])
    upload(client, org, listed["data"])
    WashingUpload.objects.update(status=WashingUpload.Status.FAILED, error="Kan ikke lese filen.")
    failed = WashingUpload.objects.get()
    page = client.get(reverse("cases:washing_progress", args=[failed.pk])).content.decode()
    assert "Kan ikke lese filen." in page and "hx-trigger" not in page


def test_upload_succeeds_with_the_broker_down_and_is_washed_later(
    client, personas, org, listed, django_capture_on_commit_callbacks
):
    real = celery_app.conf.broker_url
    point_celery_at("redis://127.0.0.1:1/0")
    try:
        login(client, personas["ot"])
        with django_capture_on_commit_callbacks(execute=True):
            response = upload(client, org, listed["data"])
    finally:
        point_celery_at(real)
    assert response.status_code == 302
    assert WashingUpload.objects.get().status == WashingUpload.Status.QUEUED
    assert wash_uploads() == 1  # the beat run finds it


def test_unrecognised_headers_are_confirmed_by_the_user(client, personas, org, nav_youth):
    login(client, personas["ot"])
    data = csv_bytes(
        "Personnr;Fornavn;Etternavn;Fødselsdato",
        f"{nav_youth.fnr};{nav_youth.first_name};{nav_youth.last_name};"
        f"{nav_youth.birth_date:%d.%m.%Y}",
    )
    response = upload(client, org, data)
    pending = WashingUpload.objects.get()
    assert pending.status == WashingUpload.Status.MAPPING
    assert response.url == reverse("cases:washing_mapping", args=[pending.pk])
    page = client.get(response.url).content.decode()
    assert "Personnr" in page
    bad = client.post(response.url, {"fornavn": "Fornavn"})
    assert "Fant ikke kolonnene" in bad.content.decode()
    client.post(
        response.url,
        {"fnr": "Personnr", "fornavn": "Fornavn", "etternavn": "Etternavn",
         "fodselsdato": "Fødselsdato"},
    )  # fmt: skip
    pending.refresh_from_db()
    assert pending.status == WashingUpload.Status.QUEUED
    wash_queued()
    pending.refresh_from_db()
    assert pending.session.counts[WashingResult.BEGGE] == 1


def test_ot_sees_only_the_allowed_answers(client, personas, washed, listed):
    login(client, personas["ot"])
    page = client.get(reverse("cases:washing_result", args=[washed.pk])).content.decode()
    assert "Under avklaring" in page and "Er ivaretatt" in page
    assert "Mulig treff" not in page
    assert listed["fuzzy"].fnr not in page  # the candidate's identity stays with NAV
    case = listed["nav_youth"].cases.get()
    assert f"Sak {case.pk}" not in page and "Konflikt" not in page
    assert "Vurder mulige treff" not in page
    assert AccessLog.objects.filter(
        user=personas["ot"], case=case, action=AccessLog.Action.LIST
    ).exists()


def test_nav_sees_the_working_view(client, personas, washed, listed):
    login(client, personas["veileder"])
    page = client.get(reverse("cases:washing_result", args=[washed.pk])).content.decode()
    case = listed["nav_youth"].cases.get()
    assert f"Sak {case.pk}" in page and "Mulig treff" in page
    assert "Vurder mulige treff" in page
    only = client.get(reverse("cases:washing_result", args=[washed.pk]), {"resultat": "kun_ot"})
    rows = only.content.decode().count('data-testid="result-row"')
    assert rows == 1


def test_ot_export_is_the_ot_file_and_is_logged(client, personas, washed, listed):
    login(client, personas["ot"])
    response = client.get(reverse("cases:washing_export", args=[washed.pk, "csv"]))
    text = response.content.decode("utf-8-sig")
    header, *body = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert header == ["rad", "fnr", "navn", "resultat", "svar"]
    assert [row[3] for row in body[:4]] == ["begge", "under_avklaring", "kun_ot", "ugyldig"]
    assert body[3][2].startswith("'=")
    assert AccessLog.objects.filter(user=personas["ot"], action=AccessLog.Action.EXPORT).exists()
    xlsx = client.get(reverse("cases:washing_export", args=[washed.pk, "xlsx"]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert client.get(reverse("cases:washing_export", args=[washed.pk, "pdf"])).status_code == 404


def test_nav_confirms_a_candidate_in_the_review_queue(client, personas, washed, listed):
    login(client, personas["veileder"])
    queue = client.get(reverse("cases:washing_review", args=[washed.pk])).content.decode()
    assert "Kjærsti Bjørnstad" in queue
    assert AccessLog.objects.filter(user=personas["veileder"], youth=listed["fuzzy"]).exists()
    candidate = WashingCandidate.objects.get(row__session=washed, rank=1)
    client.post(
        reverse("cases:washing_decide", args=[washed.pk, candidate.pk]), {"valg": "bekreft"}
    )
    candidate.row.refresh_from_db()
    assert candidate.row.result == WashingResult.BEGGE
    assert candidate.row.youth == listed["fuzzy"]


def test_nav_rejects_a_candidate(client, personas, washed):
    login(client, personas["veileder"])
    candidate = WashingCandidate.objects.get(row__session=washed, rank=1)
    client.post(reverse("cases:washing_decide", args=[washed.pk, candidate.pk]), {"valg": "avvis"})
    candidate.row.refresh_from_db()
    assert candidate.row.result == WashingResult.KUN_OT


@pytest.mark.parametrize("persona", ["ot", "ot_teamleder"])
def test_ot_may_not_review(client, personas, washed, persona):
    login(client, personas[persona])
    candidate = WashingCandidate.objects.get(row__session=washed, rank=1)
    assert client.get(reverse("cases:washing_review", args=[washed.pk])).status_code == 403
    url = reverse("cases:washing_decide", args=[washed.pk, candidate.pk])
    assert client.post(url, {"valg": "bekreft"}).status_code == 403
    candidate.refresh_from_db()
    assert candidate.decision == WashingCandidate.Decision.OPEN


@pytest.mark.parametrize(
    "persona,status",
    [("ot", 200), ("ot_teamleder", 200), ("veileder", 200), ("team_veileder", 200),
     ("other_office", 200), ("teamleder", 200), ("admin", 403)],
)  # fmt: skip
def test_who_sees_a_session_and_the_upload_page(client, personas, washed, persona, status):
    login(client, personas[persona])
    assert client.get(reverse("cases:washing_upload")).status_code == status
    expected = 404 if status == 403 else 200
    assert client.get(reverse("cases:washing_result", args=[washed.pk])).status_code == expected
    assert client.get(reverse("cases:washing_sessions")).status_code == status


@pytest.mark.parametrize("where", ["hamar", "ot_innlandet"])
def test_other_county_gets_404(client, org, washed, where):
    role = Role.NAV_VEILEDER if where == "hamar" else Role.OT_RADGIVER
    stranger = UserFactory(username=f"fremmed-{where}", role=role, unit=org[where])
    login(client, stranger)
    for name in ("washing_result", "washing_review"):
        assert client.get(reverse(f"cases:{name}", args=[washed.pk])).status_code in (403, 404)
    assert client.get(reverse("cases:washing_export", args=[washed.pk, "csv"])).status_code == 404
    upload_row = WashingUpload.objects.get()
    assert client.get(reverse("cases:washing_progress", args=[upload_row.pk])).status_code == 404
    response = upload(client, org, b"Fnr\n1\n")
    assert (
        response.status_code == 200 and not WashingUpload.objects.exclude(pk=upload_row.pk).exists()
    )


def test_result_page_query_count_does_not_grow_with_rows(client, personas, org):
    def wash(count):
        owner = personas["veileder"]
        lines = []
        for _n in range(count):
            youth = YouthFactory(birth_date=years_ago(19))
            case = open_case(owner, youth=youth)
            case.nav_veileder = owner
            case.save()
            lines.append(line(youth))
        login(client, personas["ot"])
        upload(client, org, csv_bytes(HEADER, *lines))
        wash_queued()
        return WashingSession.objects.order_by("-id").first()

    counts = []
    for size in (2, 12):
        session = wash(size)
        for who in ("ot", "veileder"):
            login(client, personas[who])
            with CaptureQueriesContext(connection) as queries:
                client.get(reverse("cases:washing_result", args=[session.pk]))
            counts.append(len(queries))
    assert counts[:2] == counts[2:]


def test_comparison_with_the_previous_session(client, personas, org, washed, nav_youth):
    login(client, personas["ot"])
    first = client.get(reverse("cases:washing_comparison", args=[washed.pk])).content.decode()
    assert "ingen tidligere listevask" in first
    # Next time: «Ukjent Person» is still only known to OT, the youth NAV follows left the
    # list, and «Ny Elev» is new.
    upload(
        client,
        org,
        csv_bytes(
            HEADER,
            line(fnr="", first="Ukjent", last="Person", born=years_ago(20)),
            line(fnr="", first="Ny", last="Elev", born=years_ago(17)),
        ),
    )
    wash_queued()
    later = WashingSession.objects.exclude(pk=washed.pk).get()
    response = client.get(reverse("cases:washing_comparison", args=[later.pk]))
    groups = {
        key: response.context["groups"][n][2] for n, key in enumerate(("fortsatt", "nye", "borte"))
    }
    assert [row[1:3] for row in groups["fortsatt"]] == [("Ukjent", "Person")]
    assert [row[1:3] for row in groups["nye"]] == [("Ny", "Elev")]
    left = {row[1:3] for row in groups["borte"]}
    assert (nav_youth.first_name, nav_youth.last_name) in left
    assert ("Ukjent", "Person") not in left


def test_comparison_is_behind_the_same_access(client, org, washed):
    stranger = UserFactory(username="fremmed", role=Role.NAV_VEILEDER, unit=org["hamar"])
    login(client, stranger)
    assert client.get(reverse("cases:washing_comparison", args=[washed.pk])).status_code == 404


def test_nav_opens_a_case_for_a_row_only_ot_knows(client, personas, washed):
    row = washed.rows.get(result=WashingResult.KUN_OT)
    login(client, personas["veileder"])
    page = client.get(reverse("cases:washing_result", args=[washed.pk]), {"resultat": "kun_ot"})
    assert f"Opprett sak for rad {row.rad}" in page.content.decode()
    client.post(reverse("cases:washing_open_cases", args=[washed.pk]), {"en": row.pk})
    row.refresh_from_db()
    assert row.result == WashingResult.BEGGE and row.answer == "ivaretatt"
    assert row.case.nav_kontor == personas["veileder"].unit
    assert row.case.ot_enhet == washed.ot_enhet
    washed.refresh_from_db()
    assert washed.counts[WashingResult.KUN_OT] == 0


def test_bulk_open_goes_on_past_a_row_that_cannot_be_opened(client, personas, org):
    login(client, personas["ot"])
    upload(
        client,
        org,
        csv_bytes(
            HEADER,
            line(fnr="", first="Voksen", last="Elev", born=years_ago(19)),
            line(fnr="", first="Ung", last="Elev", born=years_ago(16)),
        ),
    )
    wash_queued()
    session = WashingSession.objects.get()
    ids = list(session.rows.filter(result=WashingResult.KUN_OT).values_list("pk", flat=True))
    assert len(ids) == 2
    login(client, personas["veileder"])
    response = client.post(
        reverse("cases:washing_open_cases", args=[session.pk]), {"rader": ids}, follow=True
    )
    text = response.content.decode()
    assert "Opprettet 1 sak." in text and "foresatt" in text
    results = dict(session.rows.values_list("first_name", "result"))
    assert results == {"Voksen": WashingResult.BEGGE, "Ung": WashingResult.KUN_OT}


@pytest.mark.parametrize("persona", ["ot", "ot_teamleder"])
def test_ot_may_not_open_cases_from_the_result(client, personas, washed, persona):
    row = washed.rows.get(result=WashingResult.KUN_OT)
    login(client, personas[persona])
    url = reverse("cases:washing_open_cases", args=[washed.pk])
    assert client.post(url, {"en": row.pk}).status_code == 403
    row.refresh_from_db()
    assert row.result == WashingResult.KUN_OT


def test_an_upload_left_without_columns_is_emptied_after_a_day(client, personas, org):
    login(client, personas["ot"])
    upload(client, org, csv_bytes("Personnr;Fornavn", "1;Ola"))
    waiting = WashingUpload.objects.get()
    assert waiting.status == WashingUpload.Status.MAPPING and bytes(waiting.data)
    wash_queued()
    waiting.refresh_from_db()
    assert bytes(waiting.data)  # still within the day
    WashingUpload.objects.update(created_at=hours_before(timezone.now(), 25))
    wash_queued()
    waiting.refresh_from_db()
    assert bytes(waiting.data) == b"" and waiting.status == WashingUpload.Status.FAILED
