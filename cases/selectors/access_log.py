"""Searching the access log."""

from __future__ import annotations

import datetime as dt

from cases.models import (
    AccessLog,
)
from nav_ot.dates import oslo_day_bounds


def access_log_search(
    *, fnr: str = "", username: str = "", since: dt.date | None = None, until: dt.date | None = None
):
    log = AccessLog.objects.select_related("user", "youth", "unit", "case")
    if fnr:
        log = log.filter(youth__fnr=fnr)
    if username:
        log = log.filter(user__username__iexact=username)
    if since:
        log = log.filter(at__gte=oslo_day_bounds(since)[0])
    if until:
        log = log.filter(at__lt=oslo_day_bounds(until)[1])
    return log
