"""The 2023 ungdomsgaranti (UG23) beside the 2015 rules: a fast kontaktperson in NAV for youth
16–29 in situasjonsbestemt or spesielt tilpasset innsats, from vedtak fattet on 1 July 2023."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from cases.access import case_access
from cases.guarantees import deadlines_as_of, guarantee_indicators, sweep
from cases.models import AccessLog, Case, Frist, Garantiregel, Varsel, Vedtak14a, Youth
from cases.selectors import youth_without_kontaktperson
from cases.services import case_assign
from tests.cases.guarantees.helpers import SIT, SPES, vedtak, youth_aged
from tests.factories import UserFactory, YouthFactory, open_case, today, unused_fnr, years_ago

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


# The team lead's pages: queue, indicators, Ufordelt.


def group_member(personas, org, *, kontaktperson: bool, office="bergenhus", gruppe=SPES, **youth):
    """A youth of 22 with a vedtak a month ago at `office`, with or without a NAV-veileder."""
    case = open_case(personas["veileder"], youth=YouthFactory(birth_date=years_ago(22), **youth))
    if not kontaktperson:
        Case.objects.filter(pk=case.pk).update(nav_veileder=None)
    Vedtak14a.objects.create(
        youth=case.youth,
        case=case,
        nav_kontor=org[office],
        status="fattet",
        innsatsgruppe=gruppe,
        vedtak_dato=today() - dt.timedelta(days=30),
    )
    return case


@pytest.fixture
def unit_group(personas, org):
    cases = {
        "uten": group_member(personas, org, kontaktperson=False, last_name="Utenkontakt"),
        "med": group_member(personas, org, kontaktperson=True, last_name="Medkontakt"),
        "med2": group_member(personas, org, kontaktperson=True, gruppe=SIT),
        "standard": group_member(
            personas, org, kontaktperson=False, gruppe="STANDARD_INNSATS", last_name="Standardsen"
        ),
        "asane": group_member(
            personas, org, kontaktperson=False, office="asane", last_name="Aasanesen"
        ),
    }
    sweep(today=today())
    return cases


def test_the_queue_offers_it_by_name_and_lists_its_open_deadlines_without_frist(
    client, personas, unit_group
):
    client.force_login(personas["teamleder"])
    page = client.get(reverse("cases:deadline_queue")).content.decode()
    assert "UG23: Ungdomsgarantien (2023)" in page  # the filter option, beside G1–G3
    assert "G2: 20–24 år" in page
    # Open deadlines without a frist only show when their guarantee is chosen.
    assert "Utenkontakt" not in page
    page = client.get(reverse("cases:deadline_queue"), {"regel": UG}).content.decode()
    assert "Utenkontakt" in page and "Ingen frist" in page
    assert "Medkontakt" not in page  # met: no follow-up needed
    assert "Standardsen" not in page and "Aasanesen" not in page


@pytest.mark.parametrize(
    "persona, status, sees",
    [
        ("teamleder", 200, True),
        ("asane_leder", 200, False),
        ("veileder", 403, False),
        ("ot_teamleder", 403, False),
        ("other_office", 403, False),
        ("koordinator", 403, False),
    ],
)
def test_who_sees_the_queue_and_the_indicators(
    client, personas, org, unit_group, persona, status, sees
):
    personas["asane_leder"] = UserFactory(
        username="asaneleder", role=Role.NAV_TEAMLEDER, unit=org["asane"]
    )
    client.force_login(personas[persona])
    response = client.get(reverse("cases:deadline_queue"), {"regel": UG})
    assert response.status_code == status
    assert ("Utenkontakt" in response.content.decode()) is sees
    response = client.get(reverse("cases:indicators"), {"vis": "andel_ug23"})
    assert response.status_code == status
    assert ("Utenkontakt" in response.content.decode()) is sees


def test_indicator_share_of_the_group_with_a_fast_kontaktperson(client, personas, org, unit_group):
    figures = guarantee_indicators(
        kontor_id=org["bergenhus"].pk, fra=today() - dt.timedelta(days=60), til=today()
    )
    assert (figures["andel_ug23_teller"], figures["andel_ug23_nevner"]) == (2, 3)
    assert figures["andel_ug23"] == round(2 / 3, 4)
    # The 2015 figures do not move: G3 counts the spesielt tilpasset youth with a plan (none).
    assert figures["andel_20_29_spesielt_tilpasset_med_plan_nevner"] == 2

    client.force_login(personas["teamleder"])
    page = client.get(reverse("cases:indicators")).content.decode()
    assert 'data-testid="figure-andel_ug23"' in page and "2 av 3" in page
    assert "har fast kontaktperson" in page
    page = client.get(reverse("cases:indicators"), {"vis": "andel_ug23"}).content.decode()
    assert page.count('data-testid="drill-row"') == 3
    export = client.get(reverse("cases:indicators"), {"format": "csv"}).content.decode()
    assert sum(line.startswith("andel_ug23;") for line in export.splitlines()) == 3
    # The figures read no youth; the rows shown and exported carry each youth's name and number.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("cases:indicators"))
    group_sql = [q["sql"] for q in captured.captured_queries if "r.indikator <> ''" in q["sql"]]
    assert len(group_sql) == 1 and "cases_youth" not in group_sql[0]
    youth = {unit_group[key].youth for key in ("uten", "med", "med2")}
    assert all(y.full_name in page for y in youth)
    exported = {line for line in export.splitlines() if line.startswith("andel_ug23;")}
    assert {(line.split(";")[1], line.split(";")[2]) for line in exported} == {
        (f"{y.first_name} {y.last_name}", y.fnr) for y in youth
    }


def test_a_youth_without_kontaktperson_shows_in_the_units_ufordelt(
    client, personas, org, unit_group
):
    waiting = youth_without_kontaktperson([org["bergenhus"].pk])
    assert [y.pk for y in waiting] == [unit_group["uten"].youth_id]
    assert waiting[0].case_id == unit_group["uten"].pk
    page = mine(client, personas["teamleder"])
    assert page.count('data-testid="ufordelt-kontaktperson"') == 1 and "Utenkontakt" in page
    assert AccessLog.objects.filter(
        user=personas["teamleder"], youth=unit_group["uten"].youth, action=AccessLog.Action.LIST
    ).exists()
    # Given a veileder, the youth leaves the bucket at once.
    case_assign(
        access=case_access(personas["teamleder"], unit_group["uten"]),
        owner=personas["veileder"],
        reason="Fast kontaktperson",
    )
    assert not youth_without_kontaktperson([org["bergenhus"].pk]).exists()
    assert "Utenkontakt" not in mine(client, personas["teamleder"])


@pytest.mark.parametrize("persona", ["veileder", "ot_teamleder", "other_office"])
def test_others_do_not_get_the_kontaktperson_list(client, personas, unit_group, persona):
    assert 'data-testid="ufordelt-kontaktperson"' not in mine(client, personas[persona])


def test_the_ufordelt_list_costs_the_same_queries_for_more_youth(client, personas, org, unit_group):
    client.force_login(personas["teamleder"])
    client.get(reverse("cases:mine"))  # caches filled on a first request do not count
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("cases:mine"))
    for _ in range(3):
        group_member(personas, org, kontaktperson=False)
    sweep(today=today())
    with CaptureQueriesContext(connection) as more:
        page = client.get(reverse("cases:mine")).content.decode()
    assert page.count('data-testid="ufordelt-kontaktperson"') == 4
    assert len(more.captured_queries) == len(few.captured_queries)


def mine(client, user):
    client.force_login(user)
    return client.get(reverse("cases:mine")).content.decode()


def test_the_kontaktperson_bucket_alone_is_paginated(client, personas, org, unit_group):
    client.force_login(personas["teamleder"])
    page = client.get(reverse("cases:mine"), {"vis": "uten-kontaktperson"}).content.decode()
    assert page.count('data-testid="ufordelt-kontaktperson"') == 1 and "Utenkontakt" in page
    assert 'data-testid="section-ny"' not in page


def _group_share_by_hand(kontor, per):
    """The kontaktperson figure's deadlines at `kontor` as on `per`, from the rows one by one: a
    deadline under a rule with an indikator, started by `per`, whose vedtak no later fattet
    vedtak of the youth had replaced by `per`; met when met (or met late) by `per`."""

    def order(v):
        return (v.vedtak_dato, v.fattet_at or dt.datetime.min.replace(tzinfo=dt.UTC), v.id)

    rows = set()
    deadlines = Frist.objects.filter(nav_kontor=kontor, startdato__lte=per).exclude(
        regel__indikator=""
    )
    for f in deadlines.select_related("vedtak", "youth"):
        later = [
            w
            for w in Vedtak14a.objects.filter(
                youth_id=f.youth_id, status="fattet", vedtak_dato__lte=per
            )
            if order(w) > order(f.vedtak)
        ]
        if later:
            continue
        met = f.status in ("oppfylt", "oppfylt_sent") and f.oppfylt_dato <= per
        rows.add((f.vedtak.case_id, f.youth.fnr or "", f.youth.full_name, met))
    return rows


def test_the_group_figure_equals_the_deadlines_counted_one_by_one(personas, org):
    """A generated calendar over thirteen months: youth of 18 to 31 (around the rule's upper
    bound) at two offices, with and without a NAV-veileder, some with a later vedtak (at the other
    office too). The kontaktperson figure and its rows (names read for them) equal a count by
    hand."""
    import random

    from cases.guarantees import group_rows, with_names

    rng = random.Random(23)
    offices = [org["bergenhus"], org["asane"]]
    for _ in range(40):
        case = open_case(
            personas["veileder"], youth=YouthFactory(birth_date=years_ago(rng.randint(18, 31)))
        )
        if rng.random() < 0.5:
            Case.objects.filter(pk=case.pk).update(nav_veileder=None)
        days = sorted(rng.sample(range(0, 400), rng.choice([1, 1, 2])), reverse=True)
        for ago in days:
            Vedtak14a.objects.create(
                youth=case.youth,
                case=case,
                nav_kontor=rng.choice(offices),
                status="fattet",
                innsatsgruppe=rng.choice([SIT, SPES, "STANDARD_INNSATS"]),
                vedtak_dato=today() - dt.timedelta(days=ago),
            )
    sweep(today=today())
    checked = 0
    for kontor in offices:
        for per in (today(), today() - dt.timedelta(days=90), today() - dt.timedelta(days=200)):
            expected = _group_share_by_hand(kontor, per)
            rows = with_names(group_rows(kontor_id=kontor.pk, per=per))
            assert {(r.case_id, r.fnr, r.navn, r.oppfylt) for r in rows} == expected
            assert len(rows) == len(expected)
            figures = guarantee_indicators(kontor_id=kontor.pk, fra=per, til=per)
            assert figures["andel_ug23_nevner"] == len(expected)
            assert figures["andel_ug23_teller"] == sum(met for *_, met in expected)
            checked += len(expected)
    assert checked > 20  # the calendar does exercise the figure


def test_every_youth_shown_in_the_group_drill_down_is_logged_with_or_without_a_number(
    client, personas, org, unit_group
):
    from cases.models import AccessLog, Frist, Youth

    shown = set(
        Frist.objects.filter(nav_kontor=org["bergenhus"], regel__kode=UG).values_list(
            "youth_id", flat=True
        )
    )
    assert len(shown) == 3
    Youth.objects.filter(pk=min(shown)).update(fnr=None)  # a youth without a number
    client.force_login(personas["teamleder"])
    page = client.get(reverse("cases:indicators"), {"vis": "andel_ug23"}).content.decode()
    assert page.count('data-testid="drill-row"') == 3
    logged = set(
        AccessLog.objects.filter(user=personas["teamleder"]).values_list("youth_id", flat=True)
    )
    assert logged == shown
