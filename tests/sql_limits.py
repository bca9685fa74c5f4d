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
