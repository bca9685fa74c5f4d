"""The washing result as the two working files, through the one export writer.

NAV's file: rad,fnr,navn,resultat,svar,sak,treff_fnr. OT's file: rad,fnr,navn,resultat,svar,
with mulig_treff shown as under_avklaring. The same columns whichever side's list it is (NAV's
list, or either side's youth in Trekant): `svar` is then the other side's answer. Nothing else crosses to OT: a case number, a
candidate's identity and a conflict stay on NAV's side.
"""

from __future__ import annotations

from typing import IO

from django.db.models import BooleanField, ExpressionWrapper, Prefetch, Value

from accounts.models import Agency, User
from cases.access import (
    log_access,
    washing_row_details_visible,
    washing_rows_for_side,
    washing_rows_visible,
    youths_cases,
)
from cases.models import AccessLog, WashingCandidate, WashingResult, WashingRow, WashingSession
from nav_ot.exports import write_csv

NAV_COLUMNS = ["rad", "fnr", "navn", "resultat", "svar", "sak", "treff_fnr"]
OT_COLUMNS = ["rad", "fnr", "navn", "resultat", "svar"]
UNDER_AVKLARING = "under_avklaring"


def _rows(session: WashingSession, side: str, user: User):
    # A person's own side's file holds the rows their view holds; the command's account has no
    # side and writes the side's whole file.
    if getattr(user, "agency", None) == side:
        visible = washing_rows_visible(user, session)
        details = washing_row_details_visible(user, session)
    else:
        visible, details = washing_rows_for_side(side, session), None
    best = WashingCandidate.objects.filter(
        rank=1, decision=WashingCandidate.Decision.OPEN
    ).select_related("youth")
    return (
        session.rows.filter(visible)
        .annotate(
            details_shown=ExpressionWrapper(details, output_field=BooleanField())
            if details
            else Value(True)
        )
        .select_related("youth")
        .prefetch_related(Prefetch("candidates", queryset=best, to_attr="best"))
        .order_by("rad", "id")  # the list's rows by number; the other side's (no rad) last
    )


def _fnr(row: WashingRow) -> str:
    """The number as the list had it (valid, or as typed); a kun_nav youth's from the register."""
    return row.fnr or row.fnr_as_typed


def _case_number(row: WashingRow) -> str | int:
    """The row's case, where the person's page shows it (another NAV office's case does not)."""
    return row.case_id if row.case_id and row.details_shown else ""


def _name(row: WashingRow) -> str:
    return " ".join(part for part in (row.first_name, row.last_name) if part)


def result_lines(session: WashingSession, *, user: User, for_ot: bool) -> tuple[list, list]:
    """(header, lines) of a side's file; each youth of the register in it is logged as an
    export by `user`."""
    lines, logged, candidates = [], [], set()
    for row in _rows(session, Agency.OT if for_ot else Agency.NAV, user):
        rad = row.rad if row.rad is not None else ""
        resultat = row.result
        if for_ot:
            if resultat == WashingResult.MULIG_TREFF:
                resultat = UNDER_AVKLARING
            lines.append([rad, _fnr(row), _name(row), resultat, row.answer])
        else:
            treff = ""
            # The linked youth of a row both know, and of the other side's rows after the list.
            if (row.result == WashingResult.BEGGE or row.rad is None) and row.youth:
                treff = row.youth.fnr or ""
            elif row.result == WashingResult.MULIG_TREFF and row.best:
                treff = row.best[0].youth.fnr or ""
                candidates.add(row.best[0].youth_id)
            lines.append(
                [rad, _fnr(row), _name(row), resultat, row.answer, _case_number(row), treff]
            )
        if row.case_id:
            logged.append(row.case_id)
    log_access(user, logged, AccessLog.Action.EXPORT, f"listevask:{session.id}")
    if candidates:  # a candidate's number in NAV's file is an export of that youth
        log_access(
            user,
            youths_cases(youth_id__in=candidates),
            AccessLog.Action.EXPORT,
            f"listevask:{session.id}",
        )
    return (OT_COLUMNS if for_ot else NAV_COLUMNS), lines


def write_result(stream: IO[str], session: WashingSession, *, user: User, for_ot: bool) -> int:
    """Write the file as CSV; each youth of the register written is logged as an export."""
    header, lines = result_lines(session, user=user, for_ot=for_ot)
    return write_csv(stream, header, lines, lineterminator="\n")
