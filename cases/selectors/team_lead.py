"""Team leads' reads: caseload per veileder."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from accounts.models import OWNER_ROLES, Agency, User
from accounts.selectors import units_visible_to
from cases.models import (
    CaseStatus,
)


def caseload_per_owner(user: User) -> QuerySet[User]:
    """Team lead's view: open cases per veileder (or OT-kontakt) in the lead's units."""

    field = "nav_cases" if user.agency == Agency.NAV else "ot_cases"
    roles = OWNER_ROLES[user.agency]
    open_cases = ~Q(**{f"{field}__status": CaseStatus.AVSLUTTET})
    return (
        User.objects.filter(unit__in=units_visible_to(user), role__in=roles, is_active=True)
        .annotate(
            open_cases=Count(
                field, filter=open_cases & Q(**{f"{field}__isnull": False}), distinct=True
            ),
            new_cases=Count(field, filter=Q(**{f"{field}__status": CaseStatus.NY}), distinct=True),
        )
        .select_related("unit")
        .order_by("-open_cases", "last_name")
    )
