"""A finished washing, told to other apps (agreements counts it toward the list-washing
obligation) through cases.events: at once after the commit, and again by a periodic job for
any that a failed listener or a crash left untold (`finished_since`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.utils import timezone

from cases.events import WashingDone, announce_washing_done
from cases.models import WashingSession
from nav_ot.dates import oslo_day_bounds


def washing_done(session: WashingSession) -> WashingDone:
    """The session as other apps hear of it: its OT unit, and NAV's office for NAV's list or
    else the NAV offices whose youth are in the result (both sides' units that took part)."""
    if session.nav_kontor_id is not None:
        offices = [session.nav_kontor_id]
    else:
        offices = (
            session.rows.filter(case__nav_kontor__isnull=False)
            .order_by()
            .values_list("case__nav_kontor_id", flat=True)
            .distinct()
        )
    return WashingDone(
        session_id=session.pk,
        ot_enhet_id=session.ot_enhet_id,
        nav_kontor_ids=tuple(sorted(offices)),
        day=timezone.localdate(session.finished_at),
        by_id=session.created_by_id,
    )


def session_done(session: WashingSession) -> None:
    """Announce a finished session once it commits. Called inside the washing's transaction."""
    announce_washing_done(washing_done(session))


def finished_since(day: dt.date, *, skip: set[int] = frozenset()) -> Iterator[WashingDone]:
    """Every session finished on or after `day` (Oslo), except the ids in `skip`, oldest
    first: for a listener catching up on what it missed."""
    start, _end = oslo_day_bounds(day)
    sessions = (
        WashingSession.objects.filter(status=WashingSession.Status.DONE, finished_at__gte=start)
        .exclude(pk__in=skip)
        .only("pk", "ot_enhet_id", "nav_kontor_id", "finished_at", "created_by_id")
        .order_by("finished_at", "pk")
    )
    for session in sessions.iterator(chunk_size=100):
        yield washing_done(session)
