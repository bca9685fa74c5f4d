"""Pagination that stays cheap on lists of tens of thousands of rows.

A list page loads only its own rows (LIMIT/OFFSET in SQL) and counts at most LIST_COUNT_CAP + 1
rows: above the cap it says "over 10 000" instead of counting a county's whole caseload on every
request. Only a page past the cap asks for the exact count, to know where the list ends.
"""

from __future__ import annotations

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import OrderBy, QuerySet
from django.utils.functional import cached_property
from django_tables2.rows import BoundRows

LIST_COUNT_CAP = 10_000
# A page number reaches at most this many caps deep in a DeferredJoinPaginator's list.
MAX_DEPTH_IN_CAPS = 10


def capped_count(queryset: QuerySet, cap: int | None = None) -> int:
    """The number of rows, exact up to `cap`; any number above `cap` means "over `cap`"."""
    cap = LIST_COUNT_CAP if cap is None else cap
    return queryset.order_by()[: cap + 1].count()


def capped_counts(querysets: list[QuerySet], cap: int | None = None) -> list[int]:
    """`capped_count` of each queryset, all in one statement (`SELECT (count 1), (count 2), …`):
    a page of counted lists (Mine saker's buckets) makes one round trip instead of one each. Each
    count reads only its rows' ids, at most `cap` + 1 of them."""
    cap = LIST_COUNT_CAP if cap is None else cap
    counts: list[int] = [0] * len(querysets)
    parts, params, at = [], [], []
    for i, queryset in enumerate(querysets):
        try:
            sql, part_params = queryset.order_by().values("pk")[: cap + 1].query.sql_with_params()
        except EmptyResultSet:  # e.g. `.none()` or `id IN ()`: nothing to count
            continue
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS counted_{i})")
        params.extend(part_params)
        at.append(i)
    if parts:
        with connections[querysets[at[0]].db].cursor() as cursor:
            cursor.execute(f"SELECT {', '.join(parts)}", params)
            for i, count in zip(at, cursor.fetchone(), strict=True):
                counts[i] = count
    return counts


def over_cap_label(count: int, cap: int | None = None) -> str:
    cap = LIST_COUNT_CAP if cap is None else cap
    return f"over {cap:,}".replace(",", "\u00a0") if count > cap else str(count)


class CappedPage(Page):
    def next_page_number(self) -> int:
        # Not through validate_number: on the page before the capped count's last page, that
        # would count on (for a page not shown) while the page renders.
        return self.number + 1


