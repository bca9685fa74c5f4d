"""Overføringer a user answers or follows, and the units a side may move to."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from accounts.models import Agency, Unit, User
from accounts.selectors import units_visible_to
from cases.models import Overforing


def overforing_targets(side: str, from_unit: Unit | None) -> QuerySet[Unit]:
    """Units a side may move to: another active unit of its own agency (NAV→NAV-kontor,
    OT→OT-enhet)."""
    wanted = Unit.Type.NAV_KONTOR if side == Agency.NAV else Unit.Type.OT_ENHET
    units = Unit.objects.filter(type=wanted, active=True).order_by("navn")
    return units.exclude(pk=from_unit.pk) if from_unit is not None else units


def _pending_for(user: User) -> QuerySet[Overforing]:
    if user.agency is None:
        return Overforing.objects.none()
    return Overforing.objects.filter(status=Overforing.Status.VENTENDE, side=user.agency)


def overforinger_to_answer(user: User) -> QuerySet[Overforing]:
    """Pending requests a unit the user sees must answer: moves to it, or away from it when the
    receiving unit asked."""
    units = units_visible_to(user)
    return (
        _pending_for(user)
        .filter(
            Q(asked_by_receiver=False, to_unit__in=units)
            | Q(asked_by_receiver=True, from_unit__in=units)
        )
        .select_related("case__youth", "from_unit", "to_unit", "requested_by")
    )


def overforinger_waiting_on_others(user: User) -> QuerySet[Overforing]:
    """Pending requests the user's units made and the other unit has yet to answer."""
    units = units_visible_to(user)
    return (
        _pending_for(user)
        .filter(
            Q(asked_by_receiver=False, from_unit__in=units)
            | Q(asked_by_receiver=True, to_unit__in=units)
        )
        .select_related("case__youth", "from_unit", "to_unit", "requested_by")
    )
