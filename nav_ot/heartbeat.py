"""Liveness marks that the worker and beat leave in Redis, read by /healthz."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache

WORKER_KEY = "heartbeat:worker"
BEAT_KEY = "heartbeat:beat"


def mark(key: str) -> None:
    cache.set(key, time.time(), timeout=None)


def age_seconds(key: str) -> float | None:
    """Seconds since the mark was left, or None when it never was."""
    stamp = cache.get(key)
    return None if stamp is None else max(0.0, time.time() - float(stamp))


def state(key: str) -> tuple[float | None, bool]:
    """(seconds since the mark, whether that is recent enough)."""
    age = age_seconds(key)
    return age, age is not None and age <= settings.HEARTBEAT_MAX_AGE_SECONDS


def is_fresh(key: str) -> bool:
    return state(key)[1]
