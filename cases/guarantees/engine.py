"""The guarantee deadline engine: which rule applies to which vedtak, and where each deadline stands.

Semantics (decided here and in cases/guarantees/sql.py, tested in tests/cases/guarantees/):
- A rule applies to a fattet vedtak when the vedtak date lies in the rule's validity, the
  innsatsgruppe is among the rule's (an empty list means all) and matches its nedsatt
  arbeidsevne, and the youth's age *on the vedtak date* is within the rule's bounds.
- The frist is the vedtak date plus the rule's calendar months, clamped to the month's end
  (31 January + 1 month = 28/29 February), plus its days; a rule with neither has no frist.
  Days a deadline was paused are added to its frist when it resumes.
- A deadline is met (`oppfylt`) when its rule's deliverable is delivered on or before the frist
  and before any later vedtak; what delivers each deliverable is `sql.DELIVERABLES` (a godkjent
  aktivitetsplan: one of the youth godkjent on or before the frist, also before the vedtak).
- A later fattet vedtak replaces the deadline (`erstattet`), unless the frist had already passed
  without a plan: a breach stays a breach (`brutt`), and becomes `oppfylt_sent` if a plan comes
  after the frist while the vedtak was still the current one.
- `snart`: not met, and the frist is within the warning window counted with today as day one
  (7 days: today up to today + 6).
- `avsluttet`: NAV's follow-up of the youth has ended (every NAV oppfølgingsperiode closed) while
  the deadline still ran (åpen, snart, pauset) or before it was created. It is never a breach and
  stays so however late the frist, until NAV reopens its follow-up; then the deadline is decided
  as above again (and may be a breach if the frist passed meanwhile). A deadline met in time still
  shows `oppfylt`; one already `brutt` when NAV ended stays `brutt`.
- Everything is counted "as of" a day (the Oslo date by default), so plans and vedtak dated after
  that day do not count yet.

The daily sweep is set-based SQL: one INSERT for new deadlines and one UPDATE for changed ones, so
a second run the same day changes no rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from cases.guarantees import sql
from cases.guarantees.notifications import send_varsel_emails
from cases.models import SweepRun
from nav_ot.outbox import enqueue


# Every applicable (vedtak, rule) pair as of %(today)s, with its deadline and decided status.
# Built when first used, not at import: other apps register deliverables in their ready().
def _decided() -> str:
    return f"""
