"""State of the services Trekant depends on, for /healthz and the start-up banner."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.core.cache import cache
from django.db import connection

from nav_ot import heartbeat


@dataclass(frozen=True)
class Check:
    ok: bool
    detail: str


def check_database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return Check(True, "svarer")
    except Exception as exc:  # any driver error means "down"
        return Check(False, f"svarer ikke ({type(exc).__name__})")


def check_redis() -> Check:
    try:
        cache.set("healthz:probe", 1, timeout=10)
        return Check(cache.get("healthz:probe") == 1, "svarer")
    except Exception as exc:
        return Check(False, f"svarer ikke ({type(exc).__name__})")


def _ping_workers() -> bool:
    from nav_ot.celery import app

    try:
        return bool(app.control.ping(timeout=1.0))
    except Exception:
        return False


class _RedisDown(Exception):
    pass


def _mark_age(key: str) -> tuple[float | None, bool]:
    """(seconds since the mark, whether that is recent enough); _RedisDown when unreadable."""
    try:
        return heartbeat.state(key)
    except Exception as exc:
        raise _RedisDown from exc


def check_worker() -> Check:
    try:
        age, fresh = _mark_age(heartbeat.WORKER_KEY)
    except _RedisDown:
        return Check(False, "ukjent: Redis svarer ikke")
    if fresh:
        return Check(True, f"heartbeat for {age:.0f} s siden")
    # No recent heartbeat can also mean beat is down; ask the workers directly.
    if _ping_workers():
        return Check(True, "svarer på ping")
    return Check(False, "ingen worker svarer")


def check_beat() -> Check:
    try:
        age, fresh = _mark_age(heartbeat.BEAT_KEY)
    except _RedisDown:
        return Check(False, "ukjent: Redis svarer ikke")
    if age is None:
        return Check(False, "har aldri kjørt")
    return Check(fresh, f"siste tick for {age:.0f} s siden")


def service_status() -> dict[str, Check]:
    return {
        "database": check_database(),
        "redis": check_redis(),
        "worker": check_worker(),
        "beat": check_beat(),
    }


def as_json(checks: dict[str, Check]) -> dict:
    healthy = all(check.ok for check in checks.values())
    return {
        "status": "ok" if healthy else "feil",
        "checks": {name: asdict(check) for name, check in checks.items()},
    }
