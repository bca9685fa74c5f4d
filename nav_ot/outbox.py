"""Queue background work after a commit, so that a broker outage never fails the caller.

The database is the outbox: a task queued here only nudges a worker to look for rows whose work
is not yet done (for example varsler with no `emailed_at`). If the broker is down, the nudge is
lost and a warning is logged; the same task on the beat schedule finds the rows later. So every
task queued here must find its own work and be safe to run twice.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging

from django.db import transaction

logger = logging.getLogger(__name__)

# Fail fast: a request should not hang on a dead broker when beat will catch up anyway.
_PUBLISH_RETRY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
_failed: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar(
    "outbox_failed", default=None
)


def publish(task, *args, **kwargs) -> bool:
    """Send the task now; False (and a warning) if the broker cannot take it."""
    try:
        task.apply_async(args=args, kwargs=kwargs, retry=True, retry_policy=_PUBLISH_RETRY)
    except Exception:  # kombu raises many kinds (OperationalError, OSError, timeouts)
        logger.warning(
            "Kunne ikke legge %s i køen; den periodiske jobben tar arbeidet senere.",
            task.name,
            exc_info=True,
        )
        failed = _failed.get()
        if failed is not None:
            failed.append(task.name)
        return False
    return True


def enqueue(task, *args, **kwargs) -> None:
    """Publish the task once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: publish(task, *args, **kwargs))


@contextlib.contextmanager
def failures():
    """Collect the names of tasks that could not be queued inside the block (for commands)."""
    token = _failed.set([])
    try:
        yield _failed.get()
    finally:
        _failed.reset(token)
