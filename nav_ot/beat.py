"""Beat scheduler that also leaves a liveness mark on every tick."""

import logging

from django_celery_beat.schedulers import DatabaseScheduler
from redis.exceptions import RedisError

from nav_ot import heartbeat

logger = logging.getLogger(__name__)


class HeartbeatScheduler(DatabaseScheduler):
    def tick(self, *args, **kwargs):
        # An exception out of tick() ends beat; a Redis outage must only cost the mark.
        try:
            heartbeat.mark(heartbeat.BEAT_KEY)
        except RedisError as exc:
            logger.warning("Beat fikk ikke satt livstegn i Redis (%s); prøver igjen.", exc)
        return super().tick(*args, **kwargs)
