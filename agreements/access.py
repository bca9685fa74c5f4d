"""The one place that decides who may read and who may edit an agreement.

Coordinators of the county (and administrators) edit; staff of a covered unit read the local
agreement and the county agreement above it; readers who try to edit get 403; everyone else gets 404, as if it did not exist.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import NAV_ROLES, OT_ROLES, Role, User
from agreements.models import Samarbeidsavtale


def is_admin(user: User) -> bool:
    return user.is_superuser or user.role == Role.ADMIN


def coordinator_fylke_id(user: User) -> int | None:
    if user.role != Role.FYLKESKOORDINATOR or user.unit_id is None:
        return None
    fylke = user.unit.fylke
    return fylke.pk if fylke else None


def agreements_visible_to(user: User) -> QuerySet[Samarbeidsavtale]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Samarbeidsavtale.objects.none()
    if is_admin(user):
        return Samarbeidsavtale.objects.all()
    if fylke_id := coordinator_fylke_id(user):
        return Samarbeidsavtale.objects.filter(fylke_id=fylke_id)
    if user.role in NAV_ROLES | OT_ROLES and user.unit_id:
        office = user.unit.office
        ids = Samarbeidsavtale.objects.filter(
            Q(enheter=office) | Q(lokale_avtaler__enheter=office)
        ).values("pk")
        return Samarbeidsavtale.objects.filter(pk__in=ids)
    return Samarbeidsavtale.objects.none()


def can_edit(user: User, avtale: Samarbeidsavtale) -> bool:
    return is_admin(user) or coordinator_fylke_id(user) == avtale.fylke_id


def can_create_in(user: User) -> bool:
    return is_admin(user) or coordinator_fylke_id(user) is not None


def agreement_for(user: User, pk: int, *, edit: bool = False) -> Samarbeidsavtale:
    """The agreement if `user` may see it (and edit it when asked), else 404."""
    avtale = agreements_visible_to(user).filter(pk=pk).select_related("fylke", "parent").first()
    if avtale is None:
        raise Http404("Fant ikke avtalen.")
    if edit and not can_edit(user, avtale):
        raise PermissionDenied("Bare fylkeskoordinatoren kan endre avtalen.")
    return avtale
