from celery import shared_task
from django.utils import timezone

from agreements.services import washings_catch_up
from agreements.services.reminders import (  # noqa: F401 (registers the e-mail task)
    create_due_reminders,
    send_agreement_reminders,
)


@shared_task(name="agreements.tasks.agreement_reminders", ignore_result=True)
def agreement_reminders() -> int:
    """Daily: reminders before obligations fall due and before agreements expire."""
    return create_due_reminders(timezone.localdate())


@shared_task(name="agreements.tasks.record_washings", ignore_result=True)
def record_washings() -> int:
    """Hourly: list washings whose fulfilment was never recorded are recorded now."""
    return washings_catch_up(timezone.localdate())
