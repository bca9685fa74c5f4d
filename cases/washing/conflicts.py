"""Conflict rules other apps add to list washing, without cases knowing their tables.

A rule is an SQL expression over a washed row `r` (cases_washingrow: youth_id, ot_status,
case_id) giving the conflict text, or '' for none, with the named parameters it uses. Rules run
after a session's rows are settled (one UPDATE per rule over the session's rows) and again for a
single row settled later (a confirmed candidate, a case opened). Only rows of the list that are
linked to a youth and have no conflict yet are considered; the first rule that finds one wins.
The text is NAV's: OT's view and file never show a conflict (cases/washing/export.py).

measures registers its rule (OT status OTAP/OTKO without the NAV tiltak) in its AppConfig.ready.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import connection

from cases.models import WashingRow


@dataclass(frozen=True)
class ConflictRule:
    sql: str
    params: Mapping = field(default_factory=dict)


_RULES: dict[str, ConflictRule] = {}

_UPDATE = """
UPDATE cases_washingrow w SET conflict = left(x.conflict, 200)
FROM (SELECT r.id, ({sql}) AS conflict FROM cases_washingrow r
      WHERE r.session_id = %(washing_session)s AND r.rad IS NOT NULL
        AND r.youth_id IS NOT NULL AND r.conflict = '' {one_row}) x
WHERE w.id = x.id AND COALESCE(x.conflict, '') <> ''
RETURNING w.conflict
"""


def register_conflict_rule(name: str, *, sql: str, params: Mapping | None = None) -> None:
    """Add (or replace) the rule `name`; called from an AppConfig.ready."""
    _RULES[name] = ConflictRule(sql=sql, params=dict(params or {}))


def apply_conflict_rules(session_id: int, *, row: WashingRow | None = None) -> None:
    """Run every registered rule over the session's rows, or over `row` alone (its `conflict`
    is then set in memory as well)."""
    one_row = "AND r.id = %(washing_row)s" if row is not None else ""
    with connection.cursor() as cursor:
        for rule in _RULES.values():
            cursor.execute(
                _UPDATE.format(sql=rule.sql, one_row=one_row),
                {**rule.params, "washing_session": session_id, "washing_row": row and row.pk},
            )
            if row is not None and (found := cursor.fetchone()):
                row.conflict = found[0]
