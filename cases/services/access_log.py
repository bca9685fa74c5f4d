"""Retention of the access log: rows older than ACCESS_LOG_RETENTION_DAYS are deleted."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import connection
from django.utils import timezone

from cases.models import AccessLog
from nav_ot.dates import days_before

logger = logging.getLogger(__name__)

# Rows per DELETE: short transactions and locks while the log is read and written around them.
PURGE_BATCH = 10_000
# Batches per run (a million rows), so a run stays well inside the task's time limit; a backlog
# (the first run over an old log, a lowered setting) is worked off over the following nights.
PURGE_MAX_BATCHES = 100


def access_log_cutoff(now: dt.datetime | None = None) -> dt.datetime:
    """Rows logged before this moment are past retention."""
    return days_before(now or timezone.now(), settings.ACCESS_LOG_RETENTION_DAYS)


def access_log_purge(
    *,
    now: dt.datetime | None = None,
    batch_size: int = PURGE_BATCH,
    max_batches: int = PURGE_MAX_BATCHES,
) -> int:
    """Delete access-log rows past retention, oldest first, `batch_size` rows per statement
    (each its own transaction under autocommit), found through the index on `at` and deleted in
    the database: no row is read into Python. Returns the number of rows deleted."""
    cutoff = access_log_cutoff(now)
    log = AccessLog._meta.db_table
    deleted = 0
    for _ in range(max_batches):
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {log} WHERE id IN "
                f"(SELECT id FROM {log} WHERE at < %s ORDER BY at LIMIT %s)",
                [cutoff, batch_size],
            )
            batch = cursor.rowcount
        deleted += batch
        if batch < batch_size:
            break
    else:
        logger.warning(
            "Tilgangsloggen: %s rader slettet, flere eldre enn %s gjenstår til neste kjøring.",
            deleted,
            cutoff.date(),
        )
    return deleted
