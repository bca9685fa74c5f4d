"""Washing in both directions: whose list it is (the session's `side`) decides the mirror.

- OT's list (`side` ot): the existing rule in cases/washing/service.py.
- NAV's list (`side` nav, for one NAV office against an OT unit of the office's county): a row
  OT follows (an open OT follow-up period in that OT unit) is `begge`, with OT's answer in the
  three words NAV may know without samtykke (cases.selectors.periode.annotate_ivaretatt); a row
  OT does not follow is `kun_nav`; OT's followed youth in the office's area (cases at the office,
  or with no NAV office yet) and OT's age range that NAV's list lacks are `kun_ot` rows after
  the file's rows (no `rad`).
- The youth already in Trekant (`source` register, no file): the rows are the side's own
  followed youth (an open follow-up period of the side in its unit), numbered by name, compared
  with the other side's follow-up by the same rule.

Everything here is set-based: the rows are written by INSERT … SELECT and settled by UPDATE …
FROM, from querysets that carry the rules, never by a loop over a unit in Python.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Case as Cases
from django.db.models import CharField, Exists, F, OuterRef, Q, QuerySet, Value, When

from accounts.models import Agency, Unit
from cases.access import ListStatus
from cases.models import (
    KUN_HOS,
    Case,
    Oppfolgingsperiode,
    WashingAnswer,
    WashingCandidate,
    WashingRow,
    WashingSession,
    WashingSource,
)
from cases.selectors.periode import annotate_ivaretatt, other_side
from nav_ot.dates import birth_date_bounds

# OT's age range: the youth the other side's rows may hold.
MIN_AGE = 15


def check_units(ot_enhet: Unit, nav_kontor: Unit | None) -> None:
    """NAV's list is washed against an OT unit of the office's own county."""
    if ot_enhet.type != Unit.Type.OT_ENHET:
        raise ValidationError("Velg en OT-enhet.")
    if nav_kontor is None:
        return
    if nav_kontor.type != Unit.Type.NAV_KONTOR:
        raise ValidationError("Velg et NAV-kontor.")
    if nav_kontor.parent_id != ot_enhet.parent_id:
        raise ValidationError("NAV-kontoret og OT-enheten ligger ikke i samme fylke.")


def uses_mirror_rule(session: WashingSession) -> bool:
    """Every washing but OT's file is settled here (OT's file by cases/washing/service.py)."""
    return session.side != Agency.OT or session.source != WashingSource.FILE


def _open_periode(agency: str) -> Exists:
    return Exists(
        Oppfolgingsperiode.objects.filter(case=OuterRef("pk"), agency=agency, ended_on__isnull=True)
    )


def followed_by(session: WashingSession, agency: str) -> QuerySet[Case]:
    """The cases `agency` follows for the session: an open follow-up period of that side in the
    session's unit of that side (for NAV in an OT washing: any NAV office)."""
    cases = Case.objects.filter(_open_periode(agency))
    if agency == Agency.OT:
        return cases.filter(ot_enhet_id=session.ot_enhet_id)
    if session.nav_kontor_id is not None:
        return cases.filter(nav_kontor_id=session.nav_kontor_id)
    return cases.filter(nav_kontor__isnull=False)


def with_answer(cases: QuerySet[Case], session: WashingSession) -> QuerySet[Case]:
    """`answer`: the other side's follow-up in the words the list's side may know (the one
    answer rule, annotate_ivaretatt), as WashingAnswer values."""
    return annotate_ivaretatt(cases, session.side).annotate(
        answer=Cases(
            When(ivaretatt=ListStatus.IVARETATT, then=Value(WashingAnswer.IVARETATT.value)),
            When(ivaretatt=ListStatus.FLYTTET, then=Value(WashingAnswer.HAR_FLYTTET.value)),
            default=Value(WashingAnswer.IKKE_IVARETATT.value),
            output_field=CharField(),
        )
    )


def _sql(queryset: QuerySet) -> tuple[str, tuple]:
    return queryset.query.sql_with_params()


def youth_columns(cases: QuerySet[Case]) -> QuerySet[Case]:
    return cases.annotate(
        y_fnr=F("youth__fnr"),
        y_first=F("youth__first_name"),
        y_last=F("youth__last_name"),
        y_born=F("youth__birth_date"),
    )


_INSERT = """
INSERT INTO cases_washingrow (
    session_id, rad, fnr, fnr_as_typed, first_name, last_name, birth_date, near_dates,
    digit_dates, school, ot_status, result, problem, answer, conflict, linked_by, youth_id,
    case_id)
SELECT %s, {rad}, coalesce(q.y_fnr, ''), '', q.y_first, q.y_last, q.y_born, '{{}}', '{{}}', '',
       '', {result}, '', {answer}, '', '', q.youth_id, q.id
FROM ({cases}) q
ORDER BY q.y_last, q.y_first, q.id
"""


# The answer kept on a row: the other side's when it follows; else only «har flyttet».
_KEPT_ANSWER = (
    "CASE WHEN {q}.other_follows OR {q}.answer = '"
    + WashingAnswer.HAR_FLYTTET.value
    + "' THEN {q}.answer ELSE '' END"
)


def with_other_follows(cases: QuerySet[Case], session: WashingSession) -> QuerySet[Case]:
    """`answer` (with_answer) and `other_follows`: whether the other side follows the case in
    the session's unit of that side."""
    other = followed_by(session, other_side(session.side)).filter(pk=OuterRef("pk"))
    return with_answer(cases, session).annotate(other_follows=Exists(other))


