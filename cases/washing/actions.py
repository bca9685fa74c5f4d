"""Acting on a washing result through the existing case services: open a case for a youth only
OT knows, link a row to a case the user sees, send a henvisning for a youth only one side knows,
and assign the rows' cases on one's own side. Who may do what is `cases.access.washing_actions`
(and, per case, `case_access` and `may_assign`); the rules of each act are the case services'.

Messages to OT never say more than the answers that may cross without a samtykke."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import Agency, Unit, User
from cases.access import (
    WashingAction,
    case_access,
    case_get_for_user,
    cases_visible_to,
    washing_actions,
    washing_side,
)
from cases.events import Verb, record_event
from cases.models import (
    KUN_HOS,
    Case,
    CaseStatus,
    Henvisning,
    WashingAnswer,
    WashingCandidate,
    WashingResult,
    WashingRow,
    WashingSession,
)
from cases.selectors import referral_offices
from cases.services import (
    DuplicateYouth,
    case_assign,
    case_open,
    henvisning_send,
    youth_register,
)
from cases.washing.conflicts import apply_conflict_rules
from cases.washing.service import nav_answer, recount, settle_row

# Each side refers the youth only it knows: kun_nav rows for NAV, kun_ot rows for OT, whoever's
# list it was (cases/washing/directions.py).
REFERABLE = KUN_HOS
REFER_MESSAGE = "Fra listevask {day:%d.%m.%Y}: ungdommen finnes bare hos {side}."
# OT's answer when OT cannot register a youth from its list: whether Trekant (NAV) knows the
# youth already is exactly what may not cross.
NAV_NOT_OURS = "Saken hører til et annet NAV-kontor."
NAV_CANNOT_REGISTER = "Ungdommen er allerede registrert i Trekant ved en annen enhet."
OT_CANNOT_REGISTER = "Ungdommen kan ikke registreres herfra. Ta raden opp med NAV i listevaskmøtet."


def linkable(session: WashingSession) -> set[str]:
    """The list's rows a person may link to a case: those only the list's side knows, those in
    review and those with an invalid number (the machine could not link them)."""
    return {KUN_HOS[session.side], WashingResult.MULIG_TREFF.value, WashingResult.UGYLDIG.value}


def row_label(row: WashingRow) -> str:
    return f"Rad {row.rad}" if row.rad is not None else f"{row.first_name} {row.last_name}"


def _require(user: User, session: WashingSession, action: str, message: str) -> None:
    if action not in washing_actions(user, session):
        raise PermissionDenied(message)


def _locked(row: WashingRow) -> WashingRow:
    return (
        WashingRow.objects.select_for_update(of=("self",))
        .select_related("session__ot_enhet", "youth")
        .get(pk=row.pk)
    )


def _open_for_row(user: User, row: WashingRow, ot_enhet: Unit | None = None) -> Case:
    """A case on the user's side for the row's youth, registering the youth when the row is
    not linked to one (raises DuplicateYouth like the services)."""
    if row.youth is not None:
        return case_open(actor=user, youth=row.youth, ot_enhet=ot_enhet)
    if row.birth_date is None:
        raise ValidationError("Raden mangler fødselsdato.")
    return youth_register(
        actor=user,
        fnr=row.fnr or None,
        first_name=row.first_name,
        last_name=row.last_name,
        birth_date=row.birth_date,
        ot_enhet=ot_enhet,
    )


@transaction.atomic
def row_open_case(*, user: User, row: WashingRow) -> Case:
    """Open a NAV case for a kun_ot row; the row then counts as known to both."""
    row = _locked(row)
    ot_enhet = row.session.ot_enhet
    _require(
        user,
        row.session,
        WashingAction.OPPRETT,
        "Bare NAV i samme fylke kan opprette saker fra listevasken.",
    )
    if row.result != WashingResult.KUN_OT:
        raise ValidationError("Bare rader som kun finnes hos OT kan få en ny sak.")
    try:
        case = _open_for_row(user, row, ot_enhet)
    except DuplicateYouth as exc:
        raise ValidationError(
            "Ungdommen er allerede registrert i Trekant; koble raden til saken eller send en henvisning."
        ) from exc
    row.youth_id = case.youth_id
    settle_row(row, case)
    row.save(update_fields=["youth", "result", "case", "answer", "conflict"])
    apply_conflict_rules(row.session_id, row=row)
    recount(row.session)
    return case


@transaction.atomic
def row_link_case(*, user: User, row: WashingRow, case_id: int, path: str = "") -> Case:
    """A NAV user says the row is the youth of a case they see: the row settles as a
    confirmation does. The case is read through `case_get_for_user` (404 for a case the user may
    not see; the access log gets it) and the link is a case event."""
    row = _locked(row)
    session = row.session
    _require(
        user, session, WashingAction.KOBLE, "Bare NAV i samme fylke kan koble rader til saker."
    )
    if row.rad is None or row.result not in linkable(session):
        raise ValidationError("Raden er allerede avklart.")
    access = case_get_for_user(user=user, case_id=case_id, path=path)
    case = access.case
    if row.youth_id is not None and row.youth_id != case.youth_id:
        raise ValidationError("Raden er koblet til en annen ungdom enn den i saken.")
    if row.fnr and case.youth.fnr and row.fnr != case.youth.fnr:
        raise ValidationError("Fødselsnummeret på raden er et annet enn ungdommens i saken.")
    now = timezone.now()
    WashingCandidate.objects.filter(
        row=row, youth_id=case.youth_id, decision=WashingCandidate.Decision.OPEN
    ).update(decision=WashingCandidate.Decision.CONFIRMED, decided_by=user, decided_at=now)
    row.youth_id, row.linked_by = case.youth_id, "vurdert"
    settle_row(row, case)
    row.save(update_fields=["youth", "linked_by", "result", "case", "answer", "conflict"])
    apply_conflict_rules(session.id, row=row)
    recount(session)
    record_event(
        case,
        user,
        Verb.WASHING_LINKED,
        f"{row_label(row)} i listevasken {session.created_at:%d.%m.%Y} ({session.ot_enhet.navn}) "
        "er koblet til saken",
        agency=access.side,
    )
    return case


def _own_case(user: User, row: WashingRow, side: str) -> Case:
    """The user's side's open case for a youth only that side knows: the row's case, the
    youth's case the user sees, or a new one (registering the youth when Trekant lacks them)."""
    refused = OT_CANNOT_REGISTER if side == Agency.OT else NAV_CANNOT_REGISTER
    if row.case_id is not None:
        if case_access(user, row.case) is None:
            raise ValidationError(OT_CANNOT_REGISTER if side == Agency.OT else NAV_NOT_OURS)
        return row.case
    if row.youth_id is not None:
        own = cases_visible_to(user).filter(youth_id=row.youth_id)
        case = own.exclude(status=CaseStatus.AVSLUTTET).first()
        if case is not None:
            return case
    try:
        # NAV's case names the washing's OT unit, the one the henvisning goes to.
        case = _open_for_row(user, row, row.session.ot_enhet if side == Agency.NAV else None)
    except DuplicateYouth as exc:
        raise ValidationError(refused) from exc
    row.youth_id = case.youth_id
    row.save(update_fields=["youth"])
    return case


