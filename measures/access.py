"""The one place that decides who sees and who maintains the tiltak catalogue.

Everyone signed in reads the tiltakstyper. A gjennomføring is seen by staff of the units that
offer it, by the county's coordinator and by administrators; the coordinator maintains the
county's gjennomføringer; only administrators add or change tiltakstyper (a national catalogue).
Which types "kan kombineres med" each other is kept by coordinators and administrators.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from accounts.models import STAFF_ROLES, Role, Unit, User
from measures.models import Gjennomforing


def is_admin(user: User) -> bool:
    return user.is_superuser or user.role == Role.ADMIN


def coordinator_fylke(user: User) -> Unit | None:
    if user.role != Role.FYLKESKOORDINATOR or user.unit_id is None:
        return None
    return user.unit.fylke


def may_maintain_types(user: User) -> bool:
    return is_admin(user)


def may_maintain_combinations(user: User) -> bool:
    """May say which tiltakstyper can be combined with each other."""
    return is_admin(user) or coordinator_fylke(user) is not None


def may_maintain_in(user: User, fylke: Unit | None = None) -> bool:
    """May create and change gjennomføringer (in `fylke`, when given)."""
    if is_admin(user):
        return True
    own = coordinator_fylke(user)
    return own is not None and (fylke is None or own.pk == fylke.pk)


def gjennomforinger_visible_to(user: User) -> QuerySet[Gjennomforing]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Gjennomforing.objects.none()
    if is_admin(user):
        return Gjennomforing.objects.all()
    if fylke := coordinator_fylke(user):
        return Gjennomforing.objects.filter(fylke=fylke)
    if user.role in STAFF_ROLES and user.unit_id:
        offering = Gjennomforing.enheter.through.objects.filter(unit_id=user.unit.office.pk)
        return Gjennomforing.objects.filter(pk__in=offering.values("gjennomforing_id"))
    return Gjennomforing.objects.none()


def gjennomforing_for(user: User, pk: int, *, maintain: bool = False) -> Gjennomforing:
    """The gjennomføring if `user` may see it (and maintain it when asked); else 404 / 403."""
    gjennomforing = (
        gjennomforinger_visible_to(user)
        .select_related("tiltakstype", "arrangor", "fylke")
        .filter(pk=pk)
        .first()
    )
    if gjennomforing is None:
        raise Http404("Fant ikke gjennomføringen.")
    if maintain and not may_maintain_in(user, gjennomforing.fylke):
        raise PermissionDenied("Bare fylkeskoordinatoren kan endre gjennomføringen.")
    return gjennomforing


def report_offices(user: User) -> QuerySet[Unit]:
    """The offices whose tiltak reports the user may read: their own office; the coordinator's
    county's offices; every office for administrators."""
    offices = Unit.objects.filter(type__in=[Unit.Type.NAV_KONTOR, Unit.Type.OT_ENHET])
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return offices.none()
    if is_admin(user):
        return offices
    if fylke := coordinator_fylke(user):
        return offices.filter(parent=fylke)
    if user.role in STAFF_ROLES and user.unit_id:
        return offices.filter(pk=user.unit.office.pk)
    return offices.none()
