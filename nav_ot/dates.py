"""Date arithmetic in one place. "Today" is always the Oslo date (timezone.localdate()).

Where the guarantee sweep needs a rule in SQL, the SQL fragment lives next to its Python twin,
and tests/test_dates.py runs both over a calendar of edge dates.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from dateutil.relativedelta import relativedelta
from dateutil.rrule import rrulestr
from django.utils import timezone


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Whole years on `day`. Born 29 February: a year older on 1 March in common years.

    Counted back from `day` (not forward from the birth date, which relativedelta would clamp to
    28 February): `years` old once `day` minus `years` years is on or after the birth date.
    """
    years = day.year - birth_date.year
    return years - (day - relativedelta(years=years) < birth_date)


def age_on_sql(birth_date: str, day: str) -> str:
    """`age_on` in PostgreSQL, for SQL expressions `birth_date` and `day` (dates)."""
    return f"extract(year FROM age({day}, {birth_date}))::int"


def birth_date_bounds(min_age: int, max_age: int, today: dt.date) -> tuple[dt.date, dt.date]:
    """Birth dates (inclusive) of people aged min_age..max_age on `today` (per `age_on`)."""
    # The rule of `age_on`: aged n or more exactly when born on or before `today` minus n years.
    earliest = today - relativedelta(years=max_age + 1) + dt.timedelta(days=1)
    latest = today - relativedelta(years=min_age)
    return earliest, latest


def add_months(day: dt.date, months: int) -> dt.date:
    """Calendar months, clamped to the month's end: 31 January + 1 month = 28/29 February."""
    return day + relativedelta(months=months)


def frist_for(start: dt.date, *, months: int | None, days: int | None) -> dt.date | None:
    """The deadline of a rule counted from `start`; None when the rule sets no deadline.

    Months first (clamped to the month's end), then days: 31 January + 1 month 1 day = 1 March.
    """
    if months is None and days is None:
        return None
    return start + relativedelta(months=months or 0) + dt.timedelta(days=days or 0)


def frist_for_sql(start: str, *, months: str, days: str) -> str:
    """`frist_for` in PostgreSQL, for SQL expressions `start` (a date) and `months`/`days`
    (nullable integers, as in a Garantiregel row); NULL when both are NULL."""
    return (
        f"CASE WHEN {months} IS NULL AND {days} IS NULL THEN NULL"
        f" ELSE ({start} + make_interval(months => COALESCE({months}, 0))"
        f" + make_interval(days => COALESCE({days}, 0)))::date END"
    )


