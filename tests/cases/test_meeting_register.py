"""A trekantsamtale that was already held is registered in one go: past time, participants,
referat and any number of agreed actions; row errors show in the error summary."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.access import case_access
from cases.models import AgreedAction, Trekantsamtale
from tests.factories import give_samtykke, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def consented(shared_case, nav_access):
    give_samtykke(nav_access)
    return shared_case


def url(case):
    return reverse("cases:meeting_register", kwargs={"pk": case.pk})


def post_data(held_at, rows, **extra):
    data = {
        "held_at": held_at.strftime("%Y-%m-%dT%H:%M"),
        "location": "NAV Bergenhus",
        "other_participants": "Mor",
        "referat": "Gikk gjennom skoleplass og praksis.",
        "tiltak-TOTAL_FORMS": str(len(rows)),
        "tiltak-INITIAL_FORMS": "0",
        "tiltak-MIN_NUM_FORMS": "0",
        "tiltak-MAX_NUM_FORMS": "20",
        **extra,
    }
    for i, (description, responsible, due) in enumerate(rows):
        data[f"tiltak-{i}-description"] = description
        data[f"tiltak-{i}-responsible"] = responsible
        data[f"tiltak-{i}-due_date"] = due.isoformat() if due else ""
    return data


def test_held_meeting_is_registered_with_its_actions(client, personas, consented):
    client.force_login(personas["veileder"])
    held_at = timezone.localtime() - dt.timedelta(days=2)
    due = today() + dt.timedelta(days=7)
    rows = [
        ("Søke skoleplass", "ungdom", due),
        ("Ringe rådgiver", "ot", due),
        ("Avklare praksis", "nav", due),
        ("Sende vitnemål", "ungdom", due),
    ]
    response = client.post(url(consented), post_data(held_at, rows))
    assert response.status_code == 302
    meeting = Trekantsamtale.objects.get(case=consented)
    assert meeting.status == Trekantsamtale.Status.GJENNOMFORT
    assert meeting.held_on == held_at.date() and meeting.other_participants == "Mor"
    assert AgreedAction.objects.filter(meeting=meeting).count() == 4
    assert AgreedAction.objects.get(description="Ringe rådgiver").responsible_user == personas["ot"]


def test_a_future_time_is_refused(client, personas, consented):
    client.force_login(personas["veileder"])
    response = client.post(
        url(consented), post_data(timezone.localtime() + dt.timedelta(days=1), [])
    )
    assert response.status_code == 400
    assert "Samtalen er ikke holdt ennå" in response.content.decode()
    assert not Trekantsamtale.objects.filter(case=consented).exists()


def test_row_errors_show_in_the_error_summary(client, personas, consented):
    client.force_login(personas["veileder"])
    rows = [("Søke skoleplass", "ungdom", today()), ("Ringe rådgiver", "", None)]
    response = client.post(url(consented), post_data(timezone.localtime(), rows))
    assert response.status_code == 400
    summary = response.content.decode().split("data-error-summary")[1].split("</section>")[0]
    assert "Tiltak 2, frist: Oppgi en frist." in summary
    assert "Tiltak 2, ansvarlig: Velg hvem som er ansvarlig." in summary
    assert 'href="#id_tiltak-1-due_date"' in summary


def test_a_row_removed_from_the_middle_is_ignored(client, personas, consented):
    client.force_login(personas["veileder"])
    due = today() + dt.timedelta(days=3)
    data = post_data(
        timezone.localtime(), [("Første", "nav", due), ("", "", None), ("Tredje", "ot", due)]
    )
    for field in ("description", "responsible", "due_date"):
        del data[f"tiltak-1-{field}"]  # the row the user removed is not posted at all
    assert client.post(url(consented), data).status_code == 302
    assert set(AgreedAction.objects.values_list("description", flat=True)) == {"Første", "Tredje"}


def test_add_row_returns_the_next_row_and_count(client, personas, consented):
    client.force_login(personas["veileder"])
    response = client.get(
        reverse("cases:action_row", kwargs={"pk": consented.pk}), {"tiltak-TOTAL_FORMS": "3"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="tiltak-3-description"' in page
    assert 'name="tiltak-TOTAL_FORMS" value="4"' in page and 'hx-swap-oob="true"' in page
    bad = client.get(reverse("cases:action_row", kwargs={"pk": consented.pk}))
    assert bad.status_code == 400


@pytest.mark.parametrize(
    "persona, expected",
    [
        ("veileder", 200),
        ("teamleder", 200),
        ("ot", 200),
        ("ot_teamleder", 200),
        ("other_office", 404),
        ("koordinator", 404),
        ("admin", 404),
    ],
)
def test_register_page_permissions(client, personas, consented, persona, expected):
    client.force_login(personas[persona])
    assert client.get(url(consented)).status_code == expected
    assert (
        client.get(
            reverse("cases:action_row", kwargs={"pk": consented.pk}), {"tiltak-TOTAL_FORMS": "1"}
        ).status_code
        == expected
    )


def test_without_samtykke_the_page_is_refused(client, personas, shared_case):
    client.force_login(personas["veileder"])
    assert client.get(url(shared_case)).status_code == 403
    assert case_access(personas["veileder"], shared_case).has_samtykke is False
