"""Onboarding an office's caseload from an export: youth, their case, §14a vedtak and plans.

Set-based: rows are validated in Python a chunk at a time, the good ones are copied (COPY) into
a temporary staging table, and a handful of `INSERT … SELECT … ON CONFLICT` statements write
youth, cases, vedtak and plans for the whole chunk.

Transactions: each chunk is one transaction under an advisory lock held by one caseload import
at a time, and writes in fødselsnummer order, so two imports running at once wait for each other
instead of deadlocking. Good rows are kept when other rows are bad (those are reported by line).
A crash mid-file leaves whole chunks written and none half-written; every write is idempotent,
so running the file again completes it. `--dry-run` runs everything in one transaction and
rolls it back.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from itertools import islice

from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, connection, transaction
from django.utils import timezone

from accounts.models import NAV_ROLES, Unit, User
from cases.models import Hovedmal, Innsatsgruppe, Vedtak14a, Youth
from cases.services.registration import cases_open_imported
from nav_ot.csvimport import ImportReport, Row, database_refusal, field_limits
from nav_ot.identity import birth_date as fnr_birth_date
from nav_ot.identity import validate_fnr

CASELOAD_COLUMNS = (
    "fnr",
    "fornavn",
    "etternavn",
    "nav_kontor",
    "innsatsgruppe",
    "vedtak_dato",
    "aktivitetsplan_godkjent_dato",
)
CASELOAD_OPTIONAL = ("veileder", "hovedmal")
CHUNK_ROWS = 5000
# One caseload import writes at a time (pg_advisory_xact_lock takes a bigint).
LOCK_KEY = 0x7472656B616E7401  # "trekant" + 1


def caseload_limits() -> dict[str, int]:
    return field_limits(
        {
            "fornavn": (Youth, "first_name"),
            "etternavn": (Youth, "last_name"),
            "nav_kontor": (Unit, "kode"),
            "innsatsgruppe": (Vedtak14a, "innsatsgruppe"),
            "hovedmal": (Vedtak14a, "hovedmal"),
            "veileder": (User, "username"),
        }
    )


ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Read once: the enums build their value lists anew on every access.
INNSATSGRUPPER = frozenset(Innsatsgruppe.values)
HOVEDMAL = frozenset(Hovedmal.values)


class RowError(Exception):
    pass


def _date(value: str, column: str, *, required: bool, today: dt.date) -> dt.date | None:
    if not value:
        if required:
            raise RowError(f"{column} mangler")
        return None
    try:
        if not ISO_DATE.match(value):
            raise ValueError
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise RowError(f"{column} «{value}» er ikke en dato på formen ÅÅÅÅ-MM-DD") from None
    if day > today:
        raise RowError(f"{column} {value} er fram i tid")
    return day


def _parse(row: Row, offices: dict[str, Unit], users: dict[str, User], today: dt.date) -> tuple:
    """The row as it goes into the staging table (see STAGING_COLUMNS)."""
    if row.problem:
        raise RowError(row.problem)
    fnr = "".join(row.get("fnr").split())
    try:
        validate_fnr(fnr)
    except ValidationError as error:
        raise RowError(" ".join(error.messages)) from None
    if not row.get("fornavn") or not row.get("etternavn"):
        raise RowError("fornavn og etternavn må fylles ut")
    office = offices.get(row.get("nav_kontor").lower())
    if office is None:
        raise RowError(f"NAV-kontoret «{row.get('nav_kontor')}» finnes ikke")
    gruppe = row.get("innsatsgruppe").upper()
    if gruppe not in INNSATSGRUPPER:
        raise RowError(f"ukjent innsatsgruppe «{row.get('innsatsgruppe')}»")
    vedtak_dato = _date(row.get("vedtak_dato"), "vedtak_dato", required=True, today=today)
    plan_dato = _date(
        row.get("aktivitetsplan_godkjent_dato"),
        "aktivitetsplan_godkjent_dato",
        required=False,
        today=today,
    )
    hovedmal = row.get("hovedmal").upper()
    if hovedmal and hovedmal not in HOVEDMAL:
        raise RowError(f"ukjent hovedmål «{row.get('hovedmal')}»")
    veileder = None
    if username := row.get("veileder"):
        veileder = users.get(username.lower())
        if (
            veileder is None
            or veileder.role not in NAV_ROLES
            or veileder.unit.office.pk != office.pk
        ):
            raise RowError(f"veilederen «{username}» finnes ikke ved {office.navn}")
    born = fnr_birth_date(fnr)
    if vedtak_dato < born:
        raise RowError("vedtak_dato er før fødselsdatoen")
    return (
        row.line,
        fnr,
        row.get("fornavn"),
        row.get("etternavn"),
        born,
        office.pk,
        veileder.pk if veileder else None,
        gruppe,
        hovedmal,
        vedtak_dato,
        plan_dato,
    )


STAGING_COLUMNS = (
    "line",
    "fnr",
    "first_name",
    "last_name",
    "birth_date",
    "office_id",
    "veileder_id",
    "innsatsgruppe",
    "hovedmal",
    "vedtak_dato",
    "plan_dato",
)

_CREATE_STAGING = """
DROP TABLE IF EXISTS caseload_staging, caseload_seen;
CREATE TEMP TABLE caseload_staging (
    line integer PRIMARY KEY, fnr text NOT NULL, first_name text NOT NULL, last_name text NOT NULL,
    birth_date date NOT NULL, office_id bigint NOT NULL, veileder_id bigint,
    innsatsgruppe text NOT NULL, hovedmal text NOT NULL, vedtak_dato date NOT NULL,
    plan_dato date, first_line integer, youth_id bigint, known_first_name text,
    known_last_name text, case_id bigint, created boolean NOT NULL DEFAULT false
);
-- The first line of each vedtak in the file, across chunks, to report repeats.
CREATE TEMP TABLE caseload_seen (
    fnr text, vedtak_dato date, innsatsgruppe text, line integer NOT NULL,
    PRIMARY KEY (fnr, vedtak_dato, innsatsgruppe)
);
"""

# Lookups into the large tables are correlated subqueries: one index probe per staged row,
# where a join could make the planner scan a million rows once per chunk.
# The statements that RETURNING (line, message) reject those rows and remove them from staging.
_SEEN = """
INSERT INTO caseload_seen SELECT fnr, vedtak_dato, innsatsgruppe, line
FROM caseload_staging ORDER BY line
ON CONFLICT DO NOTHING
"""
_FIRST_LINES = """
UPDATE caseload_staging s SET first_line = (
    SELECT k.line FROM caseload_seen k
    WHERE k.fnr = s.fnr AND k.vedtak_dato = s.vedtak_dato AND k.innsatsgruppe = s.innsatsgruppe
)
"""
_REPEATED = """
DELETE FROM caseload_staging WHERE first_line <> line
RETURNING line, 'samme vedtak står allerede på linje ' || first_line
"""
_YOUTH = """
INSERT INTO cases_youth (fnr, first_name, last_name, birth_date, created_at)
SELECT DISTINCT ON (fnr) fnr, first_name, last_name, birth_date, now()
FROM caseload_staging ORDER BY fnr, line
ON CONFLICT (fnr) WHERE fnr IS NOT NULL DO NOTHING
"""
_YOUTH_IDS = """
UPDATE caseload_staging s SET (youth_id, known_first_name, known_last_name) = (
    SELECT y.id, y.first_name, y.last_name FROM cases_youth y WHERE y.fnr = s.fnr
)
"""
_OTHER_NAME = """
DELETE FROM caseload_staging
WHERE (lower(known_first_name), lower(known_last_name)) <> (lower(first_name), lower(last_name))
RETURNING line, 'fødselsnummeret er registrert med et annet navn ('
    || known_first_name || ' ' || known_last_name || '); rett filen eller Trekant'
