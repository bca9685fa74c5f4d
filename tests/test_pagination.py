"""nav_ot.pagination.capped_counts: several capped counts in one statement, each equal to
capped_count of its queryset."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import Case, Task
from nav_ot.pagination import capped_count, capped_counts
from tests.factories import open_case

pytestmark = pytest.mark.django_db


def test_counts_equal_capped_count_in_one_statement(personas, org):
    cases = [open_case(personas["veileder"]) for _ in range(4)]
    querysets = [
        Case.objects.all(),
        Case.objects.filter(pk__in=[c.pk for c in cases[:2]]).order_by("-created_at"),
        Case.objects.filter(pk__in=[]),  # empty: no SQL at all
        Task.objects.none(),
        Case.objects.filter(nav_kontor=org["asane"]),
    ]
    with CaptureQueriesContext(connection) as queries:
        counts = capped_counts(querysets)
    assert counts == [4, 2, 0, 0, 0]
    assert len(queries.captured_queries) == 1
    assert counts == [capped_count(queryset) for queryset in querysets]


def test_each_count_stops_at_the_cap(personas):
    for _ in range(3):
        open_case(personas["veileder"])
    assert capped_counts([Case.objects.all(), Case.objects.filter(pk=0)], cap=1) == [2, 0]
    assert capped_counts([]) == []


HUGE = "1" + "0" * 19  # a 20-digit page number: number × per page is past bigint's range


def test_a_huge_page_number_shows_the_last_page(personas, monkeypatch):
    """Past the capped count a page number is counted to; a number past the end shows the last
    page, for either paginator, and no SQL carries the number as typed."""
    from django.core.paginator import Paginator

    from accounts.models import User
    from nav_ot.pagination import CappedPaginator, DeferredJoinPaginator

    monkeypatch.setattr("nav_ot.pagination.LIST_COUNT_CAP", 2)
    users = list(User.objects.order_by("pk").values_list("pk", flat=True))
    assert len(users) >= 6
    last = Paginator(users, 2).num_pages
    for paginator_class in (CappedPaginator, DeferredJoinPaginator):
        for number in (HUGE, int(HUGE), last + 1):
            for show in ("get_page", "page"):
                paginator = paginator_class(User.objects.order_by("pk"), 2)
                with CaptureQueriesContext(connection) as captured:
                    page = getattr(paginator, show)(number)
                    rows = [u.pk for u in page.object_list]
                assert page.number == last and not page.has_next(), paginator_class
                assert rows == users[2 * (last - 1) :]
                assert not any(HUGE[:10] in q["sql"] for q in captured.captured_queries)


def test_a_deferred_join_page_number_reaches_only_so_deep(personas, monkeypatch):
    """DeferredJoinPaginator counts only as far as the page asked for, and a page number reaches
    at most MAX_DEPTH_IN_CAPS caps deep: a deeper one shows that page, which ends the list for
    page numbers (it counts no further than that page)."""
    from accounts.models import User
    from nav_ot.pagination import DeferredJoinPaginator

    monkeypatch.setattr("nav_ot.pagination.LIST_COUNT_CAP", 1)
    monkeypatch.setattr("nav_ot.pagination.MAX_DEPTH_IN_CAPS", 2)
    users = list(User.objects.order_by("pk").values_list("pk", flat=True))
    assert len(users) >= 5
    paginator = DeferredJoinPaginator(User.objects.order_by("pk"), 1)
    assert paginator.max_number == 3
    with CaptureQueriesContext(connection) as captured:
        page = paginator.get_page(HUGE)
        rows = [u.pk for u in page.object_list]
    assert page.number == 3 and rows == users[2:3]
    assert not page.has_next() and paginator.count_is_capped
    counts = [q["sql"] for q in captured.captured_queries if "COUNT(*)" in q["sql"]]
    assert counts[-1].endswith("LIMIT 4) subquery"), counts


def test_a_deferred_join_page_of_tied_rows_orders_them_by_id(personas):
    """Rows that tie in the list's order take the id's order (in the last key's direction), so
    the pages together list each row once."""
    from accounts.models import User
    from nav_ot.pagination import DeferredJoinPaginator

    users = User.objects.all()
    assert users.count() >= 4
    for order, ids in (("is_active", "pk"), ("-is_active", "-pk")):
        ordered = users.order_by(order)
        expected = list(users.order_by(order, ids).values_list("pk", flat=True))
        paginator = DeferredJoinPaginator(ordered, 1)
        seen = [paginator.page(n).object_list[0].pk for n in range(1, len(expected) + 1)]
        assert seen == expected, order
