"""The tildelingsbrev indicators, read from the rules in force."""

import datetime as dt
import json
import re

import pytest
from django.core.management import call_command

from cases.guarantees import guarantee_indicators, sweep
from cases.models import Frist, Garantiregel
from nav_ot.dates import add_months, last_months
from tests.cases.guarantees.helpers import SIT, SPES, plan, rule, vedtak, youth_aged

pytestmark = pytest.mark.django_db


def test_guarantee_report_indicators(office, capsys):
    fra, til = dt.date(2026, 1, 1), dt.date(2026, 3, 31)
    in_time = youth_aged(21, fra, 1)
    vedtak(in_time, office, dt.date(2026, 1, 10))
    plan(in_time, dt.date(2026, 1, 20))  # 10 days
    late = youth_aged(22, fra, 2)
    vedtak(late, office, dt.date(2026, 1, 10))
    plan(late, dt.date(2026, 3, 1))  # 50 days, too late
    missing = youth_aged(23, fra, 3)
    vedtak(missing, office, dt.date(2026, 1, 15))
    not_due = youth_aged(23, fra, 4)
    vedtak(not_due, office, dt.date(2026, 3, 20))  # frist 20 April: not decided on 31 March
    spes_with = youth_aged(27, til, 5)
    vedtak(spes_with, office, dt.date(2025, 6, 1), gruppe=SPES)
    plan(spes_with, dt.date(2025, 7, 1))
    spes_without = youth_aged(28, til, 6)
    vedtak(spes_without, office, dt.date(2025, 6, 1), gruppe=SPES)
    call_command(
        "guarantee_report",
        "--kontor",
        office.kode,
        "--fra",
        fra.isoformat(),
        "--til",
        til.isoformat(),
    )
    report = json.loads(capsys.readouterr().out)
    assert (
        report["andel_20_24_plan_innen_1_mnd_teller"],
        report["andel_20_24_plan_innen_1_mnd_nevner"],
    ) == (1, 3)
    assert report["andel_20_24_plan_innen_1_mnd"] == round(1 / 3, 4)
    assert (
        report["andel_20_29_spesielt_tilpasset_med_plan_teller"],
        report["andel_20_29_spesielt_tilpasset_med_plan_nevner"],
    ) == (1, 2)
    assert report["median_dager_vedtak_til_plan"] == 30  # median of 10 and 50


def test_report_does_not_count_a_replaced_vedtak_as_a_failure(office, capsys):
    youth = youth_aged(22, dt.date(2026, 1, 1), 1)
    vedtak(youth, office, dt.date(2026, 1, 10))
    vedtak(youth, office, dt.date(2026, 1, 25))
    plan(youth, dt.date(2026, 2, 20))
    call_command(
        "guarantee_report", "--kontor", office.kode, "--fra", "2026-01-01", "--til", "2026-03-31"
    )
    report = json.loads(capsys.readouterr().out)
    assert (
        report["andel_20_24_plan_innen_1_mnd_teller"],
        report["andel_20_24_plan_innen_1_mnd_nevner"],
    ) == (1, 1)


FRA, TIL = dt.date(2026, 1, 1), dt.date(2026, 3, 31)


@pytest.fixture
def quarter(office):
    """The calendar of the report test, and youth that only a broader rule would cover."""
    in_time = youth_aged(21, FRA, 1)
    vedtak(in_time, office, dt.date(2026, 1, 10))
    plan(in_time, dt.date(2026, 1, 20))  # 10 days
    late = youth_aged(22, FRA, 2)
    vedtak(late, office, dt.date(2026, 1, 10))
    plan(late, dt.date(2026, 3, 1))  # 50 days: within two months, not one
    vedtak(youth_aged(23, FRA, 3), office, dt.date(2026, 1, 15))  # no plan
    spes_with = youth_aged(27, TIL, 5)
    vedtak(spes_with, office, dt.date(2025, 6, 1), gruppe=SPES)
    plan(spes_with, dt.date(2025, 7, 1))
    vedtak(youth_aged(28, TIL, 6), office, dt.date(2025, 6, 1), gruppe=SPES)
    for seed, age, gruppe in [(7, 17, SIT), (8, 26, SIT), (9, 18, SPES)]:
        youth = youth_aged(age, FRA, seed)
        vedtak(youth, office, dt.date(2026, 1, 12), gruppe=gruppe)
        plan(youth, dt.date(2026, 1, 13))
    return office


