"""Each side's own follow-up (issue 8 §1): NAV and OT end and reopen their own side; the case
closes when both have ended; NAV's end closes the youth's running deadlines as `avsluttet`."""

import datetime as dt
import importlib

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.access import ListStatus, case_access
from cases.guarantees import sweep
from cases.models import Case, CaseEvent, Frist, Oppfolgingsperiode
from cases.selectors import annotate_ivaretatt, ivaretatt_status, unit_cases, worklist_for
from cases.selectors.deadlines import deadline_queue
from cases.services import periode_end, periode_reopen
from tests.factories import fattet_vedtak, open_case, today


def _end(user, case, outcome="arbeid", reason="Fikk jobb"):
    return periode_end(access=case_access(user, case), outcome=outcome, reason=reason)


def _reopen(user, case, reason="Mistet jobben"):
    return periode_reopen(access=case_access(user, _fresh(case)), reason=reason)


def _fresh(case):
    return Case.objects.get(pk=case.pk)


def test_opening_a_case_opens_a_period_for_each_side_with_a_unit(shared_case, personas, org):
    sides = shared_case.perioder.values_list("agency", "ended_on", "ot_status_start")
    assert sorted(sides) == [("nav", None, ""), ("ot", None, "OTUK")]
    ot_only = open_case(personas["ot"])
    assert list(ot_only.perioder.values_list("agency", flat=True)) == ["ot"]


def test_at_most_one_open_period_per_case_and_side(shared_case):
    with pytest.raises(IntegrityError), transaction.atomic():
        Oppfolgingsperiode.objects.create(case=shared_case, agency="nav", started_on=today())


def test_nav_ends_ot_still_lists_the_youth_and_has_it_in_mine_saker(shared_case, personas):
    Case.objects.filter(pk=shared_case.pk).update(new_for_ot_kontakt=True)
    _end(personas["veileder"], shared_case)
    case = _fresh(shared_case)
    assert case.status != "avsluttet"
    ot = personas["ot"]
    assert case in unit_cases(ot, {}).qs
    assert case in worklist_for(ot).new_to_me
    # NAV no longer has the youth in its own list, except under the filter for it.
    nav = personas["veileder"]
    assert case not in unit_cases(nav, {}).qs
    assert case in unit_cases(nav, {"oppfolging": "avsluttet_hos_oss"}).qs
    assert case not in unit_cases(ot, {"oppfolging": "avsluttet_hos_oss"}).qs


def test_case_closes_only_when_both_sides_have_ended(shared_case, personas):
    _end(personas["veileder"], shared_case, outcome="arbeid")
    assert _fresh(shared_case).status == "ny"
    _end(personas["ot"], _fresh(shared_case), outcome="skole", reason="Startet på vgs")
    case = _fresh(shared_case)
    assert (case.status, case.outcome, case.closed_on) == ("avsluttet", "skole", today())
    ot_period = case.perioder.get(agency="ot")
    assert (ot_period.ot_status_end, ot_period.ended_by) == ("OTUK", personas["ot"])
    verbs = CaseEvent.objects.filter(case=case, verb="periode_ended")
    assert sorted(verbs.values_list("agency", "reason")) == [
        ("nav", "Fikk jobb"),
        ("ot", "Startet på vgs"),
    ]


def test_reopening_is_per_side_and_reopens_the_case(shared_case, personas):
    _end(personas["veileder"], shared_case)
    _end(personas["ot"], _fresh(shared_case), outcome="skole")
    _reopen(personas["ot"], shared_case, reason="Sluttet på skolen")
    case = _fresh(shared_case)
    assert (case.status, case.outcome, case.closed_on) == ("aktiv", "", None)
    assert case.perioder.filter(ended_on__isnull=True).get().agency == "ot"
    assert ivaretatt_status(case, "nav") == ListStatus.IVARETATT
    assert ivaretatt_status(case, "ot") == ListStatus.IKKE_IVARETATT  # NAV has not reopened
    event = CaseEvent.objects.get(case=case, verb="periode_reopened")
    assert (event.agency, event.reason) == ("ot", "Sluttet på skolen")
    with pytest.raises(ValidationError, match="følger allerede"):
        _reopen(personas["ot"], case)


