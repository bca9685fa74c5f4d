"""What one case page shows: the timeline and the notes, as the access allows."""

from __future__ import annotations

from django.db.models import QuerySet

from cases.access import CaseAccess
from cases.models import (
    CaseEvent,
)


def timeline_for(access: CaseAccess) -> QuerySet[CaseEvent]:
    return access.case.events.filter(access.timeline_filter()).select_related("actor")


def notes_for(access: CaseAccess):
    return access.case.notes.filter(access.notes_filter()).select_related("author")
