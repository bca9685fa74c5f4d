"""Set-based matching of a session's rows against the register, in PostgreSQL.

1. Exact: a valid fødselsnummer or D-nummer links the row (one UPDATE … FROM).
2. Candidates for the rest, by blocking on indexes, never by comparing every pair:
   - the same birth date, or day and month swapped, a name beginning with the same two letters
     (indexes on the date with each name's first letters) and a similar name (pg_trgm
     similarity);
   - a birth date one digit off and the same first name, the same surname, or the surname
     given as first name (name swapped) (indexes on each part of the name key with the date);
   - the same whole name and a birth date within a year.
   A pair a person rejected earlier is left out, and so is a youth whose known fødselsnummer
   differs from a valid one on the row (two valid numbers are two people), and a youth known
   only to another OT unit (cases.access.washing_candidates_allowed).
3. Each candidate is scored in Python (cases/washing/names.py); the best few go to review.
   A candidate is never linked automatically.

A join on trigram similarity through a GIN index (name % name) was measured and dropped: each
probe cost 7 ms at 20,000 youth, as common trigrams («sen», «ans») match most of the register.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from django.db import connection

from cases.access import washing_candidates_allowed
from cases.models import WashingCandidate, WashingRow, WashingSession
from cases.washing.names import score

# Trigram similarity (0–1) a name must reach to be a candidate where the birth date agrees.
SIMILAR_WITH_DATE = 0.3
MIN_SCORE = 0.55
CANDIDATES_PER_ROW = 5
# Rows matched per query: the progress moves per chunk.
CHUNK = 1000
OPEN = WashingCandidate.Decision.OPEN.value

# One probe per row on the unique number index (LIMIT 1 keeps the planner from hashing the
# whole register, as it did: 1 s at a million youth).
_LINK_EXACT = """
UPDATE cases_washingrow r SET youth_id = y.id, linked_by = 'fnr'
FROM cases_washingrow w
CROSS JOIN LATERAL (SELECT y.id FROM cases_youth y WHERE y.fnr = w.fnr LIMIT 1) y
WHERE w.session_id = %s AND w.fnr <> '' AND w.problem = '' AND r.id = w.id
"""

_PENDING_IDS = """
SELECT id FROM cases_washingrow
WHERE session_id = %s AND rad IS NOT NULL AND youth_id IS NULL AND problem = ''
  AND birth_date IS NOT NULL AND name_key <> '/'
ORDER BY id
"""

_PENDING = """
SELECT id, name_key, birth_date, near_dates, digit_dates, fnr,
       fnr || '|' || name_key || '|' || coalesce(birth_date::text, '') AS pair_key
FROM cases_washingrow WHERE id = ANY(%s)
"""

_LAST = "split_part({}.name_key, '/', 2)"
_FIRST = "split_part({}.name_key, '/', 1)"
_YOUTH = "y.id, y.name_key, y.birth_date, y.fnr"
_CANDIDATES = f"""
WITH pending AS MATERIALIZED (
    SELECT *, {_FIRST.format("w")} AS first, {_LAST.format("w")} AS last,
           left({_FIRST.format("w")}, 2) AS f2, left({_LAST.format("w")}, 2) AS l2
    FROM ({_PENDING}) w
),
pairs AS (
    -- Each branch carries what the scoring needs of the youth, so no youth is read twice.
    -- Same or swapped date: the youth born that day whose first or last name begins with the
    -- same two letters as either name on the row (index probes on the date and the letters),
    -- then the dearer trigram similarity, since many youth share a birth date.
    SELECT p.id AS row_id, y.id AS youth_id, y.name_key AS youth_key,
           y.birth_date AS youth_born, y.fnr AS youth_fnr
    FROM pending p
    CROSS JOIN LATERAL unnest(p.near_dates) AS d(day)
    CROSS JOIN LATERAL (
        SELECT {_YOUTH} FROM cases_youth y
        WHERE y.birth_date = d.day AND left({_FIRST.format("y")}, 2) = p.f2
      UNION ALL
        SELECT {_YOUTH} FROM cases_youth y
        WHERE y.birth_date = d.day AND left({_FIRST.format("y")}, 2) = p.l2
      UNION ALL
        SELECT {_YOUTH} FROM cases_youth y
        WHERE y.birth_date = d.day AND left({_LAST.format("y")}, 2) = p.l2
      UNION ALL
        SELECT {_YOUTH} FROM cases_youth y
        WHERE y.birth_date = d.day AND left({_LAST.format("y")}, 2) = p.f2
    ) y
    WHERE similarity(y.name_key, p.name_key) >= %s
  UNION
    -- A date one digit off: one index probe per row and name part, all dates at once.
    SELECT p.id, y.*
    FROM pending p
    CROSS JOIN LATERAL (
        SELECT {_YOUTH} FROM cases_youth y
        WHERE {_LAST.format("y")} = p.last AND y.birth_date = ANY(p.digit_dates)
      UNION ALL
        SELECT {_YOUTH} FROM cases_youth y
        WHERE {_FIRST.format("y")} = p.first AND y.birth_date = ANY(p.digit_dates)
      UNION ALL
        SELECT {_YOUTH} FROM cases_youth y
        WHERE {_LAST.format("y")} = p.first AND y.birth_date = ANY(p.digit_dates)
    ) y
  UNION
    -- The same whole name, born within a year: one probe per row on the name key index.
    SELECT p.id, y.* FROM pending p
    CROSS JOIN LATERAL (
        SELECT {_YOUTH} FROM cases_youth y
        WHERE y.name_key = p.name_key
          AND y.birth_date BETWEEN p.birth_date - 366 AND p.birth_date + 366
    ) y
)
SELECT pairs.row_id, pairs.youth_id, pairs.youth_key, pairs.youth_born, p.name_key, p.birth_date
FROM pairs
JOIN pending p ON p.id = pairs.row_id
WHERE (p.fnr = '' OR pairs.youth_fnr IS NULL OR pairs.youth_fnr = p.fnr)
  AND NOT EXISTS (
      SELECT 1 FROM cases_washingrejection x
      WHERE x.pair_key = p.pair_key AND x.youth_id = pairs.youth_id
  )
