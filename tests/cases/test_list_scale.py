"""Issue 11: list pages count cheaply (capped) and deep pages reach the end; every list page's SQL
carrying a LIMIT is tests/test_list_pages_limit.py."""

from __future__ import annotations

import datetime as dt
import importlib
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.access import case_access
from tests.factories import give_samtykke, open_case


def test_unit_list_count_is_capped_and_deep_pages_still_reach_the_end(
    client, personas, monkeypatch
):
    monkeypatch.setattr("nav_ot.pagination.LIST_COUNT_CAP", 2)
    monkeypatch.setattr(importlib.import_module("cases.views.unit_list"), "PAGE_SIZE", 1)
    for _ in range(4):
        open_case(personas["veileder"])
    client.force_login(personas["veileder"])

    first = client.get(reverse("cases:list")).content.decode()
    assert "Side 1 (over 2 saker)" in first
    last = client.get(reverse("cases:list"), {"side": "4"}).content.decode()
    assert "Side 4 av 4 (4 saker)" in last
    past_end = client.get(reverse("cases:list"), {"side": "99"}).content.decode()
    assert "Side 4 av 4 (4 saker)" in past_end
    assert (
        "Side 1 (over 2 saker)" in client.get(reverse("cases:list"), {"side": "x"}).content.decode()
    )


def test_unit_list_shows_the_other_side_per_page_row_under_samtykke(client, personas, org):
    shared = open_case(personas["veileder"], ot_enhet=org["ot_bergen"])
    give_samtykke(case_access(personas["veileder"], shared))
    open_case(personas["veileder"], ot_enhet=org["ot_bergen"])
    client.force_login(personas["veileder"])
    page = client.get(reverse("cases:list")).content.decode()
    # One row names the OT unit and its (missing) contact under samtykke; the other only a status.
    assert f"{org['ot_bergen'].navn}: ufordelt" in page
    assert page.count(f"{org['ot_bergen'].navn}:") == 1


def test_access_log_by_username_looks_the_user_up_first(client, personas, shared_case):
    for persona in ("veileder", "ot"):
        client.force_login(personas[persona])
        client.get(reverse("cases:detail", args=[shared_case.pk]))
    client.force_login(personas["admin"])
    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("cases:access_log"), {"username": "VEILEDER"}).content.decode()
    # Case-insensitive as before, but the log itself is searched by user id, never by UPPER().
    assert page.count('data-testid="log-row"') == 1
    log_queries = [q["sql"] for q in captured.captured_queries if '"cases_accesslog"' in q["sql"]]
    assert log_queries and all("UPPER" not in sql for sql in log_queries)
    # (The page's rows are then read by their ids.)
    assert all(
        '"cases_accesslog"."user_id" IN (' in sql or '"cases_accesslog"."id" IN (' in sql
        for sql in log_queries
    )


def _plan(queryset) -> str:
    """The plan PostgreSQL picks for `queryset` when it may not scan the whole table nor sort:
    on a test's tiny tables, statistics left by other tests can make a sort look cheaper than
    walking an index, so a Sort still in the plan means no index serves the order."""
    sql, params = queryset.query.sql_with_params()
    settings = ("enable_seqscan", "enable_bitmapscan", "enable_sort")
    with connection.cursor() as cursor:
        for setting in settings:
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        for setting in settings:
            cursor.execute(f"RESET {setting}")
    return plan