class CappedPaginator(Paginator):
    """A Paginator whose count is capped, and which never raises for a bad page number: an invalid
    one shows the first page, one past the end the last (after bulk assignment, or typed by hand).

    `count_from` is the queryset to count when `object_list` wraps it (django-tables2's rows)."""

    def __init__(self, object_list, per_page, *args, count_from: QuerySet | None = None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.count_from = object_list if count_from is None else count_from
        self.cap = LIST_COUNT_CAP
        self.exact = False
        self.counted_past_cap = False  # the count is as deep as the page shown needs

    @cached_property
    def count(self) -> int:
        return capped_count(self.count_from, self.cap)

    @property
    def count_is_capped(self) -> bool:
        return not self.exact and self.count > self.cap

    @property
    def count_label(self) -> str:
        return over_cap_label(self.count, self.cap) if self.count_is_capped else str(self.count)

    def _get_page(self, *args, **kwargs) -> CappedPage:
        return CappedPage(*args, **kwargs)

    def _count_past_cap(self, number: int) -> None:
        """Page `number` lies at or past the capped count's last page: count exactly."""
        self.__dict__["count"] = self.count_from.order_by().count()
        self.__dict__.pop("num_pages", None)
        self.exact = True
        self.counted_past_cap = True

    def validate_number(self, number) -> int:
        try:
            number = int(number)
        except (TypeError, ValueError):
            return 1
        if number < 1:
            return 1
        # The capped count's last page holds the one row counted past the cap (and whatever the
        # rows after it are): there the count goes on.
        if number >= self.num_pages and self.count_is_capped and not self.counted_past_cap:
            self._count_past_cap(number)
        return min(number, self.num_pages)


def paginate_table(table, number, per_page: int, *, deferred_join: bool = False):
    """Paginate a django-tables2 table over its queryset in SQL: a capped count and the page's rows
    only (building a Paginator over `table.data` first would load every row to take its len()).
    `deferred_join`: the page's ids first, then only its rows joined (DeferredJoinPaginator)."""
    table.paginate(
        paginator_class=DeferredJoinPaginator if deferred_join else CappedPaginator,
        per_page=per_page,
        page=number,
        count_from=table.data.data,
    )
    return table


class DeferredJoinPaginator(CappedPaginator):
    """A CappedPaginator for a long, joined list searched at any depth (the access log):

    - the page's ids are read first, by the filter and order alone (from an index that ends with
      the id, without visiting the table), then only those rows are joined, by id (two queries):
      a deep page skips thousands of bare index entries instead of joined rows. Rows and order
      are those of slicing the queryset (its order must be unique).
    - a page past the capped count counts only as far as that page and one row more, not the whole
      list: it says "Side N" and whether a page follows, "av M" only when the end is within reach.
    - page_after: the page that follows a known row (keyset: "Neste" carries the last row's id),
      read as the first rows after it, so a page reached by "Neste" costs the same at any depth.
    """

    open_ended = False  # page_after: more rows follow, how many is not counted

    @property
    def max_number(self) -> int:
        """The deepest page a page number reaches: MAX_DEPTH_IN_CAPS caps deep. A deeper number
        shows this page, which then ends the list (the access log's "Neste" goes on by keyset):
        counting as far as any number typed would read millions of index entries, or past
        bigint's range (LIMIT number × per_page)."""
        return self.cap * MAX_DEPTH_IN_CAPS // self.per_page + 1

    def _count_past_cap(self, number: int) -> None:
        deepest = number >= self.max_number
        reach = min(number, self.max_number) * self.per_page
        count = capped_count(self.count_from, reach)
        self.__dict__["count"] = reach if deepest and count > reach else count
        self.__dict__.pop("num_pages", None)
        self.exact = count <= reach
        self.counted_past_cap = True

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        listed = self.count_from
        ids = listed.order_by(*unique_order(listed)).values_list("pk", flat=True)[bottom:top]
        return self._get_page(self._rows(ids), number, self)

    def _rows(self, ids) -> list:
        """The rows of `ids` in their order, joined; a table's as its rows. The ids are read
        first and the rows found by those ids alone: with the ids as a subquery, or the list's
        filter repeated, the planner may join every row of the list (or the table) first."""
        ids = list(ids)
        listed = self.count_from
        rows = listed.model._default_manager.filter(pk__in=ids)
        rows.query.select_related = listed.query.select_related
        by_pk = {row.pk: row for row in rows}
        rows = [by_pk[pk] for pk in ids if pk in by_pk]
        table = getattr(self.object_list, "table", None)
        return rows if table is None else BoundRows(rows, table)

    @property
    def count_is_capped(self) -> bool:
        return self.open_ended or super().count_is_capped

    def page_after(self, rest: QuerySet, number):
        """Page `number` as the first rows of `rest`, the rows after the previous page's last row in
        the same order. Nothing is counted: a page follows when one more row does."""
        try:
            number = max(1, int(number))
        except (TypeError, ValueError):
            number = 1
        ids = list(rest.values_list("pk", flat=True)[: self.per_page + 1])
        if not ids:
            return self.get_page(number)
        self.open_ended = len(ids) > self.per_page
        ids = ids[: self.per_page]
        self.__dict__["count"] = (number - 1) * self.per_page + len(ids) + self.open_ended
        self.__dict__.pop("num_pages", None)
        self.exact = not self.open_ended
        return self._get_page(self._rows(ids), number, self)


def _descending(key) -> bool:
    return key.descending if isinstance(key, OrderBy) else str(key).startswith("-")


def unique_order(queryset: QuerySet) -> list:
    """The queryset's order with the primary key last, in the direction of the last key (unless
    it ends with the key already), so rows that tie have one order and a page of it never repeats
    or skips one."""
    ordering = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
    if ordering and str(ordering[-1]).lstrip("-") in ("pk", queryset.model._meta.pk.attname):
        return ordering
    return [*ordering, "-pk" if ordering and _descending(ordering[-1]) else "pk"]


def page_rows(queryset: QuerySet, page) -> list:
    """The rows of `page` (a Page of `queryset`, for a django-tables2 table paginated by
    CappedPaginator: DeferredJoinPaginator's deferred join for a table's rows) in two steps: the
    page's ids by a narrow query (the sort and OFFSET over an index, no joins for what the rows
    show), then the full rows of those ids only. The primary key ends the order, in the direction
    of the last key, so rows that tie have one order and a page never repeats or skips one."""
    start = (page.number - 1) * page.paginator.per_page
    ids = list(
        queryset.order_by(*unique_order(queryset)).values_list("pk", flat=True)[
            start : start + page.paginator.per_page
        ]
    )
    rows = {row.pk: row for row in queryset.order_by().filter(pk__in=ids)}
    return [rows[pk] for pk in ids if pk in rows]
