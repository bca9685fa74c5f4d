import datetime as dt

import pytest
from django.urls import reverse

from cases.guarantees import sweep
from cases.models import Frist, Vedtak14a
from tests.factories import open_case, today

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def rules(guarantee_rules):
    pass


def breached_case(personas, org, who="veileder", office="bergenhus", days_ago=40):
    case = open_case(personas[who])
    Vedtak14a.objects.create(
        youth=case.youth,
        case=case,
        nav_kontor=org[office],
        status="fattet",
        innsatsgruppe="SITUASJONSBESTEMT_INNSATS",
        vedtak_dato=today() - dt.timedelta(days=days_ago),
    )
    sweep(today=today())
    return case


@pytest.mark.parametrize(
    "persona, expected",
    [
        ("teamleder", 200),
        ("veileder", 403),
        ("ot_teamleder", 403),
        ("other_office", 403),
        ("admin", 403),
    ],
)
def test_queue_is_for_nav_team_leads(client, personas, persona, expected):
    client.force_login(personas[persona])
    assert client.get(reverse("cases:deadline_queue")).status_code == expected


def test_queue_shows_own_units_breaches_only_and_sign_off(client, personas, org):
    mine = breached_case(personas, org)
    other = breached_case(personas, org, who="other_office", office="asane")
    client.force_login(personas["teamleder"])
    page = client.get(reverse("cases:deadline_queue")).content.decode()
    assert mine.youth.full_name in page and other.youth.full_name not in page
    frist = Frist.objects.get(vedtak__case=mine, regel__kode="G2")
    assert frist.status == "brutt"
    client.post(reverse("cases:frist_sign_off", args=[frist.pk]), {"comment": ""})
    frist.refresh_from_db()
    assert frist.signed_off_at is None  # a comment is required
    client.post(
        reverse("cases:frist_sign_off", args=[frist.pk]), {"comment": "Ungdommen var innlagt"}
    )
    frist.refresh_from_db()
    assert (frist.signed_off_by, frist.sign_off_comment) == (
        personas["teamleder"],
        "Ungdommen var innlagt",
    )
    other_frist = Frist.objects.get(vedtak__case=other, regel__kode="G2")
    assert (
        client.post(
            reverse("cases:frist_sign_off", args=[other_frist.pk]), {"comment": "x"}
        ).status_code
        == 404
    )


def test_pause_and_resume_adds_the_paused_days(client, personas, org):
    import time_machine

    case = breached_case(personas, org, days_ago=10)  # frist in about three weeks
    frist = Frist.objects.get(vedtak__case=case, regel__kode="G2")
    original = frist.frist
    client.force_login(personas["teamleder"])
    client.post(reverse("cases:frist_pause", args=[frist.pk]), {"reason": "Sykdom"})
    frist.refresh_from_db()
    assert frist.status == "pauset"
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=5)
    with time_machine.travel(later):
        client.force_login(personas["teamleder"])
        client.post(reverse("cases:frist_resume", args=[frist.pk]))
    frist.refresh_from_db()
    assert frist.frist == original + dt.timedelta(days=5) and frist.paused_days == 5


def test_queue_query_count_does_not_grow(client, personas, org, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    breached_case(personas, org)
    client.force_login(personas["teamleder"])
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("cases:deadline_queue"))
    for _ in range(6):
        breached_case(personas, org)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("cases:deadline_queue"))


def test_case_page_shows_the_deadline_to_nav_and_not_to_ot_without_samtykke(client, personas, org):
    case = breached_case(personas, org, days_ago=10)
    case.ot_enhet = org["ot_bergen"]
    case.save()
    client.force_login(personas["veileder"])
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'data-testid="frist"' in page and "dager igjen" in page
    client.force_login(personas["ot"])
    assert (
        'data-testid="frist"'
        not in client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    )