def _counts(office) -> tuple[int, int, int, int]:
    """Teller and nevner of the G2 figure, then of the G3 figure."""
    figures = guarantee_indicators(kontor_id=office.pk, fra=FRA, til=TIL)
    return tuple(
        figures[f"{name}_{part}"]
        for name in ("andel_20_24_plan_innen_1_mnd", "andel_20_29_spesielt_tilpasset_med_plan")
        for part in ("teller", "nevner")
    )


def test_a_2023_ungdomsgaranti_beside_the_2015_rules_moves_no_figure(quarter):
    sweep(today=TIL)  # the seeded UG23's figure counts the deadlines the sweep keeps
    figures = guarantee_indicators(kontor_id=quarter.pk, fra=FRA, til=TIL)
    rule(
        "UNG2023",
        dt.date(2023, 7, 1),
        innsatsgrupper=[SIT, SPES],
        deliverable=Garantiregel.Deliverable.GODKJENT_AKTIVITETSPLAN,
    )
    sweep(today=TIL)
    assert Frist.objects.filter(regel__kode="UNG2023").count() == 8  # the engine applies it
    assert guarantee_indicators(kontor_id=quarter.pk, fra=FRA, til=TIL) == figures
    assert _counts(quarter) == (1, 3, 1, 2)


def test_the_figures_follow_the_rules_in_force(quarter):
    Garantiregel.objects.filter(kode="G2").update(deadline_months=2)
    assert _counts(quarter)[:2] == (2, 3)
    Garantiregel.objects.filter(kode="G2").update(max_age=22, deadline_months=1)
    Garantiregel.objects.filter(kode="G3").update(min_age=18, innsatsgrupper=[SPES])
    assert _counts(quarter) == (1, 2, 2, 3)


# The spesielt tilpasset query as it was before issue 11: DISTINCT ON over every vedtak in the
# country, the kontor filter applied afterwards. The new one must give the same rows.
def _national_spesielt_rows(kontor_id, per):
    from django.db import connection

    from cases.guarantees import sql
    from cases.guarantees.indicators import queries as indicators

    query = f"""
    WITH current AS (
        SELECT DISTINCT ON (v.youth_id) v.youth_id, v.innsatsgruppe, v.nav_kontor_id
          FROM cases_vedtak14a v
         WHERE v.status = %(fattet)s AND v.vedtak_dato <= %(per)s
         ORDER BY v.youth_id, v.vedtak_dato DESC, v.fattet_at DESC NULLS LAST, v.id DESC
    )
    SELECT EXISTS (SELECT 1 FROM cases_aktivitetsplan a
                    WHERE a.youth_id = c.youth_id AND a.godkjent_dato <= %(per)s),
           (SELECT max(cs.id) FROM cases_case cs WHERE cs.youth_id = c.youth_id), y.fnr
      FROM current c JOIN cases_youth y ON y.id = c.youth_id
      JOIN cases_garantiregel r ON r.kode = %(spesielt_regel)s
       AND {sql.rule_covers(rule="r", vedtak="c", youth="y", on="%(per)s")}
     WHERE c.nav_kontor_id = %(kontor)s
    """
    with connection.cursor() as cursor:
        cursor.execute(query, indicators._params(kontor_id, None, None, per))
        return sorted((fnr, har_plan, case_id) for har_plan, case_id, fnr in cursor.fetchall())


def _generated_calendar(offices, seed=11, people=60):
    """Youth of every age around the rules' bounds, moving between offices, with vedtak of both
    groups over eighteen months and plans before, between and after them."""
    import random

    rng = random.Random(seed)
    start = dt.date(2025, 1, 1)
    for n in range(people):
        person = youth_aged(rng.randint(17, 31), dt.date(2026, 3, 1), 100 + n)
        given = set()  # one vedtak per youth, day and group
        for _ in range(rng.randint(1, 3)):
            kontor = rng.choice(offices)
            day, gruppe = (
                start + dt.timedelta(days=rng.randint(0, 540)),
                rng.choice([SIT, SPES, SPES]),
            )
            if (day, gruppe) not in given:
                given.add((day, gruppe))
                vedtak(person, kontor, day, gruppe=gruppe)
        for _ in range(rng.randint(0, 2)):
            plan(person, start + dt.timedelta(days=rng.randint(-60, 560)))


