"""Henvisninger waiting for a user's unit."""

from __future__ import annotations

from accounts.models import Agency, User
from accounts.selectors import units_visible_to
from cases.models import (
    Henvisning,
)


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
