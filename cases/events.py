"""Recording a case event: the timeline entry and audit record every write service leaves."""

from __future__ import annotations

from accounts.models import User
from cases.access import OWN_CATEGORY
from cases.models import (
    Case,
    CaseEvent,
    Visibility,
)

Verb = CaseEvent.Verb


def record_event(
    case: Case,
    actor: User | None,
    verb: str,
    summary: str,
    *,
    reason: str = "",
    agency: str = "",
    visibility: str = Visibility.SHARED,
    category: str = "",
    payload: dict | None = None,
) -> CaseEvent:
    """An event one side records and shares is about that side's own work (OWN_CATEGORY) unless
    it names a category: it crosses only under a samtykke for that category, never on any."""
    if agency and visibility == Visibility.SHARED and not category:
        category = OWN_CATEGORY[agency]
    return CaseEvent.objects.create(
        case=case,
        actor=actor,
        verb=verb,
        summary=summary[:500],
        reason=reason,
        agency=agency,
        visibility=visibility,
        category=category,
        payload=payload or {},
    )
