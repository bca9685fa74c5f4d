import calendar
import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nav_ot.dates import (
    add_months,
    age_on,
    age_on_sql,
    birth_date_bounds,
    frist_for,
    frist_for_sql,
)


def test_age_on_birthday_and_day_before():
    assert age_on(dt.date(2007, 11, 23), dt.date(2026, 11, 23)) == 19
    assert age_on(dt.date(2007, 11, 24), dt.date(2026, 11, 23)) == 18


def test_leap_day_birthday_counts_from_first_of_march():
    assert age_on(dt.date(2004, 2, 29), dt.date(2025, 2, 28)) == 20
    assert age_on(dt.date(2004, 2, 29), dt.date(2025, 3, 1)) == 21
    assert age_on(dt.date(2004, 2, 29), dt.date(2028, 2, 29)) == 24


@given(
    born=st.dates(min_value=dt.date(1960, 1, 1), max_value=dt.date(2025, 12, 31)),
    today=st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2040, 12, 31)),
    low=st.integers(min_value=0, max_value=30),
    span=st.integers(min_value=0, max_value=10),
)
def test_birth_date_bounds_agree_with_age_on(born, today, low, span):
    high = low + span
    earliest, latest = birth_date_bounds(low, high, today)
    assert (earliest <= born <= latest) == (low <= age_on(born, today) <= high)


def test_half_past_midnight_in_oslo_is_already_tomorrow():
    import time_machine
    from django.utils import timezone

    # 2026-03-28 23:30 UTC is 00:30 on 29 March in Oslo (CET), the night clocks go forward.
    with time_machine.travel(dt.datetime(2026, 3, 28, 23, 30, tzinfo=dt.UTC), tick=False):
        assert timezone.localdate() == dt.date(2026, 3, 29)
    # 2026-10-24 22:30 UTC is 00:30 on 25 October (CEST), the night clocks go back.
    with time_machine.travel(dt.datetime(2026, 10, 24, 22, 30, tzinfo=dt.UTC), tick=False):
        assert timezone.localdate() == dt.date(2026, 10, 25)


def test_one_month_clamps_to_month_end():
    assert add_months(dt.date(2025, 1, 31), 1) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2024, 12, 15), 1) == dt.date(2025, 1, 15)
    assert add_months(dt.date(2024, 3, 31), -1) == dt.date(2024, 2, 29)
    assert frist_for(dt.date(2025, 1, 31), months=1, days=1) == dt.date(2025, 3, 1)
    assert frist_for(dt.date(2025, 1, 31), months=0, days=None) == dt.date(2025, 1, 31)
    assert frist_for(dt.date(2025, 1, 31), months=None, days=None) is None


# --- the same rules in Python and in PostgreSQL ---------------------------------------------------


def _last_sunday(year: int, month: int) -> dt.date:
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    return last - dt.timedelta(days=(last.weekday() + 1) % 7)


def _edge_dates() -> list[dt.date]:
    """Month ends, 28/29 February, Oslo's DST nights, 1 January and 31 December, 2023–2029."""
    days = set()
    for year in range(2023, 2030):
        days |= {dt.date(year, 1, 1), dt.date(year, 12, 31), dt.date(year, 2, 28)}
        days |= {dt.date(year, m, calendar.monthrange(year, m)[1]) for m in range(1, 13)}
        if calendar.isleap(year):
            days |= {dt.date(year, 2, 29), dt.date(year, 3, 1)}
        for month in (3, 10):  # the night to the last Sunday of March and of October
            sunday = _last_sunday(year, month)
            days |= {sunday - dt.timedelta(days=1), sunday}
    return sorted(days)


EDGE_DATES = _edge_dates()
RULE_DEADLINES = [(1, None), (None, 14), (1, 1), (0, None), (12, None), (3, 10), (13, 0)]


def _sql(expression: str, columns: dict[str, tuple[str, list]]) -> list:
    from django.db import connection

    names = ", ".join(columns)
    arrays = ", ".join(f"%s::{sql_type}[]" for sql_type, _ in columns.values())
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {expression} FROM unnest({arrays}) WITH ORDINALITY AS t({names}, i) ORDER BY i",
            [values for _, values in columns.values()],
        )
        return [row[0] for row in cursor.fetchall()]


def test_edge_calendar_is_what_it_says():
    assert dt.date(2024, 2, 29) in EDGE_DATES and dt.date(2025, 2, 28) in EDGE_DATES
    assert dt.date(2026, 3, 29) in EDGE_DATES and dt.date(2026, 10, 25) in EDGE_DATES
    assert dt.date(2023, 4, 30) in EDGE_DATES and dt.date(2029, 12, 31) in EDGE_DATES


@pytest.mark.django_db
def test_frist_is_the_same_in_python_and_postgresql():
    cases = [(d, m, n) for d in EDGE_DATES for m, n in RULE_DEADLINES]
    in_sql = _sql(
        frist_for_sql("t.d", months="t.m", days="t.n"),
        {
            "d": ("date", [d for d, _, _ in cases]),
            "m": ("int", [m for _, m, _ in cases]),
            "n": ("int", [n for _, _, n in cases]),
        },
    )
    in_python = [frist_for(d, months=m, days=n) for d, m, n in cases]
    assert in_sql == in_python


@pytest.mark.django_db
def test_age_is_the_same_in_python_and_postgresql():
    births = [d - dt.timedelta(days=365 * 20) for d in EDGE_DATES] + [
        dt.date(2004, 2, 29),
        dt.date(2000, 2, 29),
        dt.date(2003, 2, 28),
        dt.date(2003, 3, 1),
    ]
    cases = [(b, d) for b, d in itertools.product(births, EDGE_DATES) if b <= d]
    in_sql = _sql(
        age_on_sql("t.b", "t.d"),
        {"b": ("date", [b for b, _ in cases]), "d": ("date", [d for _, d in cases])},
    )
    assert in_sql == [age_on(b, d) for b, d in cases]