def test_ending_needs_an_outcome_a_reason_and_an_open_own_side(shared_case, personas):
    access = case_access(personas["veileder"], shared_case)
    with pytest.raises(ValidationError, match="begrunnelse"):
        periode_end(access=access, outcome="arbeid", reason=" ")
    with pytest.raises(ValidationError, match="Velg hvordan"):
        periode_end(access=access, outcome="", reason="x")
    with pytest.raises(ValidationError, match="Sluttdatoen"):
        periode_end(
            access=access, outcome="arbeid", reason="x", ended_on=today() + dt.timedelta(days=1)
        )
    _end(personas["veileder"], shared_case)
    with pytest.raises(ValidationError, match="følger ikke opp"):
        _end(personas["veileder"], _fresh(shared_case))
    # NAV's own writes wait for a reopening; OT goes on.
    from cases.services import note_add

    with pytest.raises(ValidationError, match="Gjenåpne"):
        note_add(
            access=case_access(personas["veileder"], _fresh(shared_case)),
            text="x",
            visibility="nav",
            category="helse",
        )
    note_add(
        access=case_access(personas["ot"], _fresh(shared_case)),
        text="x",
        visibility="ot",
        category="helse",
    )


@pytest.fixture
def running_frist(shared_case, org, guarantee_rules):
    """A G2 deadline that falls due in a few days ("snart")."""
    vedtak = fattet_vedtak(shared_case, org["bergenhus"], days_ago=27)
    frist = Frist.objects.get(vedtak=vedtak, regel__kode="G2")
    assert frist.status == "snart"
    return frist


def test_nav_ending_closes_running_deadlines_which_never_breach(
    running_frist, shared_case, personas
):
    _end(personas["veileder"], shared_case)
    running_frist.refresh_from_db()
    assert running_frist.status == "avsluttet"
    assert running_frist not in deadline_queue(personas["teamleder"], {}).qs
    # Long after the frist, the sweep leaves it closed and sends no breach notice.
    sweep(today=today() + dt.timedelta(days=60))
    running_frist.refresh_from_db()
    assert running_frist.status == "avsluttet"
    assert not running_frist.varsler.filter(kind="frist_brutt").exists()


def test_ot_ending_leaves_navs_deadlines_alone(running_frist, shared_case, personas):
    _end(personas["ot"], shared_case, outcome="skole")
    running_frist.refresh_from_db()
    assert running_frist.status == "snart"


def test_reopening_nav_lets_the_engine_evaluate_again(running_frist, shared_case, personas):
    _end(personas["veileder"], shared_case)
    _reopen(personas["veileder"], shared_case)
    running_frist.refresh_from_db()
    assert running_frist.status == "snart"
    sweep(today=today() + dt.timedelta(days=60))
    running_frist.refresh_from_db()
    assert running_frist.status == "brutt"


def test_a_breach_before_nav_ended_stays_a_breach(shared_case, org, personas, guarantee_rules):
    vedtak = fattet_vedtak(shared_case, org["bergenhus"], days_ago=45)
    _end(personas["veileder"], shared_case)
    assert Frist.objects.get(vedtak=vedtak, regel__kode="G2").status == "brutt"


def test_ivaretatt_comes_from_the_other_sides_period(shared_case, personas):
    def both(case):
        case = _fresh(case)
        row = annotate_ivaretatt(Case.objects.filter(pk=case.pk), "ot").get()
        assert row.ivaretatt == ivaretatt_status(case, "ot")  # the list agrees with the page
        return ivaretatt_status(case, "ot")

    assert both(shared_case) == ListStatus.IVARETATT
    _end(personas["veileder"], shared_case, outcome="arbeid")
    assert both(shared_case) == ListStatus.IKKE_IVARETATT
    _reopen(personas["veileder"], shared_case)
    assert both(shared_case) == ListStatus.IVARETATT
    _end(personas["veileder"], _fresh(shared_case), outcome="flyttet", reason="Flyttet")
    assert both(shared_case) == ListStatus.FLYTTET
    # NAV's view of OT is OT's own period, whatever NAV did.
    assert ivaretatt_status(_fresh(shared_case), "nav") == ListStatus.IVARETATT


