"""Henvisninger waiting for a user's unit, and the units a henvisning may go to."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import Agency, Unit, User
from accounts.selectors import units_visible_to
from cases.access import CaseAccess
from cases.models import (
    Henvisning,
)


def henvisning_targets(access: CaseAccess) -> QuerySet[Unit]:
    """Units `access.side` may refer the case to: the other side's unit when it has one (only
    the owning side moves its own side, by an overføring), else that side's units in the county."""
    other = access.other_side
    case = access.case
    unit_id = case.nav_kontor_id if other == Agency.NAV else case.ot_enhet_id
    if unit_id is not None:
        return Unit.objects.filter(pk=unit_id)
    wanted = Unit.Type.OT_ENHET if other == Agency.OT else Unit.Type.NAV_KONTOR
    fylke = access.case.unit_for(access.side).fylke
    return Unit.objects.filter(type=wanted, parent=fylke, active=True)


def henvisninger_waiting_for(user: User):

    agency = user.agency
    if agency is None:
        return Henvisning.objects.none()
    direction = (
        Henvisning.Direction.NAV_TIL_OT if agency == Agency.OT else Henvisning.Direction.OT_TIL_NAV
    )
    return Henvisning.objects.filter(
        status=Henvisning.Status.VENTER, direction=direction, to_unit__in=units_visible_to(user)
    ).select_related("case__youth", "to_unit", "created_by")
