"""Each case's `nav_side_ended` / `ot_side_ended` (kept by triggers on the periods, migration 0039)
equal what the periods say, whoever writes them: the services, a stale save, SQL in bulk."""

import datetime as dt

from django.db import connection
from django.db.models import Exists, OuterRef, Q

from cases.access import case_access
from cases.models import Case, Oppfolgingsperiode
from cases.selectors import unit_cases
from cases.services import periode_end, periode_reopen
from tests.factories import open_case, today
from tests.sql_limits import plan_with_only_index


def _ended_by_periods(agency: str) -> Q:
    """The rule from the periods themselves: a period of the side, and none open."""
    periods = Oppfolgingsperiode.objects.filter(case=OuterRef("pk"), agency=agency)
    return Q(Exists(periods)) & ~Q(Exists(periods.filter(ended_on__isnull=True)))


def mismatches() -> list[tuple]:
    """(id, agency, kept) for every case whose kept flag is not what its periods say."""
    wrong = []
    for agency in ("nav", "ot"):
        flag = f"{agency}_side_ended"
        for kept in (True, False):
            rule = _ended_by_periods(agency)
            rows = Case.objects.filter(**{flag: kept}).filter(~rule if kept else rule)
            wrong += [(pk, agency, kept) for pk in rows.values_list("pk", flat=True)]
    return wrong


def kept(case) -> tuple[bool, bool]:
    return Case.objects.values_list("nav_side_ended", "ot_side_ended").get(pk=case.pk)


def test_end_reopen_and_close_through_the_services_keep_the_flags(shared_case, personas):
    nav, ot = personas["veileder"], personas["ot"]
    other = open_case(nav)
    assert kept(shared_case) == (False, False) and kept(other) == (False, False)

    periode_end(access=case_access(nav, shared_case), outcome="arbeid", reason="Fikk jobb")
    assert kept(shared_case) == (True, False) and mismatches() == []
    assert shared_case not in unit_cases(nav, {}).qs
    assert shared_case in unit_cases(nav, {"oppfolging": "avsluttet_hos_oss"}).qs

    # OT ends too: the case closes, both sides ended.
    periode_end(access=case_access(ot, shared_case), outcome="arbeid", reason="Fikk jobb")
    assert kept(shared_case) == (True, True) and mismatches() == []

    periode_reopen(
        access=case_access(nav, Case.objects.get(pk=shared_case.pk)), reason="Mistet jobben"
    )
    assert kept(shared_case) == (False, True) and mismatches() == []
    assert shared_case in unit_cases(nav, {}).qs
    assert kept(other) == (False, False)


def test_a_stale_save_keeps_the_flags_and_direct_writes_are_seen(shared_case, personas):
    stale = Case.objects.get(pk=shared_case.pk)
    periode_end(
        access=case_access(personas["veileder"], shared_case), outcome="arbeid", reason="Jobb"
    )
    stale.school = "Ny skole"
    stale.save()  # writes nav_side_ended=False from before the end: the database keeps True
    assert kept(shared_case) == (True, False)
    Case.objects.filter(pk=shared_case.pk).update(ot_side_ended=True)  # nobody writes it but SQL
    assert kept(shared_case) == (True, False)

    # Periods written without the services (an import, the admin, SQL): updated, moved, deleted.
    periode = Oppfolgingsperiode.objects.get(case=shared_case, agency="ot")
    periode.ended_on, periode.outcome = today(), "skole"
    periode.save()
    assert kept(shared_case) == (True, True)
    other = open_case(personas["ot"])  # OT's own youth: NAV never followed it
    Oppfolgingsperiode.objects.filter(pk=periode.pk).update(case=other, agency="nav")
    assert kept(shared_case) == (True, False) and kept(other) == (True, False)
    Oppfolgingsperiode.objects.filter(case=shared_case, agency="nav").delete()
    assert kept(shared_case) == (False, False) and mismatches() == []


def test_bulk_sql_and_new_cases_keep_the_flags(personas):
    cases = [open_case(personas["veileder"]) for _ in range(4)]
    ids = [c.pk for c in cases]
    with connection.cursor() as cursor:
        # Both sides end on the even cases in one statement.
        cursor.execute(
            "UPDATE cases_oppfolgingsperiode SET ended_on = %s, outcome = 'arbeid' "
            "WHERE case_id = ANY(%s) AND case_id %% 2 = 0",
            [today(), ids],
        )
        # On the odd ones NAV gets an earlier, ended period, and its open one is deleted.
        cursor.execute(
            "INSERT INTO cases_oppfolgingsperiode (case_id, agency, started_on, ended_on, outcome,"
            " reason, ot_status_start, ot_status_end, created_at)"
            " SELECT id, 'nav', %s, %s, 'skole', '', '', '', now() FROM cases_case"
            " WHERE id = ANY(%s) AND id %% 2 = 1",
            [today() - dt.timedelta(days=30), today() - dt.timedelta(days=20), ids],
        )
        assert mismatches() == []
        cursor.execute(
            "DELETE FROM cases_oppfolgingsperiode"
            " WHERE case_id = ANY(%s) AND case_id %% 2 = 1 AND agency = 'nav' AND ended_on IS NULL",
            [ids],
        )
    assert mismatches() == []
    assert sorted(kept(c) for c in cases) == [(True, False)] * 2 + [(True, True)] * 2


def test_the_unassigned_count_reads_its_index_alone(personas, org):
    from cases.selectors.unassigned import ufordelt_for

    for persona in ("veileder", "ot"):
        open_case(personas[persona])
        cases = ufordelt_for(personas[persona]).cases.order_by()[:10001]
        sql, params = cases.values("pk").query.sql_with_params()
        side = "nav" if persona == "veileder" else "ot"
        plan = plan_with_only_index(sql, params, "cases_case", f"case_unassigned_{side}")
        assert f"Index Only Scan using case_unassigned_{side}" in plan, plan
        assert "Filter" not in plan, plan