def test_access_log_searches_walk_the_user_and_youth_indexes(personas, shared_case):
    from django.db import transaction

    from cases.access import log_access
    from cases.selectors import access_log_search

    log_access(personas["veileder"], [shared_case], "vis", "/saker/")
    # The user (or youth) is looked up first, so the log is read through its (user_id, at DESC)
    # or (youth_id, at DESC) index for one given id, already newest first: no join to the user
    # table on UPPER(username), and no sort of the user's whole log for a page of 50. (Each index
    # ends with id DESC, the order's tie-break.)
    with transaction.atomic():
        for search, index, column in (
            ({"username": "VEILEDER"}, "accesslog_user_at_id", "user_id"),
            ({"fnr": shared_case.youth.fnr}, "accesslog_youth_at_id", "youth_id"),
        ):
            plan = _plan(access_log_search(**search)[:50])
            assert re.search(
                rf"Index Scan using {index} on cases_accesslog.*\n\s+Index Cond: \({column} = \d+\)",
                plan,
            ), plan
            assert "Sort" not in plan, plan
        # A page's ids (the deep page of a period) come from an index that ends with the id, in
        # the order asked for: by user, by youth, or by period through (at, id) read backwards.
        for search, index in (
            ({"username": "VEILEDER"}, "accesslog_user_at_id"),
            ({"fnr": shared_case.youth.fnr}, "accesslog_youth_at_id"),
            ({"since": dt.date(2026, 6, 1), "until": dt.date(2026, 6, 30)}, "accesslog_at_id"),
        ):
            plan = _plan(access_log_search(**search).values("pk")[4950:5000])
            assert re.search(rf"Index Only Scan (Backward )?using {index} ", plan), plan
            assert "Sort" not in plan, plan


def test_access_log_pages_join_only_their_own_rows_and_list_the_log_in_order(
    client, personas, shared_case, monkeypatch
):
    """A page of the log reads its ids by the filter and order alone (an OFFSET over bare log
    rows), then joins the user, youth and unit of those rows only; every page together
    lists the search's rows once each, newest first. Past the count's cap a page counts only as
    far as itself and one row more."""

    from django.utils import timezone

    from cases.access import log_access
    from cases.models import AccessLog
    from cases.selectors import access_log_search

    monkeypatch.setattr("nav_ot.pagination.LIST_COUNT_CAP", 1)
    monkeypatch.setattr(importlib.import_module("cases.views.access_log"), "PAGE_SIZE", 2)
    now = timezone.now()
    for n in range(7):
        log_access(personas["ot" if n % 2 else "veileder"], [shared_case], "vis", f"/s/{n}/")
        AccessLog.objects.filter(path=f"/s/{n}/").update(at=now - dt.timedelta(minutes=7 * n % 5))
    AccessLog.objects.filter(path="/s/6/").update(at=now - dt.timedelta(days=40))
    since = timezone.localdate() - dt.timedelta(days=2)
    expected = list(access_log_search(since=since).values_list("pk", flat=True))
    assert len(expected) == 6

    client.force_login(personas["admin"])
    seen = []
    for side in (1, 2, 3):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(
                reverse("cases:access_log"), {"since": since.isoformat(), "side": side}
            )
        page = response.context["page"]
        seen += [entry.pk for entry in page.object_list]
        assert response.content.decode().count('data-testid="log-row"') == 2
        sqls = [q["sql"] for q in captured.captured_queries if '"cases_accesslog"' in q["sql"]]
        joined = [sql for sql in sqls if 'JOIN "cases_youth"' in sql]
        assert len(joined) == 1, joined
        assert '"cases_accesslog"."id" IN (' in joined[0]
        assert "LIMIT" not in joined[0] and "OFFSET" not in joined[0]
        offset = f" OFFSET {2 * (side - 1)}" if side > 1 else ""
        ids = [sql for sql in sqls if sql.endswith(f"LIMIT 2{offset}")]
        assert len(ids) == 1 and "JOIN" not in ids[0], sqls
        counts = [q["sql"] for q in captured.captured_queries if "COUNT(*)" in q["sql"]]
        text = response.content.decode()
        if side == 2:
            # Past the cap (2 rows counted): as far as page 2 and one row more, then "Neste".
            assert counts[-1].endswith("LIMIT 5) subquery"), counts
            assert "Side 2. <a" in text and "side=3" in text
    assert seen == expected
    # The last page: counting as far as it finds the end, so the page says how many there are.
    assert "Side 3 av 3." in text and "Neste" not in text


