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
