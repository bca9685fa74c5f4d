"""Washing the youth already in Trekant: no file, either side for its unit (a NAV office
against an OT unit of its county, or an OT unit against NAV in its county). The rows are the
side's own followed youth, compared with the other side's follow-up (cases/washing/directions.py)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts.models import Agency, Unit, User
from cases.models import WashingSession, WashingSource
from cases.washing import directions
from cases.washing.completion import session_done
from cases.washing.service import recount


def wash_register(*, user: User, ot_enhet: Unit, nav_kontor: Unit | None = None) -> WashingSession:
    """OT's followed youth in `ot_enhet` or, with `nav_kontor`, NAV's followed youth at that
    office, washed against the other side's follow-up: set-based, in one transaction."""
    directions.check_units(ot_enhet, nav_kontor)
    with transaction.atomic():
        session = WashingSession.objects.create(
            side=Agency.NAV if nav_kontor is not None else Agency.OT,
            source=WashingSource.REGISTER,
            ot_enhet=ot_enhet,
            nav_kontor=nav_kontor,
            created_by=user,
        )
        directions.insert_own_rows(session)
        directions.add_other_side(session, timezone.localdate())
        recount(session)
        session.status = WashingSession.Status.DONE
        session.finished_at = timezone.now()
        session.save(update_fields=["status", "finished_at"])
        session_done(session)
    return session