"""


def copy_rows(table: str, columns: list[str], rows) -> None:
    """Write many rows with COPY: a tenth of what INSERTs of the same rows cost."""
    with connection.cursor() as cursor:
        with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def link_exact(session_id: int) -> int:
    with connection.cursor() as cursor:
        # The rows were just written: without fresh statistics the planner takes the list for
        # one row and scans the whole register instead of using the indexes.
        cursor.execute("ANALYZE cases_washingrow")
        cursor.execute(_LINK_EXACT, [session_id])
        return cursor.rowcount


def propose_candidates(
    session_id: int, on_chunk: Callable[[int, int], None] | None = None
) -> set[int]:
    """Scored candidates for every row not linked exactly; returns the rows that got any.
    The rows are matched CHUNK at a time, `on_chunk(done, total)` called after each."""
    with connection.cursor() as cursor:
        cursor.execute(_PENDING_IDS, [session_id])
        pending = [row_id for (row_id,) in cursor.fetchall()]
    by_row: dict[int, list[tuple[float, int, tuple[str, ...]]]] = defaultdict(list)
    for start in range(0, len(pending), CHUNK):
        chunk = pending[start : start + CHUNK]
        with connection.cursor() as cursor:
            cursor.execute(_CANDIDATES, [chunk, SIMILAR_WITH_DATE])
            for row_id, youth_id, youth_key, youth_date, row_key, row_date in cursor:
                result = score(row_key, row_date, youth_key, youth_date, at_least=MIN_SCORE)
                if result is not None:
                    by_row[row_id].append((result.value, youth_id, result.reasons))
        if on_chunk is not None:
            on_chunk(start + len(chunk), len(pending))
    # Only youth the washing's reviewers may be shown (not another OT unit's own youth).
    ot_enhet_id = WashingSession.objects.values_list("ot_enhet_id", flat=True).get(pk=session_id)
    allowed = washing_candidates_allowed(
        ot_enhet_id, {youth_id for found in by_row.values() for _value, youth_id, _r in found}
    )
    by_row = {
        row_id: kept
        for row_id, found in by_row.items()
        if (kept := [item for item in found if item[1] in allowed])
    }
    candidates = []
    for row_id, found in by_row.items():
        # Best first; equal scores in register order, so a re-run proposes the same order.
        found.sort(key=lambda item: (-item[0], item[1]))
        for rank, (value, youth_id, reasons) in enumerate(found[:CANDIDATES_PER_ROW], start=1):
            candidates.append((row_id, youth_id, value, list(reasons), rank, OPEN))
    copy_rows(
        "cases_washingcandidate",
        ["row_id", "youth_id", "score", "reasons", "rank", "decision"],
        candidates,
    )
    return set(by_row)


def rows_with_candidates(session_id: int):
    return WashingRow.objects.filter(session_id=session_id, candidates__isnull=False).distinct()
