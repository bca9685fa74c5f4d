"""The access log: every youth shown, by page and action, one INSERT per page; refused reads and
youths not on the page are not logged."""

import csv
import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from cases.access import log_access
from cases.models import AccessLog, Case, Vedtak14a
from cases.views.common import PAGE_SIZE
from tests.factories import breached_frist, give_samtykke, open_case, today

pytestmark = pytest.mark.django_db


def logged(**filters):
    return set(AccessLog.objects.filter(**filters).values_list("case_id", "action", "path"))


def test_log_access_is_one_insert_for_any_number_of_rows(personas, django_assert_num_queries):
    cases = [open_case(personas["veileder"]) for _ in range(6)]
    with django_assert_num_queries(1):
        assert log_access(personas["veileder"], Case.objects.all(), "liste", "/saker/") == 6
    with django_assert_num_queries(1):
        assert log_access(personas["veileder"], cases[:2], "sok", "/saker/") == 2
    rows = AccessLog.objects.filter(action="liste").values_list("youth_id", "agency", "unit_id")
    assert sorted(rows) == sorted((c.youth_id, "nav", personas["veileder"].unit_id) for c in cases)


def test_unit_list_logs_only_the_rows_on_the_page(client, personas):
    cases = [open_case(personas["veileder"]) for _ in range(PAGE_SIZE + 2)]
    client.force_login(personas["veileder"])
    client.get(reverse("cases:list"))
    first_page = logged(action="liste", path="/saker/")
    assert len(first_page) == PAGE_SIZE
    AccessLog.objects.all().delete()
    client.get(reverse("cases:list"), {"side": 2})
    assert len(logged(action="liste")) == 2
    assert {case_id for case_id, _a, _p in first_page} | set(
        AccessLog.objects.values_list("case_id", flat=True)
    ) == {c.pk for c in cases}


def test_a_search_by_name_or_number_is_logged_as_sok(client, personas):
    found = open_case(personas["veileder"])
    open_case(personas["veileder"])
    client.force_login(personas["veileder"])
    for q in (found.youth.last_name, found.youth.fnr):
        AccessLog.objects.all().delete()
        client.get(reverse("cases:list"), {"q": q})
        assert logged() == {(found.pk, "sok", "/saker/")}


def test_mine_saker_logs_every_case_in_its_buckets(client, personas, org):
    mine = [open_case(personas["veileder"]) for _ in range(3)]
    colleagues = open_case(personas["team_veileder"])
    # As when a colleague hands them over: the "Nye for meg" bucket.
    Case.objects.filter(pk__in=[c.pk for c in mine]).update(new_for_nav_veileder=True)
    client.force_login(personas["veileder"])
    client.get(reverse("cases:mine"))
    # New to the veileder, and few enough for the bucket's preview: all on the page.
    assert {case_id for case_id, *_ in logged(action="liste", path="/mine/")} == {
        c.pk for c in mine
    }
    assert colleagues.pk not in {case_id for case_id, *_ in logged()}


def test_varsler_and_the_deadline_queue_log_their_youths(client, personas, org, guarantee_rules):
    frist = breached_frist(personas["veileder"], org["bergenhus"])
    case = Vedtak14a.objects.get(frister=frist).case
    client.force_login(personas["veileder"])
    assert client.get(reverse("cases:varsler")).status_code == 200
    assert logged(user=personas["veileder"]) == {(case.pk, "liste", "/varsler/")}
    client.force_login(personas["teamleder"])
    client.get(reverse("cases:deadline_queue"))
    assert logged(user=personas["teamleder"]) == {(case.pk, "liste", "/teamleder/frister/")}


def test_indicator_drill_down_and_exports_are_logged(client, personas, org, guarantee_rules):
    frist = breached_frist(personas["veileder"], org["bergenhus"])
    case = Vedtak14a.objects.get(frister=frist).case
    client.force_login(personas["teamleder"])
    url = reverse("cases:indicators")
    client.get(url)
    assert not AccessLog.objects.exists()  # the figures show no youth
    client.get(url, {"vis": "plan_innen_1_mnd"})
    assert logged() == {(case.pk, "liste", url)}
    for fmt in ("csv", "xlsx"):
        AccessLog.objects.all().delete()
        client.get(url, {"format": fmt})
        assert logged() == {(case.pk, "eksport", url)}


