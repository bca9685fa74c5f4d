"""Recording a case event: the timeline entry and audit record every write service leaves."""

from __future__ import annotations

from accounts.models import User
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
