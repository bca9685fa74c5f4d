"""Searching the access log."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from accounts.models import User
from cases.models import (
    AccessLog,
    Youth,
)
from nav_ot.dates import oslo_day_bounds


def access_log_search(
    *, fnr: str = "", username: str = "", since: dt.date | None = None, until: dt.date | None = None
):
    log = AccessLog.objects.select_related("user", "youth", "unit")
    # The youth and the user are looked up first, on their small tables, so the log is searched by
    # id through its (youth, at) and (user, at) indexes: UPPER(username) in a join serves no index.
    if fnr:
        log = log.filter(
            youth_id__in=list(Youth.objects.filter(fnr=fnr).values_list("pk", flat=True))
        )
    if username:
        users = list(User.objects.filter(username=username).values_list("pk", flat=True)) or list(
            User.objects.filter(username__iexact=username).values_list("pk", flat=True)
        )
        log = log.filter(user_id__in=users)
    if since:
        log = log.filter(at__gte=oslo_day_bounds(since)[0])
    if until:
        log = log.filter(at__lt=oslo_day_bounds(until)[1])
    return log


def access_log_after(log: QuerySet[AccessLog], last_id) -> QuerySet[AccessLog] | None:
    """The rows of `log` after the row `last_id` in the log's order (newest first: -at, -id): the
    pages after the one that row ended, found through the same indexes at any depth. None when
    `last_id` is not a row's id (purged, or typed by hand): the caller pages by number."""
    try:
        at = AccessLog.objects.filter(pk=int(last_id)).values_list("at", flat=True).first()
    except (TypeError, ValueError):
        return None
    if at is None:
        return None
    # `at <= ` is the index's range; the rows of that same instant up to the id are left out.
    return log.filter(at__lte=at).exclude(at=at, pk__gte=int(last_id))