def test_access_log_next_pages_start_after_the_last_row_shown(
    client, personas, shared_case, monkeypatch
):
    """ "Neste" names the page's last row and the next page reads the rows after it (a keyset
    through the index, no OFFSET), rows of the same instant in id order across a page's edge; a
    row that is gone (purged) falls back to the page number."""
    import datetime as dt
    import html

    from django.utils import timezone

    from cases.access import log_access
    from cases.models import AccessLog

    monkeypatch.setattr("nav_ot.pagination.LIST_COUNT_CAP", 2)
    monkeypatch.setattr(importlib.import_module("cases.views.access_log"), "PAGE_SIZE", 2)
    now = timezone.now()
    for n, minutes in enumerate([0, 0, 0, 1, 2, 3, 4]):
        log_access(personas["veileder"], [shared_case], "vis", f"/k/{n}/")
        AccessLog.objects.filter(path=f"/k/{n}/").update(at=now - dt.timedelta(minutes=minutes))
    expected = list(AccessLog.objects.order_by("-at", "-id").values_list("pk", flat=True))
    client.force_login(personas["admin"])

    seen, query, pages = [], {"username": "veileder"}, 0
    while query is not None:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("cases:access_log"), query)
        pages += 1
        seen += [entry.pk for entry in response.context["page"].object_list]
        if "etter" in query:
            ids = [q["sql"] for q in captured.captured_queries if 'JOIN "cases_youth"' in q["sql"]]
            assert len(ids) == 1 and "OFFSET" not in ids[0], ids
        found = re.search(r'href="\?([^"]+)">Neste</a>', response.content.decode())
        query = (
            dict(pair.split("=", 1) for pair in html.unescape(found.group(1)).split("&"))
            if found
            else None
        )
        assert query is None or query["side"] == str(pages + 1)
    assert seen == expected and pages == 4
    assert "Side 4 av 4." in response.content.decode()

    # A row that is no longer there: the page by its number, the same rows.
    AccessLog.objects.filter(pk=expected[1]).delete()
    del expected[1]
    page = client.get(reverse("cases:access_log"), {"username": "veileder", "side": 2, "etter": 0})
    assert [entry.pk for entry in page.context["page"].object_list] == expected[2:4]


def test_the_capped_counts_last_page_is_whole_and_leads_on(personas, monkeypatch):
    """With the count capped, its last page holds the one row counted past the cap; that page
    counts on, so it shows all its rows and the pages after it, not one row and an end."""
    from accounts.models import User
    from nav_ot.pagination import CappedPaginator, DeferredJoinPaginator

    monkeypatch.setattr("nav_ot.pagination.LIST_COUNT_CAP", 2)
    users = list(User.objects.order_by("pk").values_list("pk", flat=True))
    assert len(users) >= 6
    for paginator_class in (CappedPaginator, DeferredJoinPaginator):
        page = paginator_class(User.objects.order_by("pk"), 2).get_page(2)
        assert [u.pk for u in page.object_list] == users[2:4]
        assert page.has_next()
        # The page before it links on without counting for a page it does not show.
        page = paginator_class(User.objects.order_by("pk"), 2).get_page(1)
        list(page.object_list)
        with CaptureQueriesContext(connection) as captured:
            assert page.has_next() and page.next_page_number() == 2
        assert not captured.captured_queries


def test_access_log_page_past_its_end_shows_the_last_page(
    client, personas, shared_case, monkeypatch
):
    """A page number of any size (number × page size past bigint's range) on a search past the
    count's cap shows the last page."""
    from cases.access import log_access
    from cases.models import AccessLog

    monkeypatch.setattr("nav_ot.pagination.LIST_COUNT_CAP", 1)
    monkeypatch.setattr(importlib.import_module("cases.views.access_log"), "PAGE_SIZE", 2)
    for n in range(5):
        log_access(personas["veileder"], [shared_case], "vis", f"/h/{n}/")
    expected = list(
        AccessLog.objects.filter(user=personas["veileder"])
        .order_by("-at", "-id")
        .values_list("pk", flat=True)
    )
    last = (len(expected) + 1) // 2
    client.force_login(personas["admin"])
    for side in ("1" + "0" * 19, str(last + 1)):
        response = client.get(reverse("cases:access_log"), {"username": "veileder", "side": side})
        assert response.status_code == 200
        page = response.context["page"]
        assert page.number == last and not page.has_next()
        assert [entry.pk for entry in page.object_list] == expected[2 * (last - 1) :]
