"""Matching: exact numbers link, fuzzy candidates only ever go to review, rejections stick."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Agency, Role
from cases.models import Outcome, WashingCandidate, WashingResult, WashingRow
from cases.washing import candidate_confirm, candidate_reject, nav_answer, wash_file
from tests.cases.washing.conftest import HEADER, csv_bytes, line
from tests.factories import UserFactory, YouthFactory, open_case, today, years_ago


def wash(personas, org, *lines):
    return wash_file(
        user=personas["ot"], ot_enhet=org["ot_bergen"], data=csv_bytes(HEADER, *lines),
        file_name="liste.csv",
    )  # fmt: skip


def rows(session):
    return list(session.rows.filter(rad__isnull=False).order_by("rad"))


def test_an_exact_number_links_also_typed_with_spaces(personas, org, nav_youth):
    typed = f"{nav_youth.fnr[:6]} {nav_youth.fnr[6:]}"
    session = wash(personas, org, line(nav_youth), line(nav_youth, fnr=typed, first="X"))
    first, second = rows(session)
    for row in (first, second):
        assert row.youth == nav_youth and row.linked_by == "fnr"
        assert row.result == WashingResult.BEGGE
        assert row.answer == "ivaretatt"
    assert session.counts["begge"] == 2 and session.sha256 and session.file_name == "liste.csv"


@pytest.mark.parametrize(
    ("first", "last", "born"),
    [
        ("Soeren", "Haaland", None),  # ø as oe, å as aa
        ("Haland", "Soren", None),  # first and last name swapped
        ("Søren Olav", "Håland", None),  # a double first name
        ("Søren", "Hålland", None),  # a typo
        ("Søren", "Håland", "swap"),  # day and month swapped
        ("Søren", "Håland", "digit"),  # one digit off
    ],
)
def test_a_fuzzy_row_is_proposed_and_never_linked(personas, org, nav_youth, first, last, born):
    day = nav_youth.birth_date
    if born == "swap":
        nav_youth.birth_date = dt.date(day.year, 3, 5)
        nav_youth.save()
        day = dt.date(day.year, 5, 3)
    elif born == "digit":
        day = day.replace(year=day.year - 1)
    session = wash(personas, org, line(nav_youth, fnr="", first=first, last=last, born=day))
    [row] = rows(session)
    assert row.youth is None and row.case is None
    assert row.result == WashingResult.MULIG_TREFF
    best = row.candidates.get(rank=1)
    assert best.youth == nav_youth and best.decision == WashingCandidate.Decision.OPEN
    assert best.reasons


def test_people_sharing_name_and_birth_date_are_both_proposed_and_neither_linked(
    personas, org, nav_youth
):
    twin = YouthFactory(first_name="Søren", last_name="Håland", birth_date=nav_youth.birth_date)
    session = wash(personas, org, line(nav_youth, fnr=""))
    [row] = rows(session)
    assert row.youth is None and row.result == WashingResult.MULIG_TREFF
    assert {c.youth for c in row.candidates.all()} == {nav_youth, twin}


def test_a_valid_number_is_never_proposed_as_another_numbered_youth(personas, org, nav_youth):
    other = YouthFactory(birth_date=nav_youth.birth_date)
    session = wash(personas, org, line(nav_youth, fnr=other.fnr, first="Søren", last="Håland"))
    [row] = rows(session)
    assert row.youth == other  # the number decides
    assert not row.candidates.exists()


def test_confirming_links_and_rejecting_is_remembered(personas, org, nav_youth):
    session = wash(personas, org, line(nav_youth, fnr="", first="Soeren"))
    [row] = rows(session)
    candidate_reject(user=personas["veileder"], candidate=row.candidates.get())
    row.refresh_from_db()
    assert row.result == WashingResult.KUN_OT

    again = wash(personas, org, line(nav_youth, fnr="", first="Soeren"))
    [row] = rows(again)
    assert not row.candidates.exists() and row.result == WashingResult.KUN_OT

    third = wash(personas, org, line(nav_youth, fnr="", first="Søren Olav"))
    [row] = rows(third)
    row = candidate_confirm(user=personas["veileder"], candidate=row.candidates.get())
    assert row.youth == nav_youth and row.result == WashingResult.BEGGE
    assert row.linked_by == "vurdert"
    third.refresh_from_db()
    assert third.counts["begge"] == 1 and third.counts["mulig_treff"] == 0


def test_kun_ot_kun_nav_ugyldig_and_conflicts(personas, org, nav_youth):
    ot_only = YouthFactory(birth_date=years_ago(20))
    open_case(personas["ot"], youth=ot_only)
    nav_not_listed = YouthFactory(birth_date=years_ago(21))
    open_case(personas["veileder"], youth=nav_not_listed)
    too_old = YouthFactory(birth_date=years_ago(27))
    open_case(personas["veileder"], youth=too_old)
    session = wash(
        personas,
        org,
        line(ot_only, status="OTAP"),  # OT says NAV runs a tiltak, NAV does not know the youth
        line(nav_youth, status="OTFA_IM"),  # NAV follows one OT has as not in the target group
        line(fnr="", first="Ukjent", last="Person", born=years_ago(20)),
        line(fnr="123", first="", last="", born=None),
    )
    first, second, third, fourth = rows(session)
    assert first.result == WashingResult.KUN_OT and "OTAP" in first.conflict
    assert second.result == WashingResult.BEGGE and "ikke i målgruppen" in second.conflict
    assert third.result == WashingResult.KUN_OT
    assert fourth.result == WashingResult.UGYLDIG and "fødselsnummer" in fourth.problem
    kun_nav = WashingRow.objects.filter(session=session, result=WashingResult.KUN_NAV)
    assert [r.youth for r in kun_nav] == [nav_not_listed]  # not the one past OT's age range
    assert session.counts["konflikter"] == 2


@pytest.mark.parametrize("persona", ["ot", "ot_teamleder", "admin"])
def test_only_nav_in_the_county_decides_a_candidate(personas, org, nav_youth, persona):
    session = wash(personas, org, line(nav_youth, fnr="", first="Soeren"))
    [row] = rows(session)
    with pytest.raises(PermissionDenied):
        candidate_confirm(user=personas[persona], candidate=row.candidates.get())
    with pytest.raises(PermissionDenied):
        candidate_reject(user=personas[persona], candidate=row.candidates.get())


def test_nav_in_another_county_cannot_decide(personas, org, nav_youth):
    hamar = UserFactory(username="hamar", role=Role.NAV_VEILEDER, unit=org["hamar"])
    session = wash(personas, org, line(nav_youth, fnr="", first="Soeren"))
    [row] = rows(session)
    with pytest.raises(PermissionDenied):
        candidate_confirm(user=hamar, candidate=row.candidates.get())
    candidate_confirm(user=personas["other_office"], candidate=row.candidates.get())
    with pytest.raises(ValidationError):  # decided once
        candidate_reject(user=personas["veileder"], candidate=row.candidates.get())


def test_kun_nav_rows_carry_navs_answer_in_the_words_allowed(personas, org, nav_youth):
    """The kun_nav rows are written by one statement; each answer is the per-case rule's."""
    followed = YouthFactory(last_name="Aas", birth_date=years_ago(18))
    followed_case = open_case(personas["veileder"], youth=followed)
    followed_case.nav_veileder = personas["veileder"]
    followed_case.save()
    no_owner = YouthFactory(last_name="Berg", birth_date=years_ago(19))
    no_owner_case = open_case(personas["veileder"], youth=no_owner)
    no_owner_case.nav_veileder = None
    no_owner_case.save()
    moved = YouthFactory(last_name="Dahl", birth_date=years_ago(20))
    moved_case = open_case(personas["veileder"], youth=moved)
    moved_case.perioder.filter(agency=Agency.NAV).update(ended_on=today(), outcome=Outcome.FLYTTET)
    session = wash(personas, org, line(nav_youth))
    kun_nav = list(
        WashingRow.objects.filter(session=session, result=WashingResult.KUN_NAV).select_related(
            "case"
        )
    )
    assert [(r.youth, r.answer, r.rad) for r in kun_nav] == [
        (followed, "ivaretatt", None),
        (no_owner, "ikke_ivaretatt", None),
        (moved, "har_flyttet", None),
    ]
    assert all(r.answer == nav_answer(r.case) for r in kun_nav)
    assert [(r.fnr, r.first_name, r.birth_date) for r in kun_nav] == [
        (y.fnr, y.first_name, y.birth_date) for y in (followed, no_owner, moved)
    ]
