"""A case's lifecycle: status, owners, OT status and the school situation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import Agency, User
from cases.access import CaseAccess, case_access, may_assign
from cases.events import Verb, record_event
from cases.models import (
    AgreedAction,
    Case,
    CaseStatus,
    Category,
    OtStatus,
)
from cases.selectors.periode import side_follows
from cases.services.common import refresh_deadlines, require_open, require_side, require_text
from cases.services.periode import periode_end, periode_reopen

# Allowed status transitions; closing needs an outcome, every change a reason.
TRANSITIONS = {
    CaseStatus.NY: {CaseStatus.AKTIV, CaseStatus.AVSLUTTET},
    CaseStatus.AKTIV: {CaseStatus.AVSLUTTET},
    CaseStatus.AVSLUTTET: {CaseStatus.AKTIV},
}


def next_statuses(case: Case) -> list[CaseStatus]:
    """The statuses this case may move to, in CaseStatus order."""
    allowed = TRANSITIONS.get(case.status, set())
    return [status for status in CaseStatus if status in allowed]


@transaction.atomic
def case_change_status(
    *,
    access: CaseAccess,
    status: str,
    reason: str,
    outcome: str = "",
    closed_on: dt.date | None = None,
) -> Case:
    """The status form: closing ends the user's own side's follow-up, reopening starts it again
    (cases/services/periode.py decides the joint status); other moves are plain transitions."""
    reason = require_text(reason, "reason", "Oppgi en begrunnelse for endringen.")
    if status == CaseStatus.AVSLUTTET:
        periode_end(access=access, outcome=outcome, reason=reason, ended_on=closed_on)
        return Case.objects.get(pk=access.case.pk)
    if status == CaseStatus.AKTIV and not side_follows(access.case, access.side):
        periode_reopen(access=access, reason=reason)
        return Case.objects.get(pk=access.case.pk)
    return case_transition(
        case=access.case, actor=access.user, side=access.side, status=status, reason=reason
    )


def case_transition(*, case: Case, actor: User, side: str, status: str, reason: str) -> Case:
    """The one place a case changes status: checks TRANSITIONS, applies it, records the event.

    Callers have checked access and hold a transaction; `case_change_status` is the user's way in,
    other services (a first trekantsamtale) call this for the transitions they cause.
    """
    case = Case.objects.select_for_update().get(pk=case.pk)
    if status not in TRANSITIONS.get(case.status, set()):
        raise ValidationError(
            {
                "status": f"Kan ikke gå fra «{case.get_status_display()}» til «{CaseStatus(status).label}»."
            }
        )
    if status == CaseStatus.AVSLUTTET or case.status == CaseStatus.AVSLUTTET:
        # Closing and reopening follow from each side's follow-up (cases/services/periode.py).
        raise ValidationError({"status": "Avslutt eller gjenåpne oppfølgingen for din part."})
    old = case.get_status_display()
    case.status = status
    case.full_clean()
    case.save()
    record_event(
        case,
        actor,
        Verb.STATUS_CHANGED,
        f"Status: {old} → {case.get_status_display()}",
        reason=reason,
        agency=side,
        payload={"status": status},
    )
    return case


@transaction.atomic
def case_assign(*, access: CaseAccess, owner: User | None, reason: str) -> Case:
    """Give the case to a veileder or OT-kontakt on the actor's own side."""
    require_open(access)
    case = Case.objects.select_for_update().get(pk=access.case.pk)
    reason = require_text(reason, "reason", "Oppgi en begrunnelse for eierskiftet.")
    side = access.side
    unit = case.unit_for(side)
    if owner is not None:
        if (
            owner.agency != side
            or not owner.is_active
            or owner.unit is None
            or owner.unit.office.pk != unit.pk
        ):
            raise ValidationError({"owner": f"Velg en person ved {unit.navn}."})
    previous = case.owner_for(side)
    if previous == owner:
        return case
    if not may_assign(access.user, previous, owner):
        raise ValidationError(
            {"owner": "Bare teamledere fordeler andres saker. Du kan ta en ufordelt sak selv."}
        )
    if side == Agency.NAV:
        case.nav_veileder = owner
        case.new_for_nav_veileder = owner is not None and owner != access.user
    else:
        case.ot_kontakt = owner
        case.new_for_ot_kontakt = owner is not None and owner != access.user
    case.save()
    # Open actions agreed for this side follow the case to its new owner.
    AgreedAction.objects.filter(case=case, responsible=side, done_at__isnull=True).update(
        responsible_user=owner
    )
    if side == Agency.NAV:
        # A named NAV-veileder is the 2023 ungdomsgaranti's fast kontaktperson.
        refresh_deadlines(case.youth_id)
    role = "NAV-veileder" if side == Agency.NAV else "OT-kontakt"
    summary = f"{role}: {previous.get_full_name() if previous else 'ingen'} → {owner.get_full_name() if owner else 'ingen'}"
    record_event(
        case,
        access.user,
        Verb.OWNER_CHANGED,
        summary,
        reason=reason,
        agency=side,
        payload={"side": side, "owner": owner.pk if owner else None},
    )
    return case


