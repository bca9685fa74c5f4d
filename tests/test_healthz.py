"""/healthz against the real database, Redis and a real Celery worker."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.cache import cache

from nav_ot import heartbeat
from nav_ot.celery import app as celery_app
from nav_ot.tasks import heartbeat as heartbeat_task


@pytest.fixture(autouse=True)
def no_marks():
    cache.delete_many([heartbeat.WORKER_KEY, heartbeat.BEAT_KEY])
    yield
    cache.delete_many([heartbeat.WORKER_KEY, heartbeat.BEAT_KEY])


def wait_for(predicate, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.django_db
def test_no_worker_and_no_beat_is_503_with_each_state(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "feil"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["redis"]["ok"] is True
    assert body["checks"]["worker"]["ok"] is False
    assert body["checks"]["beat"]["ok"] is False


@pytest.mark.django_db
def test_stale_beat_tick_is_down(client, settings):
    heartbeat.mark(heartbeat.BEAT_KEY)
    cache.set(
        heartbeat.BEAT_KEY, time.time() - settings.HEARTBEAT_MAX_AGE_SECONDS - 5, timeout=None
    )
    assert client.get("/healthz").json()["checks"]["beat"]["ok"] is False


@pytest.mark.django_db(transaction=True)
def test_real_worker_runs_the_heartbeat_and_health_turns_green(client):
    with start_worker(celery_app, perform_ping_check=False, loglevel="WARNING"):
        heartbeat_task.delay()
        assert wait_for(lambda: heartbeat.is_fresh(heartbeat.WORKER_KEY)), (
            "worker never ran heartbeat"
        )
        # beat's own tick mark, as HeartbeatScheduler leaves it
        heartbeat.mark(heartbeat.BEAT_KEY)
        response = client.get("/healthz")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "ok"


@pytest.mark.django_db(transaction=True)
def test_worker_answers_ping_even_without_recent_heartbeat(client):
    with start_worker(celery_app, perform_ping_check=False, loglevel="WARNING"):
        assert wait_for(lambda: client.get("/healthz").json()["checks"]["worker"]["ok"])


def test_healthz_needs_no_login_and_is_json(client, db):
    response = client.get("/healthz")
    assert response["Content-Type"] == "application/json"
    assert response.status_code in (200, 503)
