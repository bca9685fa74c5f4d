from celery import shared_task
from django.utils import timezone

from cases.guarantees import kontor_indicators_store, sweep, team_lead_digests
from cases.guarantees.notifications import send_varsel_emails  # noqa: F401 (registers the task)
from cases.services import access_log_purge
from cases.washing.uploads import wash_uploads  # noqa: F401 (registers the task)


@shared_task(name="cases.tasks.sweep_guarantees", ignore_result=True)
def sweep_guarantees() -> None:
    """Daily at 06:00 Oslo time; the same code as `manage.py sweep_guarantees`."""
    sweep(today=timezone.localdate())


@shared_task(name="cases.tasks.store_kontor_indicators", ignore_result=True)
def store_kontor_indicators() -> int:
    """Daily at 06:20 Oslo time, after the 06:00 sweep: every NAV-kontor's indicators for the
    county page."""
    return kontor_indicators_store(day=timezone.localdate())


@shared_task(name="cases.tasks.team_lead_digest", ignore_result=True)
def team_lead_digest() -> int:
    """Daily at 07:00 Oslo time, after the 06:00 sweep."""
    return team_lead_digests(today=timezone.localdate())


@shared_task(name="cases.tasks.purge_access_log", ignore_result=True)
def purge_access_log() -> int:
    """Nightly at 03:00 Oslo time: access-log rows past ACCESS_LOG_RETENTION_DAYS."""
    return access_log_purge()