def oslo_day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The aware start of `day` and of the next day in Oslo (a DST day has 23 or 25 hours)."""
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return start, timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def recurrence_dates(rule: str, start: dt.date, end: dt.date) -> list[dt.date]:
    """The dates of an RFC 5545 RRULE (e.g. "FREQ=WEEKLY;INTERVAL=6") after `start`, up to `end`.

    `start` itself opens the first period, so it is not a due date.
    """
    begin = dt.datetime.combine(start, dt.time.min)
    recurrence = rrulestr(rule, dtstart=begin)
    stop = dt.datetime.combine(end, dt.time.min)
    return [d.date() for d in recurrence.between(begin, stop, inc=True) if d.date() > start]


def next_recurrence(rule: str, start: dt.date, after: dt.date) -> dt.date | None:
    """The first date of `rule` (counted from `start`) after `after`."""
    recurrence = rrulestr(rule, dtstart=dt.datetime.combine(start, dt.time.min))
    found = recurrence.after(dt.datetime.combine(max(after, start), dt.time.min))
    return found.date() if found else None


# NAV's own tiltak agreements warn 8, 6 and 3 months and 14 and 7 days before they end.
EXPIRY_WARNING_MONTHS = (8, 6, 3)
EXPIRY_WARNING_DAYS = (14, 7)


def expiry_warning_dates(end: dt.date) -> list[dt.date]:
    """The days to warn that something ending on `end` is about to end, earliest first."""
    months = [add_months(end, -m) for m in EXPIRY_WARNING_MONTHS]
    return months + [end - dt.timedelta(days=d) for d in EXPIRY_WARNING_DAYS]


def day_month_swapped(day: dt.date) -> dt.date | None:
    """The date with day and month swapped (a typing slip), when that is another real date."""
    if day.day > 12 or day.day == day.month:
        return None
    return day.replace(month=day.day, day=day.month)


def one_digit_off(day: dt.date, *, earliest: dt.date, latest: dt.date) -> list[dt.date]:
    """Every real date within [earliest, latest] that differs from `day` in one digit of
    dd.mm.yyyy: the typos a person makes when typing a birth date (in the order of the digit's
    place, then of the digit typed)."""
    found = []

    def add(year: int, month: int, day_of_month: int) -> None:
        if 1 <= month <= 12 and 1 <= day_of_month <= calendar.monthrange(year, month)[1]:
            candidate = dt.date(year, month, day_of_month)
            if earliest <= candidate <= latest:
                found.append(candidate)

    # Each digit changed by arithmetic on its place, not by parsing 72 typed strings.
    for place in (10, 1):
        digit = day.day // place % 10
        for other in range(10):
            if other != digit:
                add(day.year, day.month, day.day + (other - digit) * place)
    for place in (10, 1):
        digit = day.month // place % 10
        for other in range(10):
            if other != digit:
                add(day.year, day.month + (other - digit) * place, day.day)
    for place in (1000, 100, 10, 1):
        digit = day.year // place % 10
        for other in range(10):
            year = day.year + (other - digit) * place
            if other != digit and earliest.year <= year <= latest.year:
                add(year, day.month, day.day)
    return found


def differ_in_one_digit(a: dt.date, b: dt.date) -> bool:
    """Whether dd.mm.yyyy of the two dates differ in exactly one digit (compared by place,
    without formatting: list washing asks this for every candidate)."""
    differ = 0
    for x, y, places in ((a.day, b.day, (10, 1)), (a.month, b.month, (10, 1)),
                         (a.year, b.year, (1000, 100, 10, 1))):  # fmt: skip
        if x != y:
            differ += sum(1 for place in places if x // place % 10 != y // place % 10)
    return differ == 1


def within_a_year(a: dt.date, b: dt.date) -> bool:
    return abs((a - b).days) <= 366


_NORWEGIAN_DATE = re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


class ImpossibleDate(ValueError):
    """Written as a date, but no such day (31.02.2026)."""


def parse_day(text: str) -> dt.date:
    """A date as people type it in Norwegian files: dd.mm.åååå (also d.m.åååå, / for .) or ISO.

    Raises ValueError with a Norwegian message for anything else or an impossible date.
    """
    text = text.strip()
    if match := _NORWEGIAN_DATE.fullmatch(text):
        day, month, year = match.groups()
    elif match := _ISO_DATE.fullmatch(text):
        year, month, day = match.groups()
    else:
        raise ValueError(f"«{text[:20]}» er ikke en dato (dd.mm.åååå)")
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        raise ImpossibleDate(f"«{text[:20]}» er en umulig dato") from None


def last_months(until: dt.date, count: int) -> list[tuple[dt.date, dt.date]]:
    """The `count` calendar months up to and including `until`'s, oldest first, each as its
    first and last day (the current month ends on `until`)."""
    first_of_month = until.replace(day=1)
    months = []
    for back in range(count - 1, -1, -1):
        start = add_months(first_of_month, -back)
        months.append((start, min(add_months(start, 1) - dt.timedelta(days=1), until)))
    return months


def hours_before(moment: dt.datetime, hours: int) -> dt.datetime:
    return moment - dt.timedelta(hours=hours)


def days_before(moment: dt.datetime, days: int) -> dt.datetime:
    return moment - dt.timedelta(days=days)