def test_export_deadlines_needs_the_user_and_logs_each_youth(personas, org, guarantee_rules):
    frist = breached_frist(personas["veileder"], org["bergenhus"])
    with pytest.raises(CommandError):
        call_command("export_deadlines", "--kontor", org["bergenhus"].kode)
    with pytest.raises(CommandError):
        call_command("export_deadlines", "--bruker", "finnes-ikke")
    out = io.StringIO()
    call_command("export_deadlines", "--bruker", "teamleder", stdout=out)
    assert frist.youth.fnr in out.getvalue()
    entry = AccessLog.objects.get()
    assert (entry.user, entry.youth_id, entry.action, entry.path) == (
        personas["teamleder"],
        frist.youth_id,
        "eksport",
        "manage.py export_deadlines",
    )


def test_print_view_is_logged_as_utskrift(client, personas, shared_case):
    client.force_login(personas["veileder"])
    url = reverse("cases:aktivitetsplan", args=[shared_case.pk])
    client.get(url)
    client.get(url, {"utskrift": "1"})
    assert logged() == {(shared_case.pk, "vis", url), (shared_case.pk, "utskrift", url)}


@pytest.mark.parametrize(
    "persona, page, status",
    [
        ("ot", "cases:aktivitetsplan", 403),  # no samtykke for work
        ("ot", "cases:behovsvurdering", 403),
        ("ot", "cases:vedtak", 403),  # NAV's page
        ("veileder", "cases:ot_status", 403),  # OT's to edit
        ("other_office", "cases:detail", 404),
        ("other_office", "cases:aktivitetsplan", 404),
    ],
)
def test_refused_reads_are_not_logged(client, personas, shared_case, persona, page, status):
    client.force_login(personas[persona])
    assert client.get(reverse(page, args=[shared_case.pk])).status_code == status
    assert not AccessLog.objects.exists()


def test_with_samtykke_the_same_read_is_logged(client, personas, shared_case, nav_access):
    give_samtykke(nav_access)
    client.force_login(personas["ot"])
    url = reverse("cases:aktivitetsplan", args=[shared_case.pk])
    assert client.get(url).status_code == 200
    assert logged(user=personas["ot"]) == {(shared_case.pk, "vis", url)}


def test_innsyn_export_says_who_saw_the_youth_where_and_how(client, personas, shared_case):
    client.force_login(personas["veileder"])
    client.get(reverse("cases:list"), {"q": shared_case.youth.fnr})
    client.get(reverse("cases:detail", args=[shared_case.pk]))
    client.force_login(personas["admin"])
    export = client.get(reverse("cases:access_log_export"), {"fnr": shared_case.youth.fnr})
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][-2:] == ["handling", "side"]
    assert [(r[1], r[-2], r[-1]) for r in rows[1:]] == [
        ("veileder", "Søk", "/saker/"),
        ("veileder", "Visning", f"/saker/{shared_case.pk}/"),
        ("admin", "Eksport", "/tilgangslogg/innsyn.csv"),
    ]
    assert dt.date.fromisoformat(rows[1][0][:10]) == today()


def test_a_team_leads_mine_saker_logs_the_unassigned_cases_it_lists(client, personas):
    case = open_case(personas["teamleder"])
    Case.objects.filter(pk=case.pk).update(nav_veileder=None)
    client.force_login(personas["teamleder"])
    page = client.get(reverse("cases:mine")).content.decode()
    assert 'data-testid="ufordelt-case"' in page
    assert (case.pk, "liste", "/mine/") in logged(user=personas["teamleder"])


def test_an_empty_page_logs_nothing(personas, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert log_access(personas["veileder"], Case.objects.filter(pk__in=[]), "liste", "/") == 0
        assert log_access(personas["veileder"], [], "liste", "/") == 0
