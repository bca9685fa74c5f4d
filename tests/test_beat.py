"""Beat: schedules defined in code reach django-celery-beat, and each tick leaves a mark."""

import pytest
from django.core.cache import cache
from django_celery_beat.models import PeriodicTask

from nav_ot import heartbeat
from nav_ot.beat import HeartbeatScheduler
from nav_ot.celery import app as celery_app


@pytest.mark.django_db(transaction=True)
def test_scheduler_syncs_code_schedule_and_marks_liveness():
    cache.delete(heartbeat.BEAT_KEY)
    scheduler = HeartbeatScheduler(app=celery_app, lazy=False)
    assert PeriodicTask.objects.filter(task="nav_ot.tasks.heartbeat", enabled=True).exists()
    scheduler.tick()
    assert heartbeat.is_fresh(heartbeat.BEAT_KEY)
    cache.delete(heartbeat.BEAT_KEY)


@pytest.mark.django_db(transaction=True)
def test_a_tick_while_redis_is_down_keeps_beat_running(settings, caplog):
    scheduler = HeartbeatScheduler(app=celery_app, lazy=False)
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "LOCATION": "unix:///nonexistent/redis.sock"}
    }
    assert scheduler.tick() >= 0  # before: ConnectionError out of tick() ended beat
    assert "livstegn" in caplog.text
