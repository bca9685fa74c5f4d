"""Each side's follow-up as the lists and the case page read it, and the one status that may
cross between NAV and OT without samtykke (vasking av lister): er ivaretatt / er ikke ivaretatt /
har flyttet, from the other side's own oppfølgingsperiode.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case as Cases
from django.db.models import (
    CharField,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from accounts.models import Agency
from cases.access import CaseAccess, ListStatus
from cases.models import Case, Oppfolgingsperiode, Outcome


def other_side(agency: str) -> str:
    return Agency.OT if agency == Agency.NAV else Agency.NAV


def _owner_field(agency: str) -> str:
    return "nav_veileder" if agency == Agency.NAV else "ot_kontakt"


def perioder_for(case: Case) -> dict[str, list[Oppfolgingsperiode]]:
    """Each side's periods on the case, newest first."""
    by_side: dict[str, list[Oppfolgingsperiode]] = {Agency.NAV: [], Agency.OT: []}
    for periode in case.perioder.select_related("ended_by").order_by("-started_on", "-id"):
        by_side[periode.agency].append(periode)
    return by_side


@dataclass(frozen=True)
class SideFollowUp:
    """One side's row in the case page's Oppfølging panel."""

    agency: str
    name: str
    own: bool
    latest: Oppfolgingsperiode | None  # None when the reader may not see the other side's period
    status: str  # the ivaretatt words, for the other side without samtykke


def oppfolging_panel(access: CaseAccess) -> list[SideFollowUp]:
    """Each side's latest period: the reader's own in full; the other side's dates and outcome
    only with a samtykke (its outcome says more than the list status), else the ivaretatt words."""
    perioder = perioder_for(access.case)
    rows = []
    for agency, name in ((Agency.NAV, "NAV"), (Agency.OT, "OT")):
        own = agency == access.side
        latest = perioder[agency][0] if perioder[agency] else None
        shown = latest if own or access.sees_outcome else None
        status = "" if own else ivaretatt_status(access.case, access.side)
        rows.append(SideFollowUp(agency, name, own, shown, status))
    return rows


def side_follows(case: Case, agency: str) -> bool:
    return case.perioder.filter(agency=agency, ended_on__isnull=True).exists()


def ivaretatt_status(case: Case, for_agency: str) -> str:
    """What `for_agency` may know of the other side's follow-up without samtykke.

    The other side follows with an owner: er ivaretatt. Its follow-up ended because the youth
    moved: har flyttet. Anything else (no owner, ended, never followed): er ikke ivaretatt.
    """
    side = other_side(for_agency)
    latest = case.perioder.filter(agency=side).order_by("-started_on", "-id").first()
    if latest is None:
        return ListStatus.IKKE_IVARETATT
    if latest.is_open:
        has_owner = getattr(case, f"{_owner_field(side)}_id") is not None
        return ListStatus.IVARETATT if has_owner else ListStatus.IKKE_IVARETATT
    return ListStatus.FLYTTET if latest.outcome == Outcome.FLYTTET else ListStatus.IKKE_IVARETATT


def _open_periode(agency: str, case_ref: str = "pk"):
    return Oppfolgingsperiode.objects.filter(
        case=OuterRef(case_ref), agency=agency, ended_on__isnull=True
    )


def own_side_ended(agency: str) -> Q:
    """Filter: `agency` followed the case and has ended (a side that never had a period, say a
    unit added by hand, still counts as following). Kept on the case by triggers on the periods
    (migration 0039), so a list filters each row it reads instead of probing its periods."""
    return Q(**{f"{agency}_side_ended": True})


def annotate_ivaretatt(queryset: QuerySet[Case], for_agency: str) -> QuerySet[Case]:
    """`ivaretatt`: ivaretatt_status for every row, in the query (one statement for a list)."""
    side = other_side(for_agency)
    latest_outcome = (
        Oppfolgingsperiode.objects.filter(case=OuterRef("pk"), agency=side)
        .order_by("-started_on", "-id")
        .values("outcome")[:1]
    )
    return queryset.alias(latest_other_outcome=Subquery(latest_outcome)).annotate(
        ivaretatt=Cases(
            When(
                Q(Exists(_open_periode(side))) & Q(**{f"{_owner_field(side)}__isnull": False}),
                then=Value(ListStatus.IVARETATT),
            ),
            When(
                ~Q(Exists(_open_periode(side))) & Q(latest_other_outcome=Outcome.FLYTTET),
                then=Value(ListStatus.FLYTTET),
            ),
            default=Value(ListStatus.IKKE_IVARETATT),
            output_field=CharField(),
        )
    )


def attach_ivaretatt(cases: list[Case], for_agency: str) -> None:
    """annotate_ivaretatt for the rows of a list page already loaded: one query for the page."""
    rows = annotate_ivaretatt(Case.objects.filter(pk__in=[c.pk for c in cases]), for_agency)
    status = dict(rows.order_by().values_list("pk", "ivaretatt"))
    for case in cases:
        case.ivaretatt = status[case.pk]
