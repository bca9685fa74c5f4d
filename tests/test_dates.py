import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from nav_ot.dates import age_on, birth_date_bounds


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