"""
_CASE_IDS = """
UPDATE caseload_staging s SET case_id = (
    SELECT c.id FROM cases_case c WHERE c.youth_id = s.youth_id AND NOT (c.status = 'avsluttet')
)
WHERE case_id IS NULL
"""
# A youth's first row in the chunk decides the owners of a case the import opens or joins.
_FIRST_ROWS = """
SELECT DISTINCT ON (youth_id) youth_id, office_id, veileder_id, line, case_id
FROM caseload_staging ORDER BY youth_id, line
"""
# An open case that OT started and NAV had no part in yet: the import gives it NAV's owners.
_JOIN_OT_CASES = """
UPDATE cases_case c SET nav_kontor_id = f.office_id, nav_veileder_id = f.veileder_id,
    updated_at = now()
FROM unnest(%s::bigint[], %s::bigint[], %s::bigint[]) AS f(case_id, office_id, veileder_id)
WHERE c.id = f.case_id AND c.nav_kontor_id IS NULL
RETURNING c.youth_id
"""
_VEDTAK = """
WITH new AS (
    INSERT INTO cases_vedtak14a (youth_id, case_id, nav_kontor_id, veileder_id, innsatsgruppe,
        hovedmal, status, vedtak_dato, imported, begrunnelse, kilder, change_reason, created_at)
    SELECT youth_id, case_id, office_id, veileder_id, innsatsgruppe, hovedmal, 'fattet',
        vedtak_dato, true, '', '', '', now()
    FROM caseload_staging ORDER BY fnr, vedtak_dato, innsatsgruppe
    ON CONFLICT (youth_id, vedtak_dato, innsatsgruppe) WHERE status = 'fattet' DO NOTHING
    RETURNING youth_id, vedtak_dato, innsatsgruppe
)
UPDATE caseload_staging s SET created = true FROM new
WHERE (new.youth_id, new.vedtak_dato, new.innsatsgruppe) = (s.youth_id, s.vedtak_dato, s.innsatsgruppe)
"""
_PLANS = """
WITH new AS (
    INSERT INTO cases_aktivitetsplan (youth_id, case_id, godkjent_dato, imported, mal, created_at)
    SELECT DISTINCT ON (fnr, plan_dato) youth_id, case_id, plan_dato, true, '', now()
    FROM caseload_staging WHERE plan_dato IS NOT NULL ORDER BY fnr, plan_dato, line
    ON CONFLICT (youth_id, godkjent_dato) WHERE imported DO NOTHING
    RETURNING youth_id, godkjent_dato
)
UPDATE caseload_staging s SET created = true FROM new
WHERE (new.youth_id, new.godkjent_dato) = (s.youth_id, s.plan_dato)
"""


def _chunks(rows: Iterable[Row], size: int) -> Iterator[list[Row]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _write(cursor, staged: list[tuple]) -> tuple[list[tuple[int, str]], int, int]:
    """Write one chunk of parsed rows: (rejected lines with messages, created, unchanged)."""
    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
    cursor.execute("TRUNCATE caseload_staging")
    with cursor.cursor.copy(
        f"COPY caseload_staging ({', '.join(STAGING_COLUMNS)}) FROM STDIN"
    ) as copy:
        for values in staged:
            copy.write_row(values)
    rejected: list[tuple[int, str]] = []
    cursor.execute(_SEEN)
    cursor.execute(_FIRST_LINES)
    cursor.execute(_REPEATED)
    rejected += cursor.fetchall()
    cursor.execute(_YOUTH)
    cursor.execute(_YOUTH_IDS)
    cursor.execute(_OTHER_NAME)
    rejected += cursor.fetchall()
    cursor.execute(_CASE_IDS)
    cursor.execute(_FIRST_ROWS)
    first_rows = cursor.fetchall()
    with_case = [row for row in first_rows if row[4] is not None]
    cursor.execute(
        _JOIN_OT_CASES,
        [
            [row[4] for row in with_case],
            [row[1] for row in with_case],
            [row[2] for row in with_case],
        ],
    )
    owned = {youth_id for (youth_id,) in cursor.fetchall()}
    owned |= set(
        cases_open_imported(
            openings=[row[:3] for row in first_rows if row[4] is None],
            source="import av saksportefølje",
        )
    )
    cursor.execute(
        "UPDATE caseload_staging SET created = true WHERE line = ANY(%s)",
        [[row[3] for row in first_rows if row[0] in owned]],
    )
    for statement in (_CASE_IDS, _VEDTAK, _PLANS):
        cursor.execute(statement)
    cursor.execute(
        "SELECT count(*) FILTER (WHERE created), count(*) FILTER (WHERE NOT created) "
        "FROM caseload_staging"
    )
    created, unchanged = cursor.fetchone()
    return rejected, created, unchanged


def _write_chunk(cursor, staged: list[tuple], report: ImportReport) -> list[tuple[int, str]]:
    """Write a chunk in one transaction; should the database refuse it, write it row by row so
    that only the rows it refuses are lost, each reported by line."""
    try:
        with transaction.atomic():
            rejected, created, unchanged = _write(cursor, staged)
    except (DataError, IntegrityError):
        rejected, created, unchanged = [], 0, 0
        for values in staged:
            try:
                with transaction.atomic():
                    row_rejected, row_created, row_unchanged = _write(cursor, [values])
            except (DataError, IntegrityError) as error:
                rejected.append((values[0], database_refusal(error)))
                continue
            rejected += row_rejected
            created += row_created
            unchanged += row_unchanged
    report.created += created
    report.unchanged += unchanged
    return rejected


def caseload_import(
    *, rows: Iterable[Row], dry_run: bool = False, chunk_rows: int = CHUNK_ROWS
) -> ImportReport:
    report = ImportReport()
    today = timezone.localdate()
    offices = {u.kode.lower(): u for u in Unit.objects.filter(type=Unit.Type.NAV_KONTOR)}
    users = {
        u.username.lower(): u
        for u in User.objects.filter(role__in=NAV_ROLES).select_related("unit__parent")
    }
    with transaction.atomic() if dry_run else nullcontext(), connection.cursor() as cursor:
        cursor.execute(_CREATE_STAGING)
        try:
            for chunk in _chunks(rows, chunk_rows):
                problems: list[tuple[int, str]] = []
                staged = []
                for row in chunk:
                    try:
                        staged.append(_parse(row, offices, users, today))
                    except RowError as error:
                        problems.append((row.line, str(error)))
                if staged:
                    problems += _write_chunk(cursor, staged, report)
                for line, message in sorted(problems):
                    report.error(line, message)
        finally:
            if not dry_run:
                cursor.execute("DROP TABLE IF EXISTS caseload_staging, caseload_seen")
        if dry_run:
            transaction.set_rollback(True)
    return report
