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


@pytest.mark.django_db
def test_a_worker_heartbeat_older_than_the_window_with_no_worker_is_down(client, settings):
    # Killed right after a heartbeat, a worker leaves a mark that ages; 26 s on it is called down.
    cache.set(heartbeat.WORKER_KEY, time.time() - 26, timeout=None)
    heartbeat.mark(heartbeat.BEAT_KEY)
    started = time.monotonic()
    response = client.get("/healthz")
    assert time.monotonic() - started < 3  # the ping that confirms it is bounded
    assert response.status_code == 503
    assert response.json()["nede"] == ["worker"]
    assert response.json()["checks"]["worker"] == {"ok": False, "detail": "ingen worker svarer"}


def test_beat_sends_heartbeats_often_enough_to_notice_a_dead_worker_within_30_s(settings):
    heartbeat_entry = next(
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "nav_ot.tasks.heartbeat"
    )
    assert heartbeat_entry["schedule"] < settings.HEARTBEAT_MAX_AGE_SECONDS
    # the mark's window plus the 1 s ping that confirms the worker is gone
    assert settings.HEARTBEAT_MAX_AGE_SECONDS + 1 <= 30


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        "default": {
            **settings.CACHES["default"],
            "LOCATION": "unix:///nonexistent/trekant-redis.sock",
        }
    }


@pytest.mark.django_db
def test_redis_down_is_503_naming_redis_and_fast(client, redis_down):
    started = time.monotonic()
    response = client.get("/healthz")
    assert time.monotonic() - started < 3
    assert response.status_code == 503
    body = response.json()
    assert body["nede"] == ["redis", "worker", "beat"]
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["worker"]["detail"] == "ukjent: Redis svarer ikke"


@pytest.mark.django_db
def test_pages_and_login_work_while_redis_is_down(client, personas, redis_down):
    from tests.conftest import PASSWORD

    response = client.post(
        "/logg-inn/", {"username": "veileder", "password": PASSWORD}, follow=True
    )
    assert response.status_code == 200
    assert response.wsgi_request.user.is_authenticated
    assert client.get("/").status_code in (200, 302)
    assert client.get("/", follow=True).status_code == 200
