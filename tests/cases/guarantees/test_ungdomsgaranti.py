"""The 2023 ungdomsgaranti (UG23) beside the 2015 rules: a fast kontaktperson in NAV for youth
16–29 in situasjonsbestemt or spesielt tilpasset innsats, from vedtak fattet on 1 July 2023."""

import datetime as dt

import pytest

from cases.access import case_access
from cases.guarantees import deadlines_as_of, sweep
from cases.models import Frist, Garantiregel, Varsel, Vedtak14a, Youth
from cases.services import case_assign
from tests.cases.guarantees.helpers import SIT, SPES, vedtak, youth_aged
from tests.factories import YouthFactory, open_case, today, unused_fnr

pytestmark = pytest.mark.django_db

UG = "UG23"
SWEEP_DAY = dt.date(2026, 3, 10)


def born(day: dt.date, seed: int) -> Youth:
    return YouthFactory(birth_date=day, fnr=unused_fnr(day, seed))


def covered(youth: Youth, office, on: dt.date, gruppe=SIT) -> bool:
    v = vedtak(youth, office, on, gruppe)
    sweep(today=max(on, SWEEP_DAY))
    return Frist.objects.filter(vedtak=v, regel__kode=UG).exists()


def test_the_rule_is_loaded_beside_the_2015_rules():
    rule = Garantiregel.objects.get(kode=UG)
    assert (rule.valid_from, rule.valid_to, rule.min_age, rule.max_age) == (
        dt.date(2023, 7, 1),
        None,
        16,
        29,
    )
    assert rule.deliverable == Garantiregel.Deliverable.FAST_KONTAKTPERSON
    assert (rule.deadline_months, rule.deadline_days) == (None, None)
    assert set(Garantiregel.objects.values_list("kode", flat=True)) == {"G1", "G2", "G3", UG}


@pytest.mark.parametrize(
    "birth, vedtak_dato, expected",
    [
        (dt.date(2008, 5, 10), dt.date(2024, 5, 10), True),  # the 16th birthday
        (dt.date(2008, 5, 10), dt.date(2024, 5, 9), False),  # the day before
        (dt.date(1996, 5, 10), dt.date(2026, 5, 9), True),  # the day before the 30th birthday
        (dt.date(1996, 5, 10), dt.date(2026, 5, 10), False),  # the 30th birthday
        # Born on 29 February: 16 on the leap day; in a common year 30 on 1 March, not on the 28th.
        (dt.date(2008, 2, 29), dt.date(2024, 2, 29), True),
        (dt.date(2008, 2, 29), dt.date(2024, 2, 28), False),
        (dt.date(1996, 2, 29), dt.date(2026, 2, 28), True),
        (dt.date(1996, 2, 29), dt.date(2026, 3, 1), False),
    ],
)
def test_age_on_the_vedtak_date(office, birth, vedtak_dato, expected):
    assert covered(born(birth, 1), office, vedtak_dato) is expected


def test_vedtak_before_1_july_2023_are_not_covered(office):
    assert not covered(youth_aged(22, SWEEP_DAY, 1), office, dt.date(2023, 6, 30))
    assert covered(youth_aged(22, SWEEP_DAY, 2), office, dt.date(2023, 7, 1))


@pytest.mark.parametrize(
    "gruppe, expected",
    [
        (SIT, True),
        (SPES, True),
        ("STANDARD_INNSATS", False),
        ("GRADERT_VARIG_TILPASSET_INNSATS", False),
        ("VARIG_TILPASSET_INNSATS", False),
    ],
)
def test_only_situasjonsbestemt_and_spesielt_tilpasset(office, gruppe, expected):
    assert covered(youth_aged(22, SWEEP_DAY, 1), office, dt.date(2026, 1, 5), gruppe) is expected


def test_no_deadline_never_breaches_and_notifies_nobody(office):
    v = vedtak(youth_aged(22, SWEEP_DAY, 1), office, dt.date(2023, 8, 1))
    sweep(today=SWEEP_DAY)
    frist = Frist.objects.get(vedtak=v, regel__kode=UG)
    assert (frist.frist, frist.status) == (None, Frist.Status.APEN)
    assert not Varsel.objects.filter(frist=frist).exists()
    [row] = [r for r in deadlines_as_of(today=dt.date(2030, 1, 1)) if r.garanti == UG]
    assert (row.frist, row.status) == (None, Frist.Status.APEN)


def nav_case_with_vedtak(personas, org, days_ago=30):
    case = open_case(personas["veileder"])  # the veileder who opens it owns it
    Vedtak14a.objects.create(
        youth=case.youth,
        case=case,
        nav_kontor=org["bergenhus"],
        status="fattet",
        innsatsgruppe=SPES,
        vedtak_dato=today() - dt.timedelta(days=days_ago),
    )
    sweep(today=today())
    return case


def test_a_named_nav_veileder_meets_it_and_unassigning_reopens_it(personas, org):
    case = nav_case_with_vedtak(personas, org)
    frist = Frist.objects.get(youth=case.youth, regel__kode=UG)
    assert (frist.status, frist.oppfylt_dato) == (Frist.Status.OPPFYLT, today())

    access = case_access(personas["veileder"], case)
    case_assign(access=access, owner=None, reason="Slutter")
    frist.refresh_from_db()
    assert (frist.status, frist.oppfylt_dato) == (Frist.Status.APEN, None)

    case_assign(access=access, owner=personas["veileder"], reason="Tilbake")
    frist.refresh_from_db()
    assert (frist.status, frist.oppfylt_dato) == (Frist.Status.OPPFYLT, today())
    # The same day's sweep agrees with the refresh, and a rerun changes nothing.
    assert sweep(today=today()).changed == 0


def test_an_ot_kontakt_is_not_a_fast_kontaktperson_in_nav(personas, org):
    case = nav_case_with_vedtak(personas, org)
    case = case_assign(access=case_access(personas["veileder"], case), owner=None, reason="Slutter")
    case.ot_enhet, case.ot_kontakt = org["ot_bergen"], personas["ot"]
    case.save()
    sweep(today=today())
    assert Frist.objects.get(youth=case.youth, regel__kode=UG).status == Frist.Status.APEN


def test_an_assignment_outside_the_services_is_picked_up_by_a_rerun_the_same_day(personas, org):
    case = nav_case_with_vedtak(personas, org)
    sweep(today=today())
    case.nav_veileder = None
    case.save()  # as an import or a transfer might: the database notes the youth for the sweep
    assert sweep(today=today()).changed == 1
    assert Frist.objects.get(youth=case.youth, regel__kode=UG).status == Frist.Status.APEN


def test_an_administrator_may_give_it_a_deadline_in_days(personas, org):
    Garantiregel.objects.filter(kode=UG).update(deadline_days=14)
    case = nav_case_with_vedtak(personas, org, days_ago=30)
    case_assign(access=case_access(personas["veileder"], case), owner=None, reason="Slutter")
    sweep(today=today())  # the changed rule forces a full run
    frist = Frist.objects.get(youth=case.youth, regel__kode=UG)
    assert (frist.frist, frist.status) == (today() - dt.timedelta(days=16), Frist.Status.BRUTT)
    case_assign(
        access=case_access(personas["veileder"], case), owner=personas["veileder"], reason="Ny"
    )
    frist.refresh_from_db()
    assert (frist.status, frist.oppfylt_dato) == (Frist.Status.OPPFYLT_SENT, today())
