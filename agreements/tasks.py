from celery import shared_task


@shared_task(name="agreements.tasks.agreement_reminders", ignore_result=True)
def agreement_reminders() -> int:
    """Daily: reminders before obligations fall due and before agreements expire."""
    from django.utils import timezone

    from agreements.services.reminders import create_due_reminders

    return create_due_reminders(timezone.localdate())


@shared_task(
    name="agreements.tasks.send_agreement_reminders",
    ignore_result=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def send_agreement_reminders() -> int:
    from agreements.services.reminders import send_unsent_reminders

    return send_unsent_reminders()
