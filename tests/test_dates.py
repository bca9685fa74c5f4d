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


@given(
    instant=st.datetimes(
        min_value=dt.datetime(2020, 1, 1),  # noqa: DTZ001 (hypothesis takes naive bounds)
        max_value=dt.datetime(2035, 12, 31),  # noqa: DTZ001
        timezones=st.just(dt.UTC),
    )
)
def test_today_is_the_oslo_date_also_on_dst_nights(instant):
    from zoneinfo import ZoneInfo

    import time_machine
    from django.utils import timezone

    with time_machine.travel(instant, tick=False):
        assert timezone.localdate() == instant.astimezone(ZoneInfo("Europe/Oslo")).date()


def test_half_past_midnight_in_oslo_is_already_tomorrow():
    import time_machine
    from django.utils import timezone

    # 2026-03-28 23:30 UTC is 00:30 on 29 March in Oslo (CET), the night clocks go forward.
    with time_machine.travel(dt.datetime(2026, 3, 28, 23, 30, tzinfo=dt.UTC), tick=False):
        assert timezone.localdate() == dt.date(2026, 3, 29)
    # 2026-10-24 22:30 UTC is 00:30 on 25 October (CEST), the night clocks go back.
    with time_machine.travel(dt.datetime(2026, 10, 24, 22, 30, tzinfo=dt.UTC), tick=False):
        assert timezone.localdate() == dt.date(2026, 10, 25)
