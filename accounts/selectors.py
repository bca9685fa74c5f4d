"""Reads about organisation and access scope."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from accounts.models import STAFF_ROLES, Role, Unit, User


def units_visible_to(user: User) -> QuerySet[Unit]:
    """The one answer to "which units' data may this user see".

    Veiledere, rådgivere and team leads see their own office (NAV-kontor or OT-enhet) and its
    teams; a fylkeskoordinator the whole county; an administrator everything. Crossing between
    NAV and OT for one youth also needs a samtykke: that check sits on the case, not here.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Unit.objects.none()
    if user.is_superuser or user.role == Role.ADMIN:
        return Unit.objects.all()
    if user.unit_id is None:
        return Unit.objects.none()
    unit = user.unit
    if user.role == Role.FYLKESKOORDINATOR:
        fylke = unit.fylke
        if fylke is None:
            return Unit.objects.none()
        return Unit.objects.filter(Q(pk=fylke.pk) | Q(parent=fylke) | Q(parent__parent=fylke))
    if user.role in STAFF_ROLES:
        office = unit.office
        return Unit.objects.filter(Q(pk=office.pk) | Q(parent=office))
    return Unit.objects.none()


def unit_can_be_seen_by(user: User, unit: Unit) -> bool:
    return units_visible_to(user).filter(pk=unit.pk).exists()
