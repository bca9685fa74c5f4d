"""Ufordelt: the unit's open cases with no owner on the user's side, and the agreed actions that
therefore land in nobody's worklist. Team leads see it on Mine saker; the unit list filters by it.

Further groups that belong to nobody yet (e.g. youth in a guarantee without a kontaktperson) are
added here as fields of `Ufordelt`, so Mine saker and the counts pick them up in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from accounts.models import Agency, User
from accounts.selectors import units_visible_to
from cases.access import cases_visible_to
from cases.models import AgreedAction, Case, CaseStatus, Youth
from cases.selectors.deadlines import youth_without_kontaktperson
from cases.selectors.periode import own_side_ended


def unassigned_on(side: str) -> Q:
    """Filter for cases with no owner on `side` (no NAV-veileder, or no OT-kontakt)."""
    return Q(nav_veileder__isnull=True) if side == Agency.NAV else Q(ot_kontakt__isnull=True)


@dataclass
class Ufordelt:
    cases: QuerySet[Case]
    actions: QuerySet[AgreedAction]
    # Youth the 2023 ungdomsgaranti promises a fast kontaktperson in NAV, who have none (NAV only).
    uten_kontaktperson: QuerySet[Youth]

    def counts(self) -> dict[str, int]:
        return {name: getattr(self, name).count() for name in self.__dataclass_fields__}

    @property
    def total(self) -> int:
        return sum(self.counts().values())


def ufordelt_for(user: User) -> Ufordelt:
    """The unassigned cases of the user's units on their side, and their side's open actions on
    them that no person is responsible for."""
    side = user.agency
    cases = (
        cases_visible_to(user)
        .filter(unassigned_on(side))
        .exclude(status=CaseStatus.AVSLUTTET)
        .exclude(own_side_ended(side))
        .select_related("youth")
        .order_by("created_at")
    )
    # An action agreed for a side is that side's own work: it shows with or without samtykke.
    actions = (
        AgreedAction.objects.filter(
            case__in=cases,
            responsible=side,
            responsible_user__isnull=True,
            done_at__isnull=True,
        )
        .select_related("case__youth")
        .order_by("due_date")
    )
    uten_kontaktperson = (
        youth_without_kontaktperson(list(units_visible_to(user).values_list("pk", flat=True)))
        if side == Agency.NAV
        else Youth.objects.none()
    )
    return Ufordelt(cases=cases, actions=actions, uten_kontaktperson=uten_kontaktperson)
