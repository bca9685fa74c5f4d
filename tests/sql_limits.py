"""Checks on the SQL a page ran, shared by the list-page tests of every app."""

from __future__ import annotations

import re


def unbounded_reads(queries, table: str) -> list[str]:
    """Queries (from CaptureQueriesContext) that read rows of `table` with neither a LIMIT nor a
    given list of ids: a list page that runs one loads or counts its whole list."""
    return [
        q["sql"]
        for q in queries
        if re.search(rf'FROM "{table}"', q["sql"])
        and q["sql"].lstrip().upper().startswith("SELECT")
        and not re.search(r"\bLIMIT\b", q["sql"])
        and f'"{table}"."id" IN (' not in q["sql"]
    ]


def plan_with_only_index(sql: str, params, table: str, index: str) -> str:
    """The plan of `sql` when `index` is the only index of `table` besides its primary key, and
    scanning the table is off: whether the index alone can serve the query (its predicate
    implied, its columns enough). On a test's few rows every index costs about the same, so
    which one the planner would pick among several is chance; at scale bench/ shows the pick.
    The other indexes are dropped inside a transaction that is rolled back."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
            "WHERE x.indrelid = %s::regclass AND NOT x.indisprimary AND i.relname <> %s",
            [table, index],
        )
        for (other,) in cursor.fetchall():
            cursor.execute(f'DROP INDEX "{other}"')
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        transaction.set_rollback(True)
    return plan
