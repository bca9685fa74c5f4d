"""Washing a list: read it, match it, decide each row's result and the allowed answer, keep
the session. Review decisions (confirm, reject) are here too."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Callable, Iterable, Mapping

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Case as Conditional
from django.db.models import Count, IntegerField, Q, Value, When
from django.utils import timezone

from accounts.models import Agency, Unit, User
from cases.access import ListStatus, may_review_washing
from cases.models import (
    Case,
    CaseStatus,
    OtStatus,
    WashingAnswer,
    WashingCandidate,
    WashingRejection,
    WashingResult,
    WashingRow,
    WashingSession,
)
from cases.selectors.periode import annotate_ivaretatt, ivaretatt_status
from cases.washing import directions
from cases.washing.completion import session_done
from cases.washing.conflicts import apply_conflict_rules
from cases.washing.matching import copy_rows, link_exact, propose_candidates
from cases.washing.reader import ListRow, read_list
from nav_ot.dates import birth_date_bounds, day_month_swapped, one_digit_off

BATCH = 5000
# The ages a birth date one digit off may be read as (the register holds 15–29-year-olds).
MIN_AGE, MAX_AGE = 10, 40
# OT codes saying NAV runs the activity: NAV must follow the youth too.
NAV_RUNS = {OtStatus.OTAP, OtStatus.OTKO}
# OT codes for "not in the target group".
NOT_TARGET_GROUP = {s.value for s in OtStatus if s.value.endswith("_IM")} | {OtStatus.FEIL}

_ANSWER = {
    ListStatus.IVARETATT: WashingAnswer.IVARETATT,
    ListStatus.IKKE_IVARETATT: WashingAnswer.IKKE_IVARETATT,
    ListStatus.FLYTTET: WashingAnswer.HAR_FLYTTET,
}


def nav_answer(case: Case) -> str:
    """NAV's answer about a youth, from NAV's own follow-up, in the only words allowed
    without a samtykke. A case read by `_cases_by_youth` carries it already (`ivaretatt`, from
    annotate_ivaretatt for OT); any other is asked on its own."""
    status = getattr(case, "ivaretatt", None) or ivaretatt_status(case, Agency.OT)
    return _ANSWER[status]


def _nav_follows(case: Case | None) -> bool:
    return case is not None and case.nav_kontor_id is not None


ROW_COLUMNS = [
    "session_id", "rad", "fnr", "fnr_as_typed", "first_name", "last_name", "birth_date",
    "near_dates", "digit_dates", "school", "ot_status", "result", "problem", "answer",
    "conflict", "linked_by", "youth_id", "case_id",
]  # fmt: skip


@functools.lru_cache(maxsize=8192)
def _typo_dates(
    birth_date: dt.date, bounds: tuple[dt.date, dt.date]
) -> tuple[list[dt.date], list[dt.date]]:
    """The dates a birth date may have been mistyped from: day and month swapped (`near`, with
    the date itself), and one digit off within `bounds`. Cached, as a list's rows share birth
    dates; the lists are only read (into the COPY)."""
    near = [birth_date]
    if swapped := day_month_swapped(birth_date):
        near.append(swapped)
    return near, one_digit_off(birth_date, earliest=bounds[0], latest=bounds[1])


def _row_values(session: WashingSession, row: ListRow, bounds: tuple[dt.date, dt.date]) -> tuple:
    """The columns of a list row; `bounds` are the birth dates a youth in Trekant can have
    (the register holds no one older or younger), for the dates one digit off."""
    near, digits = _typo_dates(row.birth_date, bounds) if row.birth_date else ([], [])
    result = WashingResult.UGYLDIG.value if row.problem else ""
    return (
        session.id, row.rad, row.fnr, row.fnr_as_typed, row.first_name, row.last_name,
        row.birth_date, near, digits, row.school, row.ot_status, result, row.problem[:300],
        "", "", "", None, None,
    )  # fmt: skip


def _cases_by_youth(youth_ids: Iterable[int]) -> dict[int, Case]:
    """Each youth's case: the open one, else the latest."""
    found: dict[int, Case] = {}
    cases = (
        annotate_ivaretatt(Case.objects.filter(youth_id__in=set(youth_ids)), Agency.OT)
        .annotate(
            closed=Conditional(
                When(status=CaseStatus.AVSLUTTET, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("youth_id", "closed", "-created_at")
    )
    for case in cases:
        found.setdefault(case.youth_id, case)
    return found


def _conflict(row: WashingRow, case: Case | None) -> str:
    follows = _nav_follows(case) and row.answer == WashingAnswer.IVARETATT
    if row.ot_status in NAV_RUNS and not follows:
        return f"OT har {row.ot_status}, men NAV følger ikke opp ungdommen"
    if row.ot_status in NOT_TARGET_GROUP and follows:
        return "NAV følger opp en ungdom OT har som ikke i målgruppen"
    return ""


def settle_row(row: WashingRow, case: Case | None) -> None:
    """The result, answer and conflict of a row linked to a youth (or of an unmatched one)."""
    if directions.uses_mirror_rule(row.session):
        directions.settle_row(row)
        return
    if row.youth_id and _nav_follows(case):
        row.result, row.case, row.answer = WashingResult.BEGGE, case, nav_answer(case)
    else:
        row.result, row.case, row.answer = WashingResult.KUN_OT, None, ""
    row.conflict = _conflict(row, case)


_SETTLED = """
UPDATE cases_washingrow r
SET result = s.result, case_id = s.case_id, answer = s.answer, conflict = s.conflict
FROM unnest(%s::bigint[], %s::text[], %s::bigint[], %s::text[], %s::text[])
     AS s(id, result, case_id, answer, conflict)
WHERE r.id = s.id
"""


def _settle(session: WashingSession, with_candidates: set[int]) -> None:
    rows = list(
        session.rows.filter(rad__isnull=False)
        .exclude(result=WashingResult.UGYLDIG)
        .only("id", "session_id", "youth_id", "ot_status")
    )
    cases = _cases_by_youth(r.youth_id for r in rows if r.youth_id)
    for row in rows:
        if row.youth_id is None and row.id in with_candidates:
            row.result, row.case, row.answer, row.conflict = WashingResult.MULIG_TREFF, None, "", ""
        else:
            settle_row(row, cases.get(row.youth_id))
    # One UPDATE … FROM the settled values as arrays, not a statement per row.
    columns = [[r.id for r in rows], [r.result for r in rows], [r.case_id for r in rows]]
    columns += [[r.answer for r in rows], [r.conflict for r in rows]]
    with connection.cursor() as cursor:
        cursor.execute(_SETTLED, columns)


def _add_kun_nav(session: WashingSession, today: dt.date) -> None:
    """NAV's youth in the OT unit's county and OT's age range that the list does not have:
    one INSERT … SELECT, NAV's answer computed in the same statement (the one answer rule)."""
    earliest, latest = birth_date_bounds(15, settings.OT_AGE_LIMIT - 1, today)
    on_list = session.rows.filter(youth__isnull=False).values("youth_id")
    proposed = WashingCandidate.objects.filter(row__session=session).values("youth_id")
    cases = (
        Case.objects.exclude(status=CaseStatus.AVSLUTTET)
        .filter(
            Q(nav_kontor__parent_id=session.ot_enhet.parent_id),
            youth__birth_date__range=(earliest, latest),
        )
        .exclude(youth_id__in=on_list)
        .exclude(youth_id__in=proposed)
    )
    directions.insert_rows(
        session,
        directions.with_answer(directions.youth_columns(cases), session),
        result=WashingResult.KUN_NAV.value,
    )


def _count(session: WashingSession) -> dict[str, int]:
    counts = {result.value: 0 for result in WashingResult}
    # Counted by PostgreSQL (GROUP BY), not by reading every row's result into Python.
    counts.update(session.rows.order_by().values_list("result").annotate(n=Count("id")))
    counts["konflikter"] = session.rows.exclude(conflict="").count()
    return counts


class Stage:
    """The steps a washing reports as it goes (`progress(stage, done, total)`, rows)."""

    READING = "lese"
    MATCHING = "matche"
    SAVING = "lagre"


Progress = Callable[[str, int, int], None]


def _no_progress(stage: str, done: int, total: int) -> None:
    pass


def wash_file(
    *,
    user: User,
    ot_enhet: Unit,
    data: bytes,
    file_name: str,
    mapping: Mapping[str, str] | None = None,
    nav_kontor: Unit | None = None,
    progress: Progress = _no_progress,
) -> WashingSession:
    """Wash OT's list against the register, or with `nav_kontor` NAV's list of that office
    against OT's follow-up in `ot_enhet` (cases/washing/directions.py). The file's content is
    not kept: only what each row's result needs, with the file's name and checksum.
    ListFileError for an unreadable file (nothing is saved then). `progress` hears each step
    and, while matching, the rows done of the list's rows."""
    directions.check_units(ot_enhet, nav_kontor)
    progress(Stage.READING, 0, 0)
    rows = read_list(data, file_name, mapping)
    today = timezone.localdate()
    with transaction.atomic():
        session = WashingSession.objects.create(
            side=Agency.NAV if nav_kontor is not None else Agency.OT,
            nav_kontor=nav_kontor,
            ot_enhet=ot_enhet,
            created_by=user,
            file_name=file_name[:255],
            sha256=hashlib.sha256(data).hexdigest(),
        )
        bounds = birth_date_bounds(MIN_AGE, MAX_AGE, today)
        total = 0

        def values():  # streamed into the COPY, counted on the way
            nonlocal total
            for row in rows:
                total += 1
                yield _row_values(session, row, bounds)

        copy_rows("cases_washingrow", ROW_COLUMNS, values())
        progress(Stage.MATCHING, 0, total)
        link_exact(session.id)

        def matched(done: int, pending: int) -> None:
            # The rows not matched by name (linked by number, or unusable) are done at once.
            progress(Stage.MATCHING, total - pending + done, total)

        with_candidates = propose_candidates(session.id, on_chunk=matched)
        progress(Stage.SAVING, total, total)
        if directions.uses_mirror_rule(session):
            directions.settle_rows(session)
            directions.add_other_side(session, today)
        else:
            _settle(session, with_candidates)
            apply_conflict_rules(session.id)
            _add_kun_nav(session, today)
        session.counts = _count(session)
        session.status = WashingSession.Status.DONE
        session.finished_at = timezone.now()
        session.save(update_fields=["counts", "status", "finished_at"])
        session_done(session)
    return session


def recount(session: WashingSession) -> None:
    session.counts = _count(session)
    session.save(update_fields=["counts"])


def _row_to_decide(user: User, candidate: WashingCandidate) -> WashingRow:
    row = (
        WashingRow.objects.select_for_update()
        .select_related("session__ot_enhet")
        .get(pk=candidate.row_id)
    )
    if not may_review_washing(user, row.session.ot_enhet):
        raise PermissionDenied("Bare NAV i samme fylke kan vurdere mulige treff.")
    if candidate.decision != WashingCandidate.Decision.OPEN or row.youth_id is not None:
        raise ValidationError("Treffet er allerede vurdert.")
    return row


@transaction.atomic
def candidate_confirm(*, user: User, candidate: WashingCandidate) -> WashingRow:
    """A person says the row is this youth: the row links, its other candidates close."""
    row = _row_to_decide(user, candidate)
    now = timezone.now()
    candidate.decision = WashingCandidate.Decision.CONFIRMED
    candidate.decided_by, candidate.decided_at = user, now
    candidate.save(update_fields=["decision", "decided_by", "decided_at"])
    row.youth_id, row.linked_by = candidate.youth_id, "vurdert"
    settle_row(row, _cases_by_youth([candidate.youth_id]).get(candidate.youth_id))
    row.save(update_fields=["youth", "linked_by", "result", "case", "answer", "conflict"])
    apply_conflict_rules(row.session_id, row=row)
    recount(row.session)
    return row


@transaction.atomic
def candidate_reject(*, user: User, candidate: WashingCandidate) -> WashingRow:
    """Not the same youth: remembered, so the pair is never proposed again. When no candidate
    is left open the row is kun_ot."""
    row = _row_to_decide(user, candidate)
    candidate.decision = WashingCandidate.Decision.REJECTED
    candidate.decided_by, candidate.decided_at = user, timezone.now()
    candidate.save(update_fields=["decision", "decided_by", "decided_at"])
    WashingRejection.objects.get_or_create(
        pair_key=row.pair_key, youth_id=candidate.youth_id, defaults={"rejected_by": user}
    )
    if not row.candidates.filter(decision=WashingCandidate.Decision.OPEN).exists():
        settle_row(row, None)
        row.save(update_fields=["result", "case", "answer", "conflict"])
        recount(row.session)
    return row
