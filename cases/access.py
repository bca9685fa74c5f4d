"""Who may see which case, and how much of it: the one place that decides.

- A user sees a case when it belongs to a unit they see (accounts.selectors.units_visible_to)
  on their own agency's side: NAV staff through the case's NAV-kontor, OT staff through its
  OT-enhet. Everyone else gets 404, so a case's existence does not leak.
- On their own side they see everything their side recorded. Of the other side's data they see
  only what a valid samtykke covers (by category); without one, only the list-washing status:
  er ivaretatt / er ikke ivaretatt / har flyttet.
- Every read goes through `case_get_for_user`, which writes the access log.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import Agency, User
from accounts.selectors import units_visible_to
from cases.models import AccessLog, Case, CaseStatus, Category, Outcome, Samtykke, Visibility


class ListStatus:
    """What may cross between NAV and OT without consent (vasking av lister)."""

    IVARETATT = "Er ivaretatt"
    IKKE_IVARETATT = "Er ikke ivaretatt"
    FLYTTET = "Har flyttet"


def cases_visible_to(user: User) -> QuerySet[Case]:
    """Every list, search and export starts here."""
    agency = getattr(user, "agency", None)
    if agency is None or not user.is_active:
        return Case.objects.none()
    units = units_visible_to(user)
    if agency == Agency.NAV:
        return Case.objects.filter(nav_kontor__in=units)
    return Case.objects.filter(ot_enhet__in=units)


def valid_samtykker(day, *, side: str | None = None) -> QuerySet[Samtykke]:
    """Samtykker in force on `day`; with `side`, only those that let that side see the other's data."""
    valid = Samtykke.objects.filter(withdrawn_at__isnull=True, valid_from__lte=day).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )
    if side is not None:
        valid = valid.filter(shared_with__in=[Samtykke.SharedWith.BEGGE, side])
    return valid


def valid_samtykke_categories(case: Case, side: str | None = None, day=None) -> frozenset[str]:
    """Categories `side` may see of the other side's data (any side's, when side is None)."""
    day = day or timezone.localdate()
    valid = valid_samtykker(day, side=side).filter(case=case).values_list("categories", flat=True)
    return frozenset(category for categories in valid for category in categories)


def list_status(case: Case, *, seen_by: str) -> str:
    """Whether the other side follows the youth up, in the only words allowed without consent."""
    if case.status == CaseStatus.AVSLUTTET:
        return ListStatus.FLYTTET if case.outcome == Outcome.FLYTTET else ListStatus.IKKE_IVARETATT
    other_owner = case.ot_kontakt_id if seen_by == Agency.NAV else case.nav_veileder_id
    return ListStatus.IVARETATT if other_owner else ListStatus.IKKE_IVARETATT


@dataclass(frozen=True)
class CaseAccess:
    case: Case
    user: User
    side: str  # the user's agency on this case
    shared_categories: frozenset[str] = field(default_factory=frozenset)

    @property
    def other_side(self) -> str:
        return Agency.OT if self.side == Agency.NAV else Agency.NAV

    @property
    def has_samtykke(self) -> bool:
        return bool(self.shared_categories)

    def may_see(
        self, *, agency: str, visibility: str = Visibility.SHARED, category: str = ""
    ) -> bool:
        """May this user see an item recorded by `agency` with this visibility and category?"""
        if not agency or agency == self.side:
            return True
        if visibility != Visibility.SHARED:
            return False
        return category in self.shared_categories if category else self.has_samtykke

    @property
    def sees_school(self) -> bool:
        return self.may_see(agency=Agency.OT, category=Category.SKOLE)

    @property
    def sees_joint_work(self) -> bool:
        """Trekantsamtaler and agreed actions: joint work, which needs a valid samtykke."""
        return self.has_samtykke

    @property
    def list_status(self) -> str:
        return list_status(self.case, seen_by=self.side)


def _side_for(user: User, case: Case) -> str | None:
    agency = getattr(user, "agency", None)
    if agency is None:
        return None
    unit_id = case.nav_kontor_id if agency == Agency.NAV else case.ot_enhet_id
    if unit_id is None or not units_visible_to(user).filter(pk=unit_id).exists():
        return None
    return agency


def case_access(user: User, case: Case) -> CaseAccess | None:
    side = _side_for(user, case)
    if side is None:
        return None
    return CaseAccess(
        case=case, user=user, side=side, shared_categories=valid_samtykke_categories(case, side)
    )


def case_get_for_user(
    *, user: User, case_id: int, path: str = "", action: str = AccessLog.Action.VIEW
) -> CaseAccess:
    """Load a case for `user` or raise 404; every successful read is written to the access log."""
    case = (
        Case.objects.select_related("youth", "nav_kontor", "ot_enhet", "nav_veileder", "ot_kontakt")
        .filter(pk=case_id)
        .first()
    )
    access = case_access(user, case) if case else None
    if access is None:
        raise Http404("Fant ikke saken.")
    AccessLog.objects.create(
        user=user,
        case=case,
        youth=case.youth,
        agency=access.side,
        unit=user.unit,
        action=action,
        path=path[:300],
    )
    return access
