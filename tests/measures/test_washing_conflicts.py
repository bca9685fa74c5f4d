"""List washing's conflict flags from NAV's tiltak: OT's list says OTAP or OTKO, NAV follows the
youth but has no such tiltak (the rule in measures/avvik.py, registered in measures' AppConfig)."""

import pytest
from django.urls import reverse

from cases.models import WashingResult
from cases.washing import candidate_confirm, wash_file
from measures import avvik, services
from measures.models import DeltakerStatus
from tests.cases.washing.conftest import HEADER, csv_bytes, line
from tests.factories import YouthFactory, fattet_vedtak, open_case, today, years_ago

from .conftest import offer_running
from .test_kombinasjon import combine


@pytest.fixture
def case(org, personas):
    """A youth NAV Bergenhus follows (veileder on the case) with a fattet vedtak."""
    youth = YouthFactory(first_name="Søren", last_name="Håland", birth_date=years_ago(19))
    case = open_case(personas["veileder"], youth=youth)
    case.nav_veileder = personas["veileder"]
    case.save()
    fattet_vedtak(case, org["bergenhus"], days_ago=10)
    return case


@pytest.fixture
def offer(org, personas, tiltakstyper, case):
    """Offer the youth a place in a running arbeidstrening (VENTER_PA_OPPSTART)."""
    return lambda: offer_running(org, personas, tiltakstyper, case)


def wash_row(personas, org, youth, status, **typed):
    session = wash_file(
        user=personas["ot"], ot_enhet=org["ot_bergen"],
        data=csv_bytes(HEADER, line(youth, status=status, **typed)), file_name="liste.csv",
    )  # fmt: skip
    return session, session.rows.get(rad=1)


def test_otap_where_nav_follows_but_no_tiltak_is_flagged(personas, org, case):
    session, row = wash_row(personas, org, case.youth, "OTAP")
    assert row.result == WashingResult.BEGGE
    assert row.conflict == avvik.OTAP_UTEN_TILTAK
    assert session.counts["konflikter"] == 1


def test_otap_with_an_active_deltar_participation_is_not_flagged(personas, org, case, offer):
    deltakelse = offer()
    services.endre_status(
        deltakelse, actor=personas["veileder"], status=DeltakerStatus.DELTAR, gyldig_fra=today()
    )
    session, row = wash_row(personas, org, case.youth, "OTAP")
    assert row.result == WashingResult.BEGGE and row.conflict == ""
    assert session.counts["konflikter"] == 0


def test_otap_with_an_ended_participation_is_flagged(personas, org, case, offer):
    deltakelse = offer()
    services.endre_status(
        deltakelse,
        actor=personas["veileder"],
        status=DeltakerStatus.IKKE_AKTUELL,
        gyldig_fra=today(),
        aarsak="FATT_JOBB",
    )
    _session, row = wash_row(personas, org, case.youth, "OTAP")
    assert row.conflict == avvik.OTAP_UTEN_TILTAK


def test_otko_without_a_kombinasjonstiltak_is_flagged_and_with_one_is_not(
    personas, org, case, offer
):
    deltakelse = offer()
    _session, row = wash_row(personas, org, case.youth, "OTKO")
    assert row.conflict == avvik.OTKO_UTEN_KOMBINASJON
    combine(personas, deltakelse)
    _session, row = wash_row(personas, org, case.youth, "OTKO")
    assert row.conflict == ""
    _session, row = wash_row(personas, org, case.youth, "OTOV")  # combined, but OT says OTOV
    assert row.conflict == "NAV har et kombinasjonstiltak, men OT-status er OTOV, ikke OTKO."


def test_nav_not_following_keeps_its_own_conflict(personas, org):
    ot_only = YouthFactory(birth_date=years_ago(20))
    open_case(personas["ot"], youth=ot_only)
    _session, row = wash_row(personas, org, ot_only, "OTAP")
    assert row.result == WashingResult.KUN_OT
    assert row.conflict == "OT har OTAP, men NAV følger ikke opp ungdommen"


def test_a_row_confirmed_later_is_flagged(personas, org, case):
    session, row = wash_row(personas, org, case.youth, "OTAP", fnr="", first="Soeren")
    assert row.result == WashingResult.MULIG_TREFF and row.conflict == ""
    row = candidate_confirm(user=personas["veileder"], candidate=row.candidates.get())
    assert row.conflict == avvik.OTAP_UTEN_TILTAK
    row.refresh_from_db()
    session.refresh_from_db()
    assert row.conflict == avvik.OTAP_UTEN_TILTAK and session.counts["konflikter"] == 1


def test_the_conflict_stays_on_navs_side(client, personas, org, case):
    session, _row = wash_row(personas, org, case.youth, "OTAP")
    url = reverse("cases:washing_result", args=[session.pk])
    client.force_login(personas["veileder"])
    assert avvik.OTAP_UTEN_TILTAK in client.get(url).content.decode()
    client.force_login(personas["ot"])
    page = client.get(url).content.decode()
    assert "tiltaksdeltakelse" not in page and "Konflikt" not in page
