"""Date arithmetic in one place. "Today" is always the Oslo date (timezone.localdate())."""

from __future__ import annotations

import calendar
import datetime as dt

from django.utils import timezone


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Whole years on `day`. Born 29 February: a year older on 1 March in common years."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def birth_date_bounds(min_age: int, max_age: int, today: dt.date) -> tuple[dt.date, dt.date]:
    """Birth dates (inclusive) of people aged min_age..max_age on `today` (per `age_on`)."""
    earliest = _years_before(today, max_age + 1) + dt.timedelta(days=1)
    latest = _years_before(today, min_age)
    return earliest, latest


def _years_before(day: dt.date, years: int) -> dt.date:
    """The latest birth date that is `years` old on `day`."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a common year: the 28th is still the previous year's age
        return dt.date(day.year - years, 2, 28)


def add_months(day: dt.date, months: int) -> dt.date:
    """Calendar months, clamped to the month's end: 31 January + 1 month = 28/29 February.

    PostgreSQL's `date + interval 'N months'` does the same, so the sweep's SQL and this agree.
    """
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def frist_for(start: dt.date, *, months: int | None, days: int | None) -> dt.date | None:
    """The deadline of a rule counted from `start`; None when the rule sets no deadline."""
    if months:
        start = add_months(start, months)
    if days:
        start = start + dt.timedelta(days=days)
    return start if (months or days) else None


def oslo_day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The aware start of `day` and of the next day in Oslo (a DST day has 23 or 25 hours)."""
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return start, timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def recurrence_dates(rule: str, start: dt.date, end: dt.date) -> list[dt.date]:
    """The dates of an RFC 5545 RRULE (e.g. "FREQ=WEEKLY;INTERVAL=6") after `start`, up to `end`.

    `start` itself opens the first period, so it is not a due date.
    """
    from dateutil.rrule import rrulestr

    begin = dt.datetime.combine(start, dt.time.min)
    recurrence = rrulestr(rule, dtstart=begin)
    stop = dt.datetime.combine(end, dt.time.min)
    return [d.date() for d in recurrence.between(begin, stop, inc=True) if d.date() > start]


def next_recurrence(rule: str, start: dt.date, after: dt.date) -> dt.date | None:
    """The first date of `rule` (counted from `start`) after `after`."""
    from dateutil.rrule import rrulestr

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
