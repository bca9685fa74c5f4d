"""Team leads' reads: caseload per veileder."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from accounts.models import OWNER_ROLES, Agency, User
from accounts.selectors import units_visible_to
from cases.models import CaseStatus


def caseload_per_owner(user: User) -> QuerySet[User]:
    """Team lead's view: the owners (veiledere, or OT-kontakter) of the lead's units, each with
    `open_cases` and `new_cases`, most open cases first, then by name: a queryset for the page to
    paginate in SQL (OT Vestland – Bergen has some 500 rådgivere). The counts are one grouped
    join of the owners with their open cases (on the owner's index), not counted DISTINCT."""
    cases = "nav_cases" if user.agency == Agency.NAV else "ot_cases"
    open_case = ~Q(**{f"{cases}__status": CaseStatus.AVSLUTTET})
    return (
        User.objects.filter(
            unit__in=units_visible_to(user), role__in=OWNER_ROLES[user.agency], is_active=True
        )
        .select_related("unit")
        .annotate(
            open_cases=Count(cases, filter=open_case),
            new_cases=Count(cases, filter=Q(**{f"{cases}__status": CaseStatus.NY})),
        )
        # Most open cases first; the database's name order (its collation) within a count.
        .order_by("-open_cases", "last_name", "pk")
    )