def test_migration_gives_a_closed_case_both_sides_ended_with_its_outcome(shared_case, personas):
    open_one = open_case(personas["ot"])
    closed_on = today() - dt.timedelta(days=3)
    Case.objects.filter(pk=shared_case.pk).update(
        status="avsluttet", outcome="laerling", closed_on=closed_on
    )
    Oppfolgingsperiode.objects.all().delete()
    migration = importlib.import_module("cases.migrations.0031_oppfolgingsperiode")
    migration.periods_for_existing_cases(django_apps, None)
    closed = shared_case.perioder.values_list("agency", "ended_on", "outcome")
    assert sorted(closed) == [("nav", closed_on, "laerling"), ("ot", closed_on, "laerling")]
    assert list(open_one.perioder.values_list("agency", "ended_on")) == [("ot", None)]


def test_nav_list_query_count_does_not_grow(client, personas, django_assert_num_queries):
    user = personas["veileder"]
    client.force_login(user)
    open_case(user)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("cases:list"))
    for _ in range(3):
        _end(user, open_case(user))
        open_case(user)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("cases:list"))


def test_the_panel_ends_and_reopens_ones_own_side(client, shared_case, personas):
    client.force_login(personas["veileder"])
    page = client.get(reverse("cases:detail", args=[shared_case.pk])).content.decode()
    assert 'data-testid="oppfolging"' in page and "Avslutt oppfølgingen" in page
    url = reverse("cases:periode_end", args=[shared_case.pk])
    assert "Hvorfor avsluttes oppfølgingen?" in client.get(url).content.decode()
    response = client.post(url, {"outcome": "", "reason": "x"})
    assert response.status_code == 400 and shared_case.perioder.get(agency="nav").is_open
    response = client.post(url, {"outcome": "arbeid", "ended_on": "", "reason": "Fikk jobb"})
    assert response.status_code == 302
    assert shared_case.perioder.get(agency="nav").outcome == "arbeid"
    page = client.get(reverse("cases:detail", args=[shared_case.pk])).content.decode()
    assert "Gjenåpne oppfølgingen" in page
    response = client.post(
        reverse("cases:periode_reopen", args=[shared_case.pk]), {"reason": "Mistet jobben"}
    )
    assert response.status_code == 302
    assert shared_case.perioder.filter(agency="nav", ended_on__isnull=True).exists()


def test_ot_sees_navs_end_only_as_the_list_status_without_samtykke(client, shared_case, personas):
    _end(personas["veileder"], shared_case, outcome="arbeid")
    client.force_login(personas["ot"])
    page = client.get(reverse("cases:detail", args=[shared_case.pk])).content.decode()
    assert "Er ikke ivaretatt" in page and "I arbeid" not in page


@pytest.mark.parametrize(
    "persona, status",
    [("ot", 302), ("other_office", 404), ("koordinator", 404), ("admin", 404)],
)
def test_only_the_own_side_can_be_ended(client, shared_case, personas, persona, status):
    client.force_login(personas[persona])
    response = client.post(
        reverse("cases:periode_end", args=[shared_case.pk]),
        {"outcome": "skole", "reason": "x"},
    )
    assert response.status_code == status
    # Whoever posts, NAV's side stays open: an OT user can only end OT's.
    assert shared_case.perioder.get(agency="nav").is_open
    assert shared_case.perioder.get(agency="ot").is_open == (persona != "ot")


def test_ending_needs_csrf(shared_case, personas):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["veileder"])
    response = client.post(
        reverse("cases:periode_end", args=[shared_case.pk]), {"outcome": "arbeid", "reason": "x"}
    )
    assert response.status_code == 403
    assert shared_case.perioder.get(agency="nav").is_open
