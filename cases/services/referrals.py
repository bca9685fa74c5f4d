"""Henvisninger between NAV and OT, and the "inform OT" task."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from accounts.models import Agency, Unit, User
from cases.access import CaseAccess
from cases.events import Verb, record_event
from cases.models import (
    AgreedAction,
    Case,
    Henvisning,
    Task,
)
from cases.selectors import henvisning_targets, henvisninger_waiting_for
from cases.services.common import refresh_deadlines, require_open, require_side, require_text
from cases.services.periode import periode_open


@transaction.atomic
def henvisning_send(*, access: CaseAccess, to_unit: Unit, message: str) -> Henvisning:
    require_open(access)
    wanted = Unit.Type.OT_ENHET if access.side == Agency.NAV else Unit.Type.NAV_KONTOR
    if to_unit.type != wanted:
        raise ValidationError({"to_unit": f"Velg {Unit.Type(wanted).label.lower()} å henvise til."})
    if not henvisning_targets(access).filter(pk=to_unit.pk).exists():
        raise ValidationError(
            {
                "to_unit": f"Saken følges opp av {access.case.unit_for(access.other_side).navn}: "
                "henvis dit. Bare de selv kan overføre saken til et annet kontor."
            }
        )
    direction = (
        Henvisning.Direction.NAV_TIL_OT
        if access.side == Agency.NAV
        else Henvisning.Direction.OT_TIL_NAV
    )
    if Henvisning.objects.filter(
        case=access.case, direction=direction, status=Henvisning.Status.VENTER
    ).exists():
        raise ValidationError("Det finnes allerede en henvisning som venter på svar.")
    henvisning = Henvisning(
        case=access.case,
        direction=direction,
        to_unit=to_unit,
        message=message.strip(),
        created_by=access.user,
    )
    henvisning.full_clean()
    henvisning.save()
    record_event(
        access.case,
        access.user,
        Verb.REFERRAL_SENT,
        f"Henvisning {henvisning.get_direction_display()}: {to_unit.navn}",
        agency=access.side,
    )
    return henvisning


@transaction.atomic
def henvisning_decide(
    *, user: User, henvisning_id: int, accept: bool, reason: str = ""
) -> Henvisning:
    """The receiving unit accepts (and becomes the case's owner on its side) or rejects with a reason."""

    henvisning = (
        henvisninger_waiting_for(user)
        .select_for_update(of=("self",))
        .filter(pk=henvisning_id)
        .first()
    )
    if henvisning is None:
        raise Http404("Fant ikke henvisningen.")
    if not accept:
        henvisning.decision_reason = require_text(
            reason, "reason", "Oppgi hvorfor henvisningen avvises."
        )
    else:
        henvisning.decision_reason = reason.strip()
    henvisning.status = Henvisning.Status.AKSEPTERT if accept else Henvisning.Status.AVVIST
    henvisning.decided_by, henvisning.decided_at = user, timezone.now()
    henvisning.full_clean()
    henvisning.save()
    case = Case.objects.select_for_update().get(pk=henvisning.case_id)
    side = Agency.OT if henvisning.direction == Henvisning.Direction.NAV_TIL_OT else Agency.NAV
    verdict = "akseptert" if accept else "avvist"
    record_event(
        case,
        user,
        Verb.REFERRAL_DECIDED,
        f"Henvisning {henvisning.get_direction_display()} {verdict}",
        reason=henvisning.decision_reason,
        agency=side,
    )
    if accept:
        # The receiving unit takes over its side; an owner from elsewhere does not come along.
        owner = user if user.is_case_worker else None
        previous = case.owner_for(side)
        if side == Agency.OT:
            case.ot_enhet, case.ot_kontakt, case.new_for_ot_kontakt = (
                henvisning.to_unit,
                owner,
                False,
            )
        else:
            case.nav_kontor, case.nav_veileder, case.new_for_nav_veileder = (
                henvisning.to_unit,
                owner,
                False,
            )
        case.save()
        periode_open(case=case, agency=side)
        AgreedAction.objects.filter(case=case, responsible=side, done_at__isnull=True).update(
            responsible_user=owner
        )
        if side == Agency.NAV:
            refresh_deadlines(case.youth_id)
        role = "NAV-veileder" if side == Agency.NAV else "OT-kontakt"
        record_event(
            case,
            user,
            Verb.OWNER_CHANGED,
            f"{role}: {previous.get_full_name() if previous else 'ingen'} → {owner.get_full_name() if owner else 'ingen'} "
            f"({henvisning.to_unit.navn})",
            reason="Henvisning akseptert",
            agency=side,
        )
    return henvisning


@transaction.atomic
def inform_ot_acknowledge(*, access: CaseAccess) -> int:
    require_side(access, Agency.OT, "bekrefte at OT er informert")
    done = Task.objects.filter(
        case=access.case, kind=Task.Kind.INFORMER_OT, done_at__isnull=True
    ).update(done_at=timezone.now(), done_by=access.user)
    if done:
        record_event(
            access.case,
            access.user,
            Verb.OT_INFORMED,
            "OT har bekreftet at de kjenner til ungdommen",
            agency="",
        )
    return done
