from celery import shared_task


@shared_task(name="cases.tasks.sweep_guarantees", ignore_result=True)
def sweep_guarantees() -> None:
    """Daily at 06:00 Oslo time; the same code as `manage.py sweep_guarantees`."""
    from django.utils import timezone

    from cases.guarantees import sweep

    sweep(today=timezone.localdate())


@shared_task(
    name="cases.tasks.send_varsel_emails",
    ignore_result=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def send_varsel_emails(varsel_ids: list[int]) -> int:
    from cases.guarantees.notifications import varsler_email

    return varsler_email(varsel_ids=varsel_ids)


@shared_task(name="cases.tasks.team_lead_digest", ignore_result=True)
def team_lead_digest() -> int:
    """Daily at 07:00 Oslo time, after the 06:00 sweep."""
    from django.utils import timezone

    from cases.guarantees.notifications import team_lead_digests

    return team_lead_digests(today=timezone.localdate())