WITH pairs AS (
    SELECT v.id AS vedtak_id, r.id AS regel_id, v.youth_id, v.nav_kontor_id, v.vedtak_dato AS startdato, r.kode,
           r.deliverable,
           f.id AS frist_id, f.paused_from, f.oppfylt_dato AS recorded_on, f.status AS old_status,
           {sql.nav_followup_ended(youth_id="v.youth_id")} AS nav_ended,
           CASE WHEN f.id IS NOT NULL THEN
                  -- a paused clock stands still: the frist moves on by the days paused so far
                  f.frist + CASE WHEN f.paused_from IS NOT NULL AND f.frist IS NOT NULL
                                  AND %(today)s > f.paused_from THEN %(today)s - f.paused_from ELSE 0 END
                ELSE {sql.rule_frist(rule="r", start="v.vedtak_dato")}
           END AS frist,
           {sql.replaced_on(vedtak="v", as_of="%(today)s")} AS replaced_on
    FROM cases_vedtak14a v
    JOIN cases_youth y ON y.id = v.youth_id
    JOIN cases_garantiregel r ON {sql.rule_covers(rule="r", vedtak="v", youth="y", on="v.vedtak_dato")}
    LEFT JOIN cases_frist f ON f.vedtak_id = v.id AND f.regel_id = r.id
    WHERE v.status = %(fattet)s AND v.vedtak_dato <= %(today)s {{scope}}
),
facts AS (
    SELECT p.*,
           {sql.delivered_in_time(pair="p", as_of="%(today)s")} AS met_in_time,
           {sql.delivered_late(pair="p", as_of="%(today)s")} AS met_late
    FROM pairs p
),
decided AS (
    SELECT f.*,
           CASE
             WHEN f.met_in_time IS NOT NULL THEN %(status_oppfylt)s
             -- NAV's follow-up ended: what still ran is closed, never a breach, until NAV reopens
             WHEN f.nav_ended AND (f.frist_id IS NULL OR f.old_status IN
                  (%(status_apen)s, %(status_snart)s, %(status_pauset)s, %(status_avsluttet)s))
               THEN %(status_avsluttet)s
             WHEN f.frist IS NOT NULL AND f.frist < %(today)s
                  AND (f.replaced_on IS NULL OR f.frist < f.replaced_on)
               THEN CASE WHEN f.met_late IS NOT NULL THEN %(status_oppfylt_sent)s ELSE %(status_brutt)s END
             WHEN f.replaced_on IS NOT NULL THEN %(status_erstattet)s
             WHEN f.paused_from IS NOT NULL THEN %(status_pauset)s
             WHEN f.frist IS NOT NULL AND f.frist - %(today)s < %(warn_days)s THEN %(status_snart)s
             ELSE %(status_apen)s
           END AS new_status,
           COALESCE(f.met_in_time, f.met_late) AS new_oppfylt_dato
    FROM facts f
)
"""


@dataclass(frozen=True)
class SweepResult:
    created: int
    changed: int
    notified: int = 0


# The owner of a deadline: the case's NAV-veileder, else the vedtak's veileder.
_NOTIFY = """
INSERT INTO cases_varsel (user_id, frist_id, kind, created_at)
SELECT COALESCE(c.nav_veileder_id, v.veileder_id), f.id,
       CASE f.status WHEN %(status_snart)s THEN %(varsel_snart)s ELSE %(varsel_brutt)s END, now()
  FROM cases_frist f
  JOIN cases_vedtak14a v ON v.id = f.vedtak_id
  LEFT JOIN cases_case c ON c.id = v.case_id
 WHERE f.status IN (%(status_snart)s, %(status_brutt)s)
   AND COALESCE(c.nav_veileder_id, v.veileder_id) IS NOT NULL
   -- only what moved today, and no flood of old breaches when history is imported
   AND f.updated_on = %(today)s AND (f.status = %(status_snart)s OR f.frist >= %(today)s - 14)
ON CONFLICT (frist_id, kind, user_id) DO NOTHING
RETURNING id
"""


PENDING = "trekant_sweep_pending"


def _params(today: dt.date, warn_days: int | None) -> dict:
    return {
        **sql.params(),
        "today": today,
        "warn_days": warn_days if warn_days is not None else settings.GUARANTEE_WARNING_DAYS,
    }


def sweep(*, today: dt.date, warn_days: int | None = None) -> SweepResult:
    """Bring every deadline up to date as of `today`. Idempotent for a given day.

    Statuses move with the date once a day, so after the day's full run a rerun only revisits
    youth noted in `SweepChange` by the database triggers (vedtak or plans written or deleted);
    a changed rule forces a full run. Usually there is nothing to do, in milliseconds.
    """
    params = _params(today, warn_days)
    started = timezone.now()
    with transaction.atomic():
        with connection.cursor() as cursor:
            # One sweep at a time; a second waits and then sees the first one's run.
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext('trekant.sweep_guarantees'))")
            # The change set stays in the database (after a bulk load it is most of the youth):
            # moved into a temporary table that the sweep joins, never through Python.
            cursor.execute(
                f"CREATE TEMP TABLE IF NOT EXISTS {PENDING} (youth_id bigint) ON COMMIT DELETE ROWS"
            )
            cursor.execute(f"TRUNCATE {PENDING}")
            cursor.execute(
                f"""WITH gone AS (DELETE FROM cases_sweepchange RETURNING youth_id)
                    INSERT INTO {PENDING} SELECT DISTINCT youth_id FROM gone"""
            )
            cursor.execute(f"ANALYZE {PENDING}")
            cursor.execute(
                f"SELECT count(*), count(*) FILTER (WHERE youth_id IS NULL) FROM {PENDING}"
            )
            pending, rule_changed = cursor.fetchone()
        full = rule_changed or not SweepRun.objects.filter(day=today, full=True).exists()
        if full:
            result = _sweep(params, youth_ids=None)
        elif pending:
            result = _sweep(params, youth_ids=PENDING)
        else:
            result = SweepResult(created=0, changed=0)
        SweepRun.objects.create(
            day=today, started_at=started, created=result.created, changed=result.changed, full=full
        )
    return result


def refresh_youth(*, youth_ids: list[int], today: dt.date) -> SweepResult:
    """Recompute one youth's deadlines straight away (after a pause, resume or approval)."""
    with transaction.atomic():
        return _sweep(_params(today, None), youth_ids=youth_ids)