@dataclass(frozen=True)
class BulkAssignResult:
    changed: int
    refused: int  # cases the user may not reassign (another's case, for a case worker)


def cases_bulk_assign(
    *, user: User, case_ids: Iterable[int], owner: User | None, reason: str
) -> BulkAssignResult:
    """Assign many cases at once; each goes through the same access check and service. Cases
    the user cannot see are skipped silently; those they may not reassign are counted."""

    changed = refused = 0
    with transaction.atomic():
        for case in Case.objects.filter(pk__in=list(case_ids)).select_related(
            "nav_kontor", "ot_enhet"
        ):
            access = case_access(user, case)
            if access is None:
                continue
            before = case.owner_for(access.side)
            if before == owner:
                continue
            if not may_assign(user, before, owner):
                refused += 1
                continue
            case_assign(access=access, owner=owner, reason=reason)
            changed += 1
    return BulkAssignResult(changed=changed, refused=refused)


def case_mark_seen(*, access: CaseAccess) -> None:
    """Opening one's own case clears "ny for meg".

    No case event: the flag is the reader's own view state, not a change to the case, and reads
    are audited in the access log already.
    """
    field = "new_for_nav_veileder" if access.side == Agency.NAV else "new_for_ot_kontakt"
    owner_field = "nav_veileder" if access.side == Agency.NAV else "ot_kontakt"
    Case.objects.filter(pk=access.case.pk, **{owner_field: access.user, field: True}).update(
        **{field: False}
    )


@transaction.atomic
def case_set_ot_status(*, access: CaseAccess, ot_status: str, reason: str) -> Case:
    require_side(access, Agency.OT, "OT-status")
    require_open(access)
    reason = require_text(reason, "reason", "Oppgi en begrunnelse for endringen.")
    case = Case.objects.select_for_update().get(pk=access.case.pk)
    if ot_status not in OtStatus.values:
        raise ValidationError({"ot_status": "Ukjent OT-statuskode."})
    old = case.ot_status
    if old == ot_status:
        return case
    labels = dict(OtStatus.choices)
    case.ot_status = ot_status
    case.save()
    record_event(
        case,
        access.user,
        Verb.OT_STATUS_CHANGED,
        f"OT-status: {labels.get(old, old)} → {labels[ot_status]}",
        reason=reason,
        agency=Agency.OT,
        category=Category.SKOLE,
        payload={"from": old, "to": ot_status},
    )
    return case


@transaction.atomic
def case_update_school(
    *,
    access: CaseAccess,
    rett_til_vgo: bool | None,
    school: str,
    programme: str,
    next_intake: dt.date | None,
) -> Case:
    require_side(access, Agency.OT, "skolesituasjonen")
    require_open(access)
    case = Case.objects.select_for_update().get(pk=access.case.pk)
    case.rett_til_vgo, case.school, case.programme, case.next_intake = (
        rett_til_vgo,
        school.strip(),
        programme.strip(),
        next_intake,
    )
    case.full_clean()
    case.save()
    record_event(
        case,
        access.user,
        Verb.SCHOOL_UPDATED,
        "Skolesituasjon oppdatert",
        agency=Agency.OT,
        category=Category.SKOLE,
    )
    return case
