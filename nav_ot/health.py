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


def check_worker() -> Check:
    age, fresh = heartbeat.state(heartbeat.WORKER_KEY)
    if fresh:
        return Check(True, f"heartbeat for {age:.0f} s siden")
    # No recent heartbeat can also mean beat is down; ask the workers directly.
    if _ping_workers():
        return Check(True, "svarer på ping")
    return Check(False, "ingen worker svarer")


def check_beat() -> Check:
    age, fresh = heartbeat.state(heartbeat.BEAT_KEY)
    if age is None:
        return Check(False, "har aldri kjørt")
    return Check(fresh, f"siste tick for {age:.0f} s siden")


def _from_marks(check, *, redis_up: bool) -> Check:
    """The marks live in Redis: without it nothing is known, and /healthz waits on no timeouts."""
    if redis_up:
        try:
            return check()
        except Exception:  # Redis went away between the probe and the read
            pass
    return Check(False, "ukjent: Redis svarer ikke")


def service_status() -> dict[str, Check]:
    redis = check_redis()
    return {
        "database": check_database(),
        "redis": redis,
        "worker": _from_marks(check_worker, redis_up=redis.ok),
        "beat": _from_marks(check_beat, redis_up=redis.ok),
    }


def as_json(checks: dict[str, Check]) -> dict:
    down = [name for name, check in checks.items() if not check.ok]
    return {
        "status": "feil" if down else "ok",
        "nede": down,
        "checks": {name: asdict(check) for name, check in checks.items()},
    }
