from celery import shared_task


@shared_task(name="cases.tasks.sweep_guarantees", ignore_result=True)
def sweep_guarantees() -> None:
    """Daily at 06:00 Oslo time; the same code as `manage.py sweep_guarantees`."""
    from django.utils import timezone

    from cases.guarantees import sweep

    sweep(today=timezone.localdate())


@shared_task(name="cases.tasks.send_varsel_emails", ignore_result=True)
def send_varsel_emails(*_legacy_ids) -> int:
    """Every 5 minutes and after each sweep: e-mail every varsel not yet e-mailed.

    Failed sends stay in the outbox for the next run, so no task-level retry. Messages queued
    before the outbox carried a list of ids; they are accepted and ignored.
    """
    from cases.guarantees.notifications import varsler_email

    return varsler_email()


@shared_task(name="cases.tasks.team_lead_digest", ignore_result=True)
def team_lead_digest() -> int:
    """Daily at 07:00 Oslo time, after the 06:00 sweep."""
    from django.utils import timezone

    from cases.guarantees.notifications import team_lead_digests

    return team_lead_digests(today=timezone.localdate())
