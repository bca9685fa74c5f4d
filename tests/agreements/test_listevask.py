"""A finished list washing counts toward the agreements' list-washing obligation: once per
session, for the OT unit and the NAV offices at the table, shown on the agreement page."""

import datetime as dt
import re
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from agreements import selectors
from agreements.models import Oppfyllelse
from agreements.services import washing_record
from agreements.tasks import record_washings
from cases.events import WashingDone
from cases.washing import wash_file
from tests.cases.washing.conftest import HEADER, csv_bytes, line, wash_nav_list
from tests.factories import YouthFactory, open_case, years_ago

pytestmark = pytest.mark.django_db

# Past the first due date (12 February) of the lokal agreement's six-weekly washing.
WASHED_AT = dt.datetime(2026, 3, 1, 12, tzinfo=zoneinfo.ZoneInfo("Europe/Oslo"))


def wash(personas, org, *youth):
    data = csv_bytes(HEADER, *(line(y) for y in youth))
    return wash_file(user=personas["ot"], ot_enhet=org["ot_bergen"], data=data, file_name="l.csv")


def status_of(avtale, unit):
    versjon = selectors.current_version(avtale)
    return next(s for s in selectors.obligation_statuses(versjon) if s.enhet == unit).status


@pytest.fixture
def travelled():
    with time_machine.travel(WASHED_AT, tick=False):
        yield


@pytest.fixture
def followed(travelled, personas, org):
    """A youth NAV Bergenhus follows and one NAV Åsane follows (no agreement with OT)."""
    bergenhus = YouthFactory(first_name="Søren", last_name="Håland", birth_date=years_ago(19))
    open_case(personas["veileder"], youth=bergenhus)
    asane = YouthFactory(first_name="Åse", last_name="Vik", birth_date=years_ago(18))
    open_case(personas["other_office"], youth=asane, guardian_name="Mor Vik")
    return bergenhus, asane


def test_a_finished_washing_counts_for_both_parties_of_the_agreement(
    lokal, personas, org, followed, django_capture_on_commit_callbacks
):
    assert status_of(lokal, org["ot_bergen"]) == "forfalt"
    with django_capture_on_commit_callbacks(execute=True):
        session = wash(personas, org, *followed)
    recorded = Oppfyllelse.objects.filter(referanse=f"listevask:{session.pk}")
    assert {(o.avtale, o.enhet, o.kind, o.source, o.dato) for o in recorded} == {
        (lokal, org["ot_bergen"], "listevask", "listevask", dt.date(2026, 3, 1)),
        (lokal, org["bergenhus"], "listevask", "listevask", dt.date(2026, 3, 1)),
    }  # not Åsane: its youth was compared, but it has no agreement with OT Vestland
    assert {o.registrert_av for o in recorded} == {personas["ot"]}
    assert status_of(lokal, org["ot_bergen"]) == "oppfylt"
    assert status_of(lokal, org["bergenhus"]) == "oppfylt"


def test_a_session_counts_once_however_often_it_is_told(
    lokal, personas, org, followed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        session = wash(personas, org, *followed)
    done = WashingDone(
        session_id=session.pk,
        ot_enhet_id=org["ot_bergen"].pk,
        nav_kontor_ids=(org["bergenhus"].pk, org["asane"].pk),
        day=dt.date(2026, 3, 1),
        by_id=personas["ot"].pk,
    )
    assert washing_record(done) == []
    assert Oppfyllelse.objects.filter(referanse=f"listevask:{session.pk}").count() == 2
    # A second session the same day is a second washing.
    with django_capture_on_commit_callbacks(execute=True):
        wash(personas, org, *followed)
    assert Oppfyllelse.objects.filter(source="listevask").count() == 4


def test_a_washing_without_a_promise_records_nothing(
    personas, org, followed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        wash(personas, org, *followed)
    assert not Oppfyllelse.objects.exists()


def test_a_failing_listener_never_fails_the_washing(
    lokal, personas, org, followed, django_capture_on_commit_callbacks, monkeypatch
):
    from cases import events

    def broken(done):
        raise RuntimeError("nede")

    monkeypatch.setattr(events, "_washing_done_hooks", [broken, washing_record])
    with django_capture_on_commit_callbacks(execute=True):
        session = wash(personas, org, *followed)
    session.refresh_from_db()
    assert session.status == "done"
    assert Oppfyllelse.objects.filter(referanse=f"listevask:{session.pk}").count() == 2


def test_the_agreement_page_shows_the_washing_as_met(
    client, lokal, personas, org, followed, django_capture_on_commit_callbacks
):
    client.force_login(personas["ot"])
    url = reverse("agreements:detail", args=[lokal.pk])

    def ot_row():
        page = client.get(url).content.decode()
        (row,) = re.findall(
            r"<tr[^>]*>\s*<td[^>]*>Listevask</td><td[^>]*>OT Vestland</td>.*?</tr>", page, re.S
        )
        return row

    assert "status-forfalt" in ot_row()
    with django_capture_on_commit_callbacks(execute=True):
        wash(personas, org, *followed)
    assert "status-oppfylt" in ot_row()


def test_navs_list_counts_for_its_office_and_the_ot_unit(
    lokal, personas, org, followed, django_capture_on_commit_callbacks
):
    bergenhus, _asane = followed
    with django_capture_on_commit_callbacks(execute=True):
        session = wash_nav_list(personas, org, line(bergenhus).rsplit(";", 2)[0])
    recorded = Oppfyllelse.objects.filter(referanse=f"listevask:{session.pk}")
    assert {(o.enhet, o.registrert_av) for o in recorded} == {
        (org["ot_bergen"], personas["veileder"]),
        (org["bergenhus"], personas["veileder"]),
    }


def test_a_washing_whose_announcement_was_lost_is_recorded_by_the_hourly_job(
    lokal, personas, org, followed
):
    # No on-commit capture: the test transaction never commits, so the announcement after the
    # commit never runs, as when the process stops between the commit and the listener.
    session = wash(personas, org, *followed)
    assert not Oppfyllelse.objects.exists()

    assert record_washings() == 2
    recorded = Oppfyllelse.objects.filter(referanse=f"listevask:{session.pk}")
    assert {o.enhet for o in recorded} == {org["ot_bergen"], org["bergenhus"]}
    assert record_washings() == 0  # recorded once, however often the job runs


def test_the_hourly_job_looks_back_two_weeks_only(lokal, personas, org, followed):
    wash(personas, org, *followed)
    with time_machine.travel(WASHED_AT + dt.timedelta(days=15), tick=False):
        assert record_washings() == 0
    assert not Oppfyllelse.objects.exists()
