"""A finished washing, told to other apps (agreements counts it toward the list-washing
obligation) through cases.events, after the commit."""

from __future__ import annotations

from django.utils import timezone

from cases.events import WashingDone, announce_washing_done
from cases.models import WashingSession


def session_done(session: WashingSession) -> None:
    """Announce a finished session: its OT unit, and NAV's office for NAV's list or else the
    NAV offices whose youth are in the result (both sides' units that took part). Called inside
    the washing's transaction."""
    if session.nav_kontor_id is not None:
        offices = [session.nav_kontor_id]
    else:
        offices = (
            session.rows.filter(case__nav_kontor__isnull=False)
            .order_by()
            .values_list("case__nav_kontor_id", flat=True)
            .distinct()
        )
    announce_washing_done(
        WashingDone(
            session_id=session.pk,
            ot_enhet_id=session.ot_enhet_id,
            nav_kontor_ids=tuple(sorted(offices)),
            day=timezone.localdate(session.finished_at),
            by_id=session.created_by_id,
        )
    )
