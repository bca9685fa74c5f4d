"""Beat scheduler that also leaves a liveness mark on every tick."""

from django_celery_beat.schedulers import DatabaseScheduler

from nav_ot import heartbeat


class HeartbeatScheduler(DatabaseScheduler):
    def tick(self, *args, **kwargs):
        heartbeat.mark(heartbeat.BEAT_KEY)
        return super().tick(*args, **kwargs)
