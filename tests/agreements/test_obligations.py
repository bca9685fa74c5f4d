"""Obligations: due dates from the RRULE via nav_ot.dates, status per unit, catch-up, reminders."""

import datetime as dt
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.core.exceptions import ValidationError

from agreements import selectors, services
from agreements.models import Forpliktelse, Paminnelse
from agreements.services.reminders import create_due_reminders, remind_unread
from nav_ot.celery import app as celery_app
from nav_ot.dates import expiry_warning_dates, recurrence_dates

pytestmark = pytest.mark.django_db


def test_recurrence_dates_start_after_the_first_day():
    assert recurrence_dates(
        "FREQ=WEEKLY;INTERVAL=6", dt.date(2026, 1, 1), dt.date(2026, 3, 31)
    ) == [
        dt.date(2026, 2, 12),
        dt.date(2026, 3, 26),
    ]


def test_expiry_warnings_follow_navs_tiltak_agreements():
    assert expiry_warning_dates(dt.date(2027, 12, 31)) == [
        dt.date(2027, 4, 30),
        dt.date(2027, 6, 30),
        dt.date(2027, 9, 30),
        dt.date(2027, 12, 17),
        dt.date(2027, 12, 24),
    ]


@pytest.mark.parametrize("rule", ["", "   ", "INTERVAL=6", "FREQ=SOMETIMES"])
def test_an_obligation_without_a_valid_cadence_is_refused(rule):
    with pytest.raises(ValidationError, match="hyppighet|Hyppigheten"):
        services.validate_rrule(rule)


@pytest.mark.parametrize(
    "rule", ["FREQ=SECONDLY", "FREQ=MINUTELY", "FREQ=HOURLY;INTERVAL=2", "FREQ=DAILY"]
)
def test_a_cadence_finer_than_weekly_is_refused(rule):
    # A per-second cadence was accepted and then hung every page that computes periods.
    with pytest.raises(ValidationError, match="ukentlig, månedlig eller årlig"):
        services.validate_rrule(rule)


@pytest.mark.parametrize("rule", ["FREQ=WEEKLY;UNTIL=20200101", "FREQ=YEARLY;COUNT=1"])
def test_a_cadence_that_has_already_ended_is_refused(rule):
    with pytest.raises(ValidationError, match="allerede avsluttet"):
        services.validate_rrule(rule)


def test_a_county_agreement_binds_every_office_of_the_county(fylkesavtale, org):
    offices = set(fylkesavtale.covered_offices())
    assert {org["bergenhus"], org["asane"], org["ot_bergen"]} <= offices
    assert org["hamar"] not in offices and org["ot_innlandet"] not in offices


def test_a_local_agreement_binds_only_its_parties(lokal, org):
    assert set(lokal.covered_offices()) == {org["bergenhus"], org["ot_bergen"]}


def bergenhus_status(lokal, org, today):
    versjon = selectors.current_version(lokal)
    return next(
        s for s in selectors.obligation_statuses(versjon, today) if s.enhet == org["bergenhus"]
    )


def test_status_turns_from_due_soon_to_overdue_and_a_late_session_catches_up(lokal, org):
    assert bergenhus_status(lokal, org, dt.date(2026, 2, 1)).status == "snart"
    overdue = bergenhus_status(lokal, org, dt.date(2026, 2, 20))
    assert overdue.status == "forfalt"
    assert [p.frist for p in overdue.tapte] == [dt.date(2026, 2, 12)]

    services.obligation_record_fulfilment(
        enhet=org["team"].office, kind="listevask", dato=dt.date(2026, 2, 25), source="listevask"
    )
    caught_up = bergenhus_status(lokal, org, dt.date(2026, 3, 1))
    first, second = caught_up.perioder[:2]
    assert (first.status, first.oppfylt) == ("oppfylt_sent", dt.date(2026, 2, 25))
    assert second.oppfylt is None  # the late session is not counted twice
    assert caught_up.status == "oppfylt"  # nothing overdue, the next due date is weeks away