def test_indicators_page_chart_drilldown_and_exports(client, personas, org):
    from cases.models import Aktivitetsplan

    case = breached_case(personas, org, days_ago=40)  # no plan: counts against
    met = breached_case(personas, org, days_ago=20)
    Aktivitetsplan.objects.create(
        youth=met.youth, case=met, godkjent_dato=today() - dt.timedelta(days=10)
    )
    client.force_login(personas["teamleder"])
    url = reverse("cases:indicators")
    page = client.get(url).content.decode()
    assert 'data-testid="chart"' in page and page.count('data-testid="month-row"') == 12
    drill = client.get(url, {"vis": "plan_innen_1_mnd"}).content.decode()
    assert case.youth.full_name in drill and met.youth.full_name in drill
    csv_rows = client.get(url, {"format": "csv"}).content.decode("utf-8-sig").splitlines()
    assert csv_rows[0].startswith("indikator;navn;fnr")
    assert any(met.youth.fnr in row and ";ja;" in row for row in csv_rows)
    xlsx = client.get(url, {"format": "xlsx"})
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(xlsx.content)).active
    assert sheet.cell(1, 1).value == "indikator" and sheet.max_row == len(csv_rows)
    assert (
        client.get(url, {"fra": "2026-13-01"}).status_code == 200
    )  # a bad date is a message, not an error
    client.force_login(personas["veileder"])
    assert client.get(url).status_code == 403


def test_indicator_drilldown_shows_and_logs_one_page(client, personas, org, monkeypatch):
    import importlib

    from cases.models import AccessLog

    monkeypatch.setattr(importlib.import_module("cases.views.team_lead"), "DRILL_PAGE_SIZE", 1)
    cases = [breached_case(personas, org, days_ago=days) for days in (40, 45)]
    client.force_login(personas["teamleder"])
    url = reverse("cases:indicators")
    first = client.get(url, {"vis": "plan_innen_1_mnd"}).content.decode()
    assert first.count('data-testid="drill-row"') == 1 and "(2)" in first
    assert "?vis=plan_innen_1_mnd&amp;fra=" in first and "side=2" in first
    second = client.get(url, {"vis": "plan_innen_1_mnd", "side": "2"}).content.decode()
    assert second.count('data-testid="drill-row"') == 1
    logged = AccessLog.objects.filter(user=personas["teamleder"], action="liste")
    assert sorted(logged.values_list("case_id", flat=True)) == sorted(c.pk for c in cases)
    assert logged.count() == 2  # one youth per page view


def test_team_lead_digest_once_a_day(personas, org, mailoutbox):
    from cases.guarantees.notifications import team_lead_digests

    personas["teamleder"].email = "leder@nav.example"
    personas["teamleder"].save()
    breached_case(personas, org)
    assert team_lead_digests(today=today()) == 1
    assert team_lead_digests(today=today()) == 0
    assert len(mailoutbox) == 1 and "brudd venter på kvittering" in mailoutbox[0].body


def test_queue_and_case_page_colour_a_status_alike(client, personas, org):
    import re

    case = breached_case(personas, org, days_ago=10)
    frist = Frist.objects.get(vedtak__case=case, regel__kode="G2")
    client.force_login(personas["teamleder"])
    client.post(reverse("cases:frist_pause", args=[frist.pk]), {"reason": "Sykdom"})
    tag = re.compile(r'<span class="aksel-tag[^"]*"[^>]*data-color="(\w+)">Pauset</span>')
    in_queue = tag.findall(client.get(reverse("cases:deadline_queue")).content.decode())
    client.force_login(personas["veileder"])
    on_case = tag.findall(client.get(reverse("cases:detail", args=[case.pk])).content.decode())
    assert in_queue == on_case == ["neutral"]


