"""Recording a case event: the timeline entry and audit record every write service leaves; and
the hook other apps use to hear of a finished list washing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

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


@dataclass(frozen=True)
class WashingDone:
    """A list washing that has finished, as other apps hear of it (ids, never rows)."""

    session_id: int
    ot_enhet_id: int
    nav_kontor_ids: tuple[int, ...]  # the NAV offices whose youth the result holds
    day: dt.date
    by_id: int | None


_washing_done_hooks: list[Callable[[WashingDone], None]] = []


def on_washing_done(hook: Callable[[WashingDone], None]) -> None:
    """Let another app act on every finished washing (agreements: the list-washing
    obligation), from its AppConfig.ready; cases never imports the listener. The hook must be
    safe to call twice for the same session."""
    if hook not in _washing_done_hooks:
        _washing_done_hooks.append(hook)


def announce_washing_done(done: WashingDone) -> None:
    """Call the hooks once the washing is committed: a hook that fails is logged and never
    undoes or fails the washing."""
    for hook in _washing_done_hooks:

        def tell(hook=hook):
            hook(done)

        tell.__qualname__ = f"washing_done:{hook.__qualname__}"  # named in the error log
        transaction.on_commit(tell, robust=True)