def test_missed_periods_are_all_listed(lokal, org):
    status = bergenhus_status(lokal, org, dt.date(2026, 6, 1))
    assert len(status.tapte) == 3  # 12 Feb, 26 Mar, 7 May


def test_fulfilment_of_a_kind_nobody_promised_records_nothing(lokal, org):
    assert (
        services.obligation_record_fulfilment(
            enhet=org["bergenhus"], kind="evaluering", dato=dt.date(2026, 3, 1)
        )
        == []
    )


def test_due_and_expiry_reminders_are_created_once(lokal, org, personas):
    day = dt.date(2026, 2, 1)
    assert create_due_reminders(day) > 0
    assert create_due_reminders(day) == 0
    reminder = Paminnelse.objects.filter(kind="forfall", user=personas["koordinator"])
    assert list(reminder.values_list("due_date", flat=True).distinct()) == [dt.date(2026, 2, 12)]
    assert Forpliktelse.objects.filter(pk=reminder.first().forpliktelse_id).exists()
    create_due_reminders(dt.date(2027, 12, 20))
    expiry = Paminnelse.objects.filter(avtale=lokal, kind="utlop")
    assert list(expiry.values_list("due_date", flat=True)) == [dt.date(2027, 12, 17)]


@pytest.mark.django_db(transaction=True)
def test_reminders_are_emailed_once_by_a_real_worker(org, personas, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from tests.agreements.conftest import make_lokal

    lokal = make_lokal(org, personas)
    personas["koordinator"].email = "koordinator@example.no"
    personas["koordinator"].save()
    with start_worker(celery_app, perform_ping_check=False, loglevel="WARNING"):
        create_due_reminders(dt.date(2026, 2, 1))
        create_due_reminders(dt.date(2026, 2, 1))
        remind_unread(selectors.current_version(lokal), dt.date(2026, 2, 1))
        remind_unread(selectors.current_version(lokal), dt.date(2026, 2, 1))
        deadline = time.monotonic() + 20
        while Paminnelse.objects.filter(emailed_at__isnull=True).exists():
            assert time.monotonic() < deadline, "worker never sent the reminders"
            time.sleep(0.1)
    to_koordinator = [m for m in mail.outbox if m.to == ["koordinator@example.no"]]
    assert len(to_koordinator) == Paminnelse.objects.filter(user=personas["koordinator"]).count()
    assert len({m.body for m in to_koordinator}) == len(to_koordinator)


def test_a_version_ending_before_the_first_due_date_has_no_periods(lokal):
    versjon = selectors.current_version(lokal)
    versjon.valid_to = dt.date(2026, 1, 31)  # unsaved: periods() only reads it
    yearly = Forpliktelse(rrule="FREQ=YEARLY")
    assert selectors.periods(yearly, versjon, dt.date(2026, 1, 10)) == []


def test_a_due_reminder_is_created_even_when_an_earlier_period_is_overdue(lokal):
    create_due_reminders(dt.date(2026, 3, 20))  # 12 Feb missed, 26 Mar due soon
    due = Paminnelse.objects.filter(kind="forfall").values_list("due_date", flat=True)
    assert set(due) == {dt.date(2026, 3, 26)}


def test_county_view_counts_promises_across_a_revision_and_each_session_once(lokal, org, personas):
    from agreements.selectors.county import office_rows

    revision = services.versjon_revider(
        lokal, valid_from=dt.date(2026, 7, 1), valid_to=None, minor=True
    )
    services.versjon_signer(revision, by=personas["koordinator"])
    today = dt.date(2026, 11, 1)
    services.obligation_record_fulfilment(
        enhet=org["bergenhus"], kind="listevask", dato=dt.date(2026, 10, 1)
    )
    rule = "FREQ=WEEKLY;INTERVAL=6"
    before = recurrence_dates(rule, dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    after = recurrence_dates(rule, dt.date(2026, 7, 1), today)
    row = next(r for r in office_rows(org["vestland"], today) if r["office"] == org["bergenhus"])
    assert row["listevask_lovet"] == len(before) + len(after)
    assert row["listevask_holdt"] == 1
