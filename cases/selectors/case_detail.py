"""What one case page shows: the timeline and the notes, as the access allows."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from cases.access import CaseAccess
from cases.models import (
    CaseEvent,
    Visibility,
)


def timeline_for(access: CaseAccess) -> QuerySet[CaseEvent]:
    side = access.side
    visible = Q(agency="") | Q(agency=side)
    if access.has_samtykke:
        visible |= Q(visibility=Visibility.SHARED, category="")
        visible |= Q(visibility=Visibility.SHARED, category__in=access.shared_categories)
    return access.case.events.filter(visible).select_related("actor")


def notes_for(access: CaseAccess):
    side = access.side
    visible = Q(agency=side)
    if access.shared_categories:
        visible |= Q(visibility=Visibility.SHARED, category__in=access.shared_categories)
    return access.case.notes.filter(visible).select_related("author")