def insert_own_rows(session: WashingSession) -> int:
    """The side's own followed youth as the rows of a washing without a file, numbered by name
    (one row per youth), settled as they are written: `begge` with the other side's answer
    where it follows, else `kun_<side>`. Each row keeps the side's own case."""
    own = (
        with_other_follows(youth_columns(followed_by(session, session.side)), session)
        .order_by("youth_id", "-id")
        .distinct("youth_id")
        .values("id", "youth_id", "y_fnr", "y_first", "y_last", "y_born", "other_follows", "answer")
    )
    sql, params = _sql(own)
    query = _INSERT.format(
        rad="row_number() OVER (ORDER BY q.y_last, q.y_first, q.id)",
        result="CASE WHEN q.other_follows THEN 'begge' ELSE %s END",
        answer=_KEPT_ANSWER.format(q="q"),
        cases=sql,
    )
    with connection.cursor() as cursor:
        cursor.execute(query, (session.id, KUN_HOS[session.side], *params))
        return cursor.rowcount


def add_other_side(session: WashingSession, today: dt.date) -> int:
    """The other side's followed youth in the list's area and OT's age range that the list has
    neither linked nor proposed: rows after the list's own, with no `rad`."""
    other = other_side(session.side)
    earliest, latest = birth_date_bounds(MIN_AGE, settings.OT_AGE_LIMIT - 1, today)
    cases = followed_by(session, other).filter(youth__birth_date__range=(earliest, latest))
    if other == Agency.OT:
        # The office's area: OT's cases at this office, or with no NAV office yet.
        cases = cases.filter(Q(nav_kontor__isnull=True) | Q(nav_kontor_id=session.nav_kontor_id))
    else:
        cases = cases.filter(nav_kontor__parent_id=session.ot_enhet.parent_id)
    on_list = WashingRow.objects.filter(session=session, youth__isnull=False).values("youth_id")
    proposed = WashingCandidate.objects.filter(row__session=session).values("youth_id")
    cases = cases.exclude(youth_id__in=on_list).exclude(youth_id__in=proposed)
    return insert_rows(session, with_answer(youth_columns(cases), session), result=KUN_HOS[other])


def insert_rows(session: WashingSession, cases: QuerySet[Case], *, result: str) -> int:
    """One row per youth of `cases` (carrying youth_columns and with_answer), after the list's
    rows (no `rad`), with `result`: one INSERT … SELECT, ordered by name."""
    cases = (
        cases.order_by("youth_id", "-id")
        .distinct("youth_id")
        .values("id", "youth_id", "y_fnr", "y_first", "y_last", "y_born", "answer")
    )
    sql, params = _sql(cases)
    query = _INSERT.format(rad="NULL::integer", result="%s", answer="q.answer", cases=sql)
    with connection.cursor() as cursor:
        cursor.execute(query, (session.id, result, *params))
        return cursor.rowcount


_SETTLE = """
UPDATE cases_washingrow r
SET result = CASE WHEN x.other_follows THEN 'begge'
                  WHEN r.youth_id IS NULL AND EXISTS (
                      SELECT 1 FROM cases_washingcandidate c
                      WHERE c.row_id = r.id AND c.decision = 'open'
                  ) THEN 'mulig_treff'
                  ELSE %s END,
    case_id = CASE WHEN x.other_follows THEN x.case_id END,
    answer = {answer},
    conflict = ''
FROM (
    SELECT w.id, q.id AS case_id, q.other_follows, q.answer
    FROM cases_washingrow w LEFT JOIN ({cases}) q ON q.youth_id = w.youth_id
    WHERE w.session_id = %s AND w.rad IS NOT NULL AND w.result <> 'ugyldig' {only}
) x
WHERE r.id = x.id
"""


def settle_rows(session: WashingSession, row_ids: Sequence[int] | None = None) -> None:
    """Each list row's result and answer, set-based: linked to a youth the other side follows,
    `begge` with the other side's answer; in review, `mulig_treff`; else `kun_<side>`, with
    «har flyttet» when the other side's follow-up ended because the youth moved. No conflicts
    are drawn from the other side's data. `row_ids` settles just those rows (a review decision)."""
    only, extra = ("AND w.id = ANY(%s)", (list(row_ids),)) if row_ids is not None else ("", ())
    linked = WashingRow.objects.filter(session=session, youth__isnull=False)
    if row_ids is not None:
        linked = linked.filter(pk__in=row_ids)
    cases = (
        with_other_follows(Case.objects.filter(youth_id__in=linked.values("youth_id")), session)
        .order_by("youth_id", F("other_follows").desc(), "-id")
        .distinct("youth_id")
        .values("id", "youth_id", "other_follows", "answer")
    )
    sql, params = _sql(cases)
    # One statement, so each row (and its generated name key) is written once.
    with connection.cursor() as cursor:
        if row_ids is None:
            # The rows were just written: without fresh statistics the planner takes the list
            # for a few rows and loops over the cases' subquery once per row.
            cursor.execute("ANALYZE cases_washingrow")
        cursor.execute(
            _SETTLE.format(cases=sql, only=only, answer=_KEPT_ANSWER.format(q="x")),
            (KUN_HOS[session.side], *params, session.id, *extra),
        )


def settle_row(row: WashingRow) -> None:
    """One row after a review decision or an action: written with its youth, settled by the
    same statements as the whole list, read back."""
    WashingRow.objects.filter(pk=row.pk).update(youth_id=row.youth_id, linked_by=row.linked_by)
    settle_rows(row.session, [row.pk])
    fresh = WashingRow.objects.values("result", "case_id", "answer", "conflict").get(pk=row.pk)
    for name, value in fresh.items():
        setattr(row, name, value)
