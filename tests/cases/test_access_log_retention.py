"""Retention: access-log rows past ACCESS_LOG_RETENTION_DAYS are deleted at night, in batches,
in the database; newer rows stay."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.access import log_access
from cases.models import AccessLog
from cases.services import access_log_purge
from cases.tasks import purge_access_log
from nav_ot.celery import app as celery_app
from nav_ot.dates import days_before
from tests.factories import open_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_aged(personas):
    """log_aged(days, n): n access-log rows written `days` days ago (plus a minute)."""
    case = open_case(personas["veileder"])

    def make(days: int, n: int = 1) -> set[int]:
        before = set(AccessLog.objects.values_list("pk", flat=True))
        for _ in range(n):
            log_access(personas["veileder"], [case], AccessLog.Action.VIEW, "/saker/")
        new = set(AccessLog.objects.values_list("pk", flat=True)) - before
        at = days_before(timezone.now(), days) - timezone.timedelta(minutes=1)
        AccessLog.objects.filter(pk__in=new).update(at=at)
        return new

    return make


def remaining() -> set[int]:
    return set(AccessLog.objects.values_list("pk", flat=True))


def test_rows_past_retention_are_deleted_and_newer_kept(settings, log_aged):
    settings.ACCESS_LOG_RETENTION_DAYS = 30
    old = log_aged(30, 3) | log_aged(400)
    kept = log_aged(29, 2) | log_aged(0)
    assert access_log_purge() == 4
    assert remaining() == kept and not remaining() & old


def test_the_setting_is_honoured(settings, log_aged):
    rows = {days: log_aged(days) for days in (10, 100, 1000)}
    settings.ACCESS_LOG_RETENTION_DAYS = 1826
    assert access_log_purge() == 0
    settings.ACCESS_LOG_RETENTION_DAYS = 500
    assert access_log_purge() == 1 and remaining() == rows[10] | rows[100]
    settings.ACCESS_LOG_RETENTION_DAYS = 50
    assert access_log_purge() == 1 and remaining() == rows[10]


def test_purge_deletes_in_bounded_batches_in_sql_oldest_first(settings, log_aged):
    settings.ACCESS_LOG_RETENTION_DAYS = 30
    oldest, older = log_aged(300, 2), log_aged(200, 3)
    kept = log_aged(1, 2)
    with CaptureQueriesContext(connection) as captured:
        # Two batches of two per run: the oldest rows go first, the rest waits for the next run.
        assert access_log_purge(batch_size=2, max_batches=2) == 4
    assert remaining() - kept < older and not remaining() & oldest
    sqls = [q["sql"] for q in captured.captured_queries]
    assert len(sqls) == 2
    assert all(sql.startswith("DELETE") and "LIMIT 2" in sql for sql in sqls)
    # The next run ends at the first short batch (here the only one left, then none).
    assert access_log_purge(batch_size=2) == 1 and remaining() == kept


def test_the_index_on_at_serves_the_purge():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = %s", [AccessLog._meta.db_table]
        )
        indexes = [row[0] for row in cursor.fetchall()]
    # (at, id): the purge walks it oldest first, a search by period newest first (by the ids).
    assert any(definition.endswith("(at, id)") for definition in indexes), indexes


def test_beat_runs_the_purge_nightly(log_aged):
    entry = settings.CELERY_BEAT_SCHEDULE["access log retention 03:00"]
    assert entry["task"] == "cases.tasks.purge_access_log"
    assert entry["schedule"].hour == {3} and entry["schedule"].minute == {0}
    assert entry["task"] in celery_app.tasks
    log_aged(settings.ACCESS_LOG_RETENTION_DAYS)
    kept = log_aged(settings.ACCESS_LOG_RETENTION_DAYS - 1)
    assert purge_access_log() == 1 and remaining() == kept