@transaction.atomic
def row_refer(
    *, user: User, row: WashingRow, to_unit: Unit | None = None, message: str = ""
) -> Henvisning:
    """A henvisning for a youth only one side knows, whoever's list it was: NAV refers a
    kun_nav youth to the washing's OT unit, OT refers a kun_ot youth to the NAV office it
    chooses in the county; the youth is registered on the sender's side first when needed. The
    henvisning rules and guards are `henvisning_send`'s."""
    row = _locked(row)
    session = row.session
    _require(
        user, session, WashingAction.HENVIS, "Du kan ikke sende henvisninger fra denne listevasken."
    )
    side = washing_side(user)
    if row.result != REFERABLE[side]:
        raise ValidationError(
            f"Bare rader som kun finnes hos {'NAV' if side == Agency.NAV else 'OT'} kan henvises herfra."
        )
    if side == Agency.NAV:
        to_unit = session.ot_enhet
    elif to_unit is None or not referral_offices(session.ot_enhet).filter(pk=to_unit.pk).exists():
        raise ValidationError("Velg et NAV-kontor i fylket å henvise til.")
    case = _own_case(user, row, side)
    if side == Agency.OT and case.nav_kontor_id is not None:
        # NAV has the youth (since the washing): say only what may cross.
        answer = WashingAnswer(nav_answer(case)).label.lower()
        raise ValidationError(f"NAV har allerede ungdommen og svarer «{answer}».")
    text = message.strip() or REFER_MESSAGE.format(
        day=session.created_at, side="NAV" if side == Agency.NAV else "OT"
    )
    return henvisning_send(access=case_access(user, case), to_unit=to_unit, message=text)


@dataclass
class Outcome:
    """What a bulk act did: the rows done, and one message per row that could not be done."""

    done: list[WashingRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def rows_each(rows: Iterable[WashingRow], act) -> Outcome:
    """Do `act(row)` for each row in its own savepoint: a row that cannot be done gets its
    message and is left as it was; the others are kept."""
    outcome = Outcome()
    for row in rows:
        try:
            with transaction.atomic():
                act(row)
        except ValidationError as exc:
            outcome.problems.append(f"{row_label(row)}: {' '.join(exc.messages)}")
        else:
            outcome.done.append(row)
    return outcome


def rows_assign(
    *,
    user: User,
    session: WashingSession,
    rows: Iterable[WashingRow],
    owner: User | None,
    reason: str,
) -> Outcome:
    """Assign the rows' cases to a veileder (NAV) or OT-kontakt (OT) on the user's own side,
    each through `case_assign` (its owner and team-lead rules)."""
    _require(user, session, WashingAction.FORDEL, "Du kan ikke fordele saker fra listevasken.")

    def assign(row: WashingRow) -> None:
        access = case_access(user, row.case) if row.case_id else None
        if access is None:
            raise ValidationError("Raden har ingen sak på din enhet.")
        case_assign(access=access, owner=owner, reason=reason)

    return rows_each(rows, assign)
