"""Overføringer: moving one side of a case to another office of the same agency."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from accounts.models import Agency, Unit, User
from cases.access import CaseAccess
from cases.events import Verb, record_event
from cases.models import (
    AgreedAction,
    Case,
    CaseStatus,
    Frist,
    Overforing,
    Task,
    Vedtak14a,
    Visibility,
)
from cases.selectors import (
    overforing_targets,
    overforinger_to_answer,
    overforinger_waiting_on_others,
)
from cases.services.common import refresh_deadlines, require_open, require_text

SIDE_NAME = {Agency.NAV: "NAVs", Agency.OT: "OTs"}


def _create(*, case: Case, side: str, to_unit: Unit, actor: User, reason: str, asked_by_receiver):
    from_unit = case.unit_for(side)
    if from_unit is None:
        raise ValidationError(f"Saken har ingen enhet på {SIDE_NAME[side]} side å overføre fra.")
    if not overforing_targets(side, from_unit).filter(pk=to_unit.pk).exists():
        raise ValidationError({"to_unit": "Velg et annet kontor i samme etat."})
    reason = require_text(reason, "reason", "Skriv hvorfor saken bør overføres.")
    if Overforing.objects.filter(case=case, side=side, status=Overforing.Status.VENTENDE).exists():
        raise ValidationError("Det finnes allerede en overføring av saken som venter på svar.")
    overforing = Overforing.objects.create(
        case=case,
        side=side,
        from_unit=from_unit,
        to_unit=to_unit,
        asked_by_receiver=asked_by_receiver,
        reason=reason,
        requested_by=actor,
    )
    _record(overforing, actor, Verb.TRANSFER_REQUESTED, "bedt om", reason)
    return overforing


def _record(overforing: Overforing, actor: User, verb: str, what: str, reason: str) -> None:
    record_event(
        overforing.case,
        actor,
        verb,
        f"Overføring av {SIDE_NAME[overforing.side]} side {what}: "
        f"{overforing.from_unit.navn} → {overforing.to_unit.navn}",
        reason=reason,
        agency=overforing.side,
        # The other agency learns of the move from the case's units, not from the reasons.
        visibility=Visibility(overforing.side),
        payload={"overforing": overforing.pk},
    )


@transaction.atomic
def overforing_request(*, access: CaseAccess, to_unit: Unit, reason: str) -> Overforing:
    """The owning side asks another office of its agency to take over its side of the case."""
    require_open(access)
    Case.objects.select_for_update().filter(pk=access.case.pk).first()
    return _create(
        case=access.case,
        side=access.side,
        to_unit=to_unit,
        actor=access.user,
        reason=reason,
        asked_by_receiver=False,
    )


@transaction.atomic
def overforing_ask(*, actor: User, case: Case, reason: str) -> Overforing:
    """An office that meets a youth followed up by another office of its agency asks for the
    case (from registration, where the actor has no access to the case)."""
    side = actor.agency
    if side not in (Agency.NAV, Agency.OT) or actor.unit is None:
        raise PermissionDenied("Bare ansatte i NAV og OT kan be om en overføring.")
    case = Case.objects.select_for_update().get(pk=case.pk)
    return _create(
        case=case,
        side=side,
        to_unit=actor.unit.office,
        actor=actor,
        reason=reason,
        asked_by_receiver=True,
    )


def _answerable(user: User, overforing_id: int) -> Overforing:
    overforing = (
        overforinger_to_answer(user)
        .select_for_update(of=("self",))
        .filter(pk=overforing_id)
        .first()
    )
    if overforing is None:
        raise Http404("Fant ikke overføringen.")
    return overforing


def _decide(overforing: Overforing, user: User, status: str, reason: str) -> None:
    overforing.status, overforing.decision_reason = status, reason.strip()
    overforing.decided_by, overforing.decided_at = user, timezone.now()
    overforing.full_clean()
    overforing.save()


@transaction.atomic
def overforing_accept(*, user: User, overforing_id: int, reason: str = "") -> Overforing:
    """Move the side: the new unit owns it with no named owner yet, and NAV's §14a vedtak and
    their deadlines go along, so the old office's queue, indicators and sign-offs let go."""
    overforing = _answerable(user, overforing_id)
    case = Case.objects.select_for_update().get(pk=overforing.case_id)
    side, old, new = overforing.side, overforing.from_unit, overforing.to_unit
    if case.unit_for(side) != old or case.status == CaseStatus.AVSLUTTET:
        raise ValidationError("Saken er endret siden overføringen ble bedt om; be om en ny.")
    _decide(overforing, user, Overforing.Status.GODTATT, reason)
    if side == Agency.NAV:
        case.nav_kontor, case.nav_veileder, case.new_for_nav_veileder = new, None, False
        vedtak = Vedtak14a.objects.filter(youth=case.youth, nav_kontor=old).filter(
            Q(case=case) | Q(case__isnull=True)
        )
        Frist.objects.filter(vedtak__in=vedtak).update(nav_kontor=new)
        vedtak.update(nav_kontor=new)
    else:
        case.ot_enhet, case.ot_kontakt, case.new_for_ot_kontakt = new, None, False
    case.save()
    AgreedAction.objects.filter(case=case, responsible=side, done_at__isnull=True).update(
        responsible_user=None
    )
    Task.objects.filter(case=case, owner_unit=old, done_at__isnull=True).update(owner_unit=new)
    _record(overforing, user, Verb.TRANSFER_ACCEPTED, "godtatt", overforing.decision_reason)
    if side == Agency.NAV:
        # The deliverables that need a named NAV-veileder are unmet again until one is assigned.
        refresh_deadlines(case.youth_id)
    return overforing


@transaction.atomic
def overforing_reject(*, user: User, overforing_id: int, reason: str) -> Overforing:
    overforing = _answerable(user, overforing_id)
    reason = require_text(reason, "reason", "Oppgi hvorfor overføringen avvises.")
    _decide(overforing, user, Overforing.Status.AVVIST, reason)
    _record(overforing, user, Verb.TRANSFER_REJECTED, "avvist", reason)
    return overforing


@transaction.atomic
def overforing_withdraw(*, user: User, overforing_id: int) -> Overforing:
    overforing = (
        overforinger_waiting_on_others(user)
        .select_for_update(of=("self",))
        .filter(pk=overforing_id)
        .first()
    )
    if overforing is None:
        raise Http404("Fant ikke overføringen.")
    _decide(overforing, user, Overforing.Status.TRUKKET, "")
    _record(overforing, user, Verb.TRANSFER_WITHDRAWN, "trukket", "")
    return overforing
