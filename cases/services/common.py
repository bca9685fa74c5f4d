"""Checks every write service on a case shares."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from accounts.models import Agency, User
from cases.access import CaseAccess
from cases.guarantees import refresh_youth
from cases.models import (
    Case,
    CaseStatus,
)
from cases.selectors.periode import side_follows


def object_on_case(queryset, pk: int, case: Case):
    """An object that belongs to this case, or 404 (an id from another case is just unknown)."""
    obj = queryset.filter(pk=pk, case=case).first()
    if obj is None:
        raise Http404("Fant ikke det du så etter på denne saken.")
    return obj


def require_open(access: CaseAccess) -> None:
    """Writes need the case open and the actor's own side still following the youth."""
    if access.case.status == CaseStatus.AVSLUTTET:
        raise ValidationError("Saken er avsluttet. Gjenåpne den før du registrerer noe nytt.")
    if access.case.perioder.filter(agency=access.side).exists() and not side_follows(
        access.case, access.side
    ):
        raise ValidationError(
            "Dere har avsluttet oppfølgingen av ungdommen. Gjenåpne den før du registrerer noe nytt."
        )


def require_text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


def agency_of(user: User) -> str:
    if user.agency is not None:
        return user.agency
    raise PermissionDenied("Bare NAV- og OT-ansatte kan registrere ungdommer.")


def require_side(access: CaseAccess, side: str, what: str) -> None:
    if access.side != side:
        raise PermissionDenied(f"Bare {'NAV' if side == Agency.NAV else 'OT'} kan endre {what}.")


def refresh_deadlines(youth_id: int) -> None:
    """The case page and the queue show the new deadline status at once, not after tomorrow's
    sweep (a vedtak, a plan or a NAV-veileder meets or reopens a deadline)."""
    refresh_youth(youth_ids=[youth_id], today=timezone.localdate())
