from celery import shared_task


@shared_task(name="cases.tasks.sweep_guarantees", ignore_result=True)
def sweep_guarantees() -> None:
    """Daily at 06:00 Oslo time; the same code as `manage.py sweep_guarantees`."""
    from django.utils import timezone

    from cases.guarantees import sweep

    sweep(today=timezone.localdate())