def test_spesielt_tilpasset_restricted_to_the_office_equals_the_national_query(org, office):
    from cases.guarantees import spesielt_tilpasset_rows

    _generated_calendar([office, org["asane"]])
    checked = 0
    for kontor in (office, org["asane"]):
        for per in (dt.date(2025, 3, 31), dt.date(2025, 11, 15), dt.date(2026, 6, 30)):
            new = sorted(
                (r.fnr, r.oppfylt, r.case_id)
                for r in spesielt_tilpasset_rows(kontor_id=kontor.pk, per=per)
            )
            assert new == _national_spesielt_rows(kontor.pk, per)
            checked += len(new)
    assert checked > 10  # the calendar does exercise the figure


def test_spesielt_tilpasset_reads_the_offices_youths_vedtak_by_youth(org, office):
    """The office's youth are an id list, and their vedtak are read by youth through a vedtak
    index: at a million youth, a join hashed every vedtak in the country (0.1 s)."""
    from django.db import connection, transaction

    from cases.guarantees.indicators import queries as indicators

    _generated_calendar([office, org["asane"]], people=20)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("ANALYZE cases_vedtak14a")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN " + indicators._SPESIELT_TILPASSET,
            indicators._params(office.pk, None, None, dt.date(2026, 6, 30)),
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    # (Which index gives the office's youth is the planner's choice at this size; at a million
    # it is vedtak_fattet_by_kontor, index-only.)
    assert re.search(r"Index Cond: \(+youth_id = ANY \(", plan), plan
    assert "Seq Scan on cases_vedtak14a" not in plan and "Hash" not in plan, plan


def test_monthly_series_computes_the_spesielt_figure_once_with_the_same_figures(org, office):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cases.guarantees import monthly_series

    _generated_calendar([office, org["asane"]])
    until = dt.date(2026, 6, 30)
    with CaptureQueriesContext(connection) as captured:
        series = monthly_series(kontor_id=office.pk, months=13, until=until)
    sqls = [q["sql"] for q in captured.captured_queries]
    # One query per figure for all thirteen months: the vedtak rows, spesielt tilpasset, groups.
    assert sum("DISTINCT ON" in sql for sql in sqls) == 1
    assert sum("WITH covered AS" in sql for sql in sqls) == 1
    assert sum("r.indikator <> ''" in sql for sql in sqls) == 1
    for month in series:
        end = min(add_months(month["maned"], 1) - dt.timedelta(days=1), until)
        alone = guarantee_indicators(kontor_id=office.pk, fra=month["maned"], til=end, per=until)
        assert {k: v for k, v in month.items() if k != "maned"} == alone
    assert any(m["andel_20_24_plan_innen_1_mnd_nevner"] for m in series)


def test_indicators_page_runs_each_query_once_with_the_current_figures(
    client, personas, org, office
):
    """Twelve months on the page: each figure's query once, and the period's figures and every
    month of the chart equal the figures computed on their own (the calendar is generated)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    _generated_calendar([office, org["asane"]], people=200)
    fra, til = dt.date(2025, 7, 1), dt.date(2026, 6, 30)
    client.force_login(personas["teamleder"])
    with CaptureQueriesContext(connection) as captured:
        response = client.get(
            reverse("cases:indicators"), {"fra": fra.isoformat(), "til": til.isoformat()}
        )
    assert response.status_code == 200
    sqls = [q["sql"] for q in captured.captured_queries]
    assert sum("DISTINCT ON" in sql for sql in sqls) == 1
    assert sum("WITH covered AS" in sql for sql in sqls) == 1
    assert sum("r.indikator <> ''" in sql for sql in sqls) == 1
    assert response.context["figures"] == guarantee_indicators(
        kontor_id=office.pk, fra=fra, til=til
    )
    chart = response.context["chart"]
    assert len(chart) == 12
    for bar, (start, end) in zip(chart, last_months(til, 12), strict=True):
        alone = guarantee_indicators(kontor_id=office.pk, fra=start, til=end, per=til)
        assert (bar["share"], bar["n"], bar["days"]) == (
            alone["andel_20_24_plan_innen_1_mnd"],
            alone["andel_20_24_plan_innen_1_mnd_nevner"],
            alone["median_dager_vedtak_til_plan"],
        )
    # The calendar does exercise the figures.
    assert sum(bar["n"] for bar in chart) > 10 and sum(bar["days"] is not None for bar in chart) > 3
    assert response.context["figures"]["andel_20_29_spesielt_tilpasset_med_plan_nevner"] > 10
