"""Each side's follow-up of the youth: opening, ending and reopening it, and the one place the
joint case's open/closed status follows from the two sides' periods.

NAV follows the youth in its oppfølgingsperiode, OT in its register; each ends and reopens its
own. The case stays open while either side follows and is closed (Avsluttet) when both have
ended, with the outcome of the side that ended last. When NAV's follow-up ends, the youth's
running guarantee deadlines close as `avsluttet` (never breaches; see cases/guarantees/engine.py).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import Agency, User
from cases.access import OWN_CATEGORY, CaseAccess
from cases.events import Verb, record_event
from cases.guarantees.engine import refresh_youth
from cases.models import Case, CaseStatus, Frist, Oppfolgingsperiode, Outcome, Task
from cases.selectors.deadlines import IN_PLAY
from cases.services.common import require_text

SIDE_NAME = {Agency.NAV: "NAV", Agency.OT: "OT"}


def periode_open(*, case: Case, agency: str, started_on: dt.date | None = None) -> None:
    """Start `agency`'s follow-up when it has none running (a case opened, a side joining).

    No event of its own: the write that brings the side in (opening, henvisning) records one.
    """
    if Oppfolgingsperiode.objects.filter(case=case, agency=agency, ended_on__isnull=True).exists():
        return
    Oppfolgingsperiode.objects.create(
        case=case,
        agency=agency,
        started_on=started_on or timezone.localdate(),
        ot_status_start=case.ot_status if agency == Agency.OT else "",
    )


def _own_periode(access: CaseAccess) -> Oppfolgingsperiode | None:
    return (
        Oppfolgingsperiode.objects.select_for_update()
        .filter(case=access.case, agency=access.side)
        .order_by("-started_on", "-id")
        .first()
    )


@transaction.atomic
def periode_end(
    *, access: CaseAccess, outcome: str, reason: str, ended_on: dt.date | None = None
) -> Oppfolgingsperiode:
    """End the actor's own side's follow-up with an outcome and a reason."""
    reason = require_text(reason, "reason", "Oppgi en begrunnelse for avslutningen.")
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": "Velg hvordan oppfølgingen ble avsluttet."})
    case = Case.objects.select_for_update().get(pk=access.case.pk)
    periode = _own_periode(access)
    if periode is None or not periode.is_open:
        raise ValidationError(f"{SIDE_NAME[access.side]} følger ikke opp ungdommen nå.")
    today = timezone.localdate()
    ended_on = ended_on or today
    if ended_on > today or ended_on < periode.started_on:
        raise ValidationError(
            {"ended_on": f"Sluttdatoen må være mellom {periode.started_on:%d.%m.%Y} og i dag."}
        )
    if access.side == Agency.NAV:
        # Settle what was already due (a real breach stays one) before the rest is closed.
        refresh_youth(youth_ids=[case.youth_id], today=today)
    periode.ended_on, periode.outcome, periode.reason = ended_on, outcome, reason
    periode.ended_by = access.user
    if access.side == Agency.OT:
        periode.ot_status_end = case.ot_status
    periode.full_clean()
    periode.save()
    closed = 0
    if access.side == Agency.NAV:
        closed = Frist.objects.filter(youth_id=case.youth_id, status__in=IN_PLAY).update(
            status=Frist.Status.AVSLUTTET, updated_on=today
        )
    status_note = _derive_case_status(case, access.user)
    summary = f"{SIDE_NAME[access.side]} avsluttet oppfølgingen ({periode.get_outcome_display()})"
    record_event(
        case,
        access.user,
        Verb.PERIODE_ENDED,
        summary + status_note,
        reason=reason,
        agency=access.side,
        category=OWN_CATEGORY[access.side],
        payload={"outcome": outcome, "ended_on": ended_on.isoformat(), "frister_avsluttet": closed},
    )
    return periode


@transaction.atomic
def periode_reopen(*, access: CaseAccess, reason: str) -> Oppfolgingsperiode:
    """Start the actor's own side's follow-up again; reopens the case if it was closed."""
    reason = require_text(reason, "reason", "Oppgi en begrunnelse for gjenåpningen.")
    case = Case.objects.select_for_update().get(pk=access.case.pk)
    periode = _own_periode(access)
    if periode is not None and periode.is_open:
        raise ValidationError(f"{SIDE_NAME[access.side]} følger allerede opp ungdommen.")
    if case.status == CaseStatus.AVSLUTTET:
        others = case.youth.cases.exclude(pk=case.pk).exclude(status=CaseStatus.AVSLUTTET)
        if others.exists():
            raise ValidationError("Ungdommen har allerede en annen åpen sak.")
    today = timezone.localdate()
    periode_open(case=case, agency=access.side, started_on=today)
    status_note = _derive_case_status(case, access.user)
    if access.side == Agency.NAV:
        # Deadlines closed with NAV's follow-up are the engine's to evaluate again.
        refresh_youth(youth_ids=[case.youth_id], today=today)
    record_event(
        case,
        access.user,
        Verb.PERIODE_REOPENED,
        f"{SIDE_NAME[access.side]} gjenåpnet oppfølgingen" + status_note,
        reason=reason,
        agency=access.side,
        category=OWN_CATEGORY[access.side],
    )
    return Oppfolgingsperiode.objects.get(case=case, agency=access.side, ended_on__isnull=True)


def _derive_case_status(case: Case, actor: User) -> str:
    """Open while either side follows, Avsluttet when both have ended. Returns a note for the
    event's summary when the case's status changed."""
    periods = list(case.perioder.order_by("ended_on", "id"))
    if any(p.is_open for p in periods):
        if case.status != CaseStatus.AVSLUTTET:
            return ""
        case.status, case.outcome, case.closed_on = CaseStatus.AKTIV, "", None
        note = "; saken er gjenåpnet"
    elif periods:
        if case.status == CaseStatus.AVSLUTTET:
            return ""
        last = periods[-1]
        case.status, case.outcome, case.closed_on = (
            CaseStatus.AVSLUTTET,
            last.outcome,
            last.ended_on,
        )
        Task.objects.filter(case=case, done_at__isnull=True).update(
            done_at=timezone.now(), done_by=actor
        )
        note = "; begge parter har avsluttet, saken er avsluttet"
    else:
        return ""
    case.full_clean()
    case.save()
    return note
