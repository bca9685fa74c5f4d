from celery import shared_task

from nav_ot import heartbeat as marks


@shared_task(name="nav_ot.tasks.heartbeat", ignore_result=True)
def heartbeat() -> None:
    """Sent by beat every HEARTBEAT_INTERVAL_SECONDS; running it proves beat -> broker -> worker."""
    marks.mark(marks.WORKER_KEY)