def test_queue_pages_join_only_their_own_rows_in_the_tables_order(
    client, personas, org, monkeypatch
):
    """A page of the queue reads its deadlines' ids in the chosen order first and joins youth,
    rule, vedtak, case and veiledere for those only; the pages together list every deadline once,
    as the table orders them."""
    import importlib
    import re

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr(importlib.import_module("cases.views.deadlines"), "PAGE_SIZE", 2)
    for n, days in enumerate((40, 45, 50, 55, 60)):
        youth = breached_case(personas, org, days_ago=days).youth
        youth.last_name = f"Fristesen{5 - n}"  # sorted by name: no ties, not the frist order
        youth.save()
    client.force_login(personas["teamleder"])
    url = reverse("cases:deadline_queue")
    for sort in ("frist", "-frist", "ungdom"):
        everything = client.get(url, {"sort": sort}).context["table"].data.data
        expected = list(everything.values_list("pk", flat=True))
        assert len(expected) == 5
        seen = []
        for side in (1, 2, 3):
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url, {"sort": sort, "side": side})
            seen += [row.record.pk for row in response.context["table"].page.object_list]
            sqls = [
                q["sql"]
                for q in captured.captured_queries
                if q["sql"].startswith('SELECT "cases_frist"."id"')
            ]
            joined = [sql for sql in sqls if '"cases_frist"."id" IN (' in sql]
            assert len(joined) == 1 and 'JOIN "cases_youth"' in joined[0], sqls
            assert "OFFSET" not in joined[0] and "LIMIT" not in joined[0]
            ids = [
                sql for sql in sqls if re.search(rf"LIMIT [12]( OFFSET {2 * (side - 1)})?$", sql)
            ]
            assert len(ids) == 1, sqls
        assert seen == expected, sort


def test_the_queue_as_it_opens_reads_its_ids_from_its_own_index(personas, org):
    """The queue's default filter (needing follow-up, with a frist) is the condition of the
    partial index frist_queue_follow_up, so a page's ids in frist order come from it alone: at a
    million youth NAV Bergenhus's 390 deadlines were sorted from 1,900 table blocks."""
    from django.db import connection, transaction
    from django.http import QueryDict

    from cases.selectors import deadline_queue
    from nav_ot.pagination import unique_order

    for days in (40, 45, 50):
        breached_case(personas, org, days_ago=days)
    ids = deadline_queue(personas["teamleder"], QueryDict("")).qs.order_by("frist")
    ids = ids.order_by(*unique_order(ids))  # as DeferredJoinPaginator reads a page: frist, id
    sql, params = ids.values_list("pk", flat=True)[25:50].query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("ANALYZE cases_frist")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Only Scan using frist_queue_follow_up" in plan, plan


def test_queue_pages_of_tied_deadlines_list_each_once(client, personas, org, monkeypatch):
    """Deadlines that tie in the table's order (the same frist, name, rule or status) take the
    id's order, in the sort's direction: pages of one row list each deadline once, and a sort's
    reverse lists them in reverse."""
    import importlib

    monkeypatch.setattr(importlib.import_module("cases.views.deadlines"), "PAGE_SIZE", 1)
    for _ in range(4):
        youth = breached_case(personas, org).youth  # the same vedtak date: the same frister
        youth.last_name = "Fristesen"
        youth.save()
    client.force_login(personas["teamleder"])
    url = reverse("cases:deadline_queue")
    expected = set(client.get(url).context["table"].data.data.values_list("pk", flat=True))
    assert len(expected) >= 4
    for sort in ("frist", "ungdom", "garanti", "status"):
        listed = {}
        for order in (sort, f"-{sort}"):
            seen = [
                row.record.pk
                for side in range(1, len(expected) + 1)
                for row in client.get(url, {"sort": order, "side": side})
                .context["table"]
                .page.object_list
            ]
            assert len(seen) == len(set(seen)) and set(seen) == expected, order
            listed[order] = seen
        assert listed[f"-{sort}"] == listed[sort][::-1], sort


def test_queue_page_past_its_end_shows_the_last_page(client, personas, org, monkeypatch):
    """A page number of any size on a queue past the count's cap shows the last page."""
    import importlib

    monkeypatch.setattr("nav_ot.pagination.LIST_COUNT_CAP", 1)
    monkeypatch.setattr(importlib.import_module("cases.views.deadlines"), "PAGE_SIZE", 1)
    for days in (40, 45, 50):
        breached_case(personas, org, days_ago=days)
    client.force_login(personas["teamleder"])
    url = reverse("cases:deadline_queue")
    expected = list(client.get(url).context["table"].data.data.values_list("pk", flat=True))
    assert len(expected) >= 3
    for side in ("1" + "0" * 19, str(len(expected) + 1)):
        response = client.get(url, {"side": side})
        assert response.status_code == 200
        page = response.context["table"].page
        assert page.number == len(expected) and not page.has_next()
        assert [row.record.pk for row in page.object_list] == expected[-1:]