def _sweep(params: dict, *, youth_ids: list[int] | str | None) -> SweepResult:
    """`youth_ids`: None for everyone, a few ids, or PENDING (the sweep's change set)."""
    scope = youth_scope = ""
    if youth_ids == PENDING:
        scope = f"AND v.youth_id IN (SELECT youth_id FROM {PENDING})"
        youth_scope = f"AND f.youth_id IN (SELECT youth_id FROM {PENDING})"
    elif youth_ids is not None:
        scope = "AND v.youth_id = ANY(%(youth)s)"
        youth_scope = "AND f.youth_id = ANY(%(youth)s)"
        params = {**params, "youth": youth_ids}
    decided = _decided().format(scope=scope)
    with connection.cursor() as cursor:
        cursor.execute(
            decided
            + """
            INSERT INTO cases_frist (vedtak_id, regel_id, youth_id, nav_kontor_id, startdato, frist, status,
                                     oppfylt_dato, paused_days, pause_reason, sign_off_comment, updated_on)
            SELECT vedtak_id, regel_id, youth_id, nav_kontor_id, startdato, frist, new_status, new_oppfylt_dato,
                   0, '', '', %(today)s
              FROM decided WHERE frist_id IS NULL
            ON CONFLICT (vedtak_id, regel_id) DO NOTHING
            """,
            params,
        )
        created = cursor.rowcount
        cursor.execute(
            decided
            + """
            UPDATE cases_frist f SET status = d.new_status, oppfylt_dato = d.new_oppfylt_dato, updated_on = %(today)s
              FROM decided d
             WHERE f.id = d.frist_id
               AND (f.status, f.oppfylt_dato) IS DISTINCT FROM (d.new_status, d.new_oppfylt_dato)
            """,
            params,
        )
        changed = cursor.rowcount
        # A deadline whose rule no longer applies (rule ended or edited, vedtak no longer fattet)
        # is closed rather than left open for ever.
        cursor.execute(
            decided
            + f"""
            UPDATE cases_frist f SET status = %(status_erstattet)s, updated_on = %(today)s
             WHERE f.status <> %(status_erstattet)s {youth_scope}
               AND NOT EXISTS (SELECT 1 FROM decided d WHERE d.frist_id = f.id)
            """,
            params,
        )
        changed += cursor.rowcount
        cursor.execute(_NOTIFY, params)
        new_varsler = [row[0] for row in cursor.fetchall()]
    if new_varsler:
        enqueue(send_varsel_emails)
    return SweepResult(created=created, changed=changed, notified=len(new_varsler))


@dataclass(frozen=True)
class DeadlineRow:
    fnr: str
    garanti: str
    startdato: dt.date
    frist: dt.date | None
    status: str
    oppfylt_dato: dt.date | None


def deadlines_as_of(
    *, today: dt.date, kontor: str | None = None, warn_days: int | None = None
) -> list[DeadlineRow]:
    """Every deadline as it stands on `today`, computed without writing (for exports and reports)."""
    params = _params(today, warn_days)
    scope = ""
    if kontor:
        scope = "AND v.nav_kontor_id = (SELECT id FROM accounts_unit WHERE lower(kode) = lower(%(kontor)s))"
        params["kontor"] = kontor
    with connection.cursor() as cursor:
        cursor.execute(
            _decided().format(scope=scope)
            + """
            SELECT y.fnr, d.kode, d.startdato, d.frist, d.new_status, d.new_oppfylt_dato
              FROM decided d JOIN cases_youth y ON y.id = d.youth_id
             ORDER BY d.startdato, y.fnr, d.kode
            """,
            params,
        )
        return [DeadlineRow(fnr or "", *rest) for fnr, *rest in cursor.fetchall()]
