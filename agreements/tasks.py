from celery import shared_task
from django.utils import timezone

from agreements.services.reminders import (  # noqa: F401 (registers the e-mail task)
    create_due_reminders,
    send_agreement_reminders,
)


@shared_task(name="agreements.tasks.agreement_reminders", ignore_result=True)
def agreement_reminders() -> int:
    """Daily: reminders before obligations fall due and before agreements expire."""
    return create_due_reminders(timezone.localdate())
