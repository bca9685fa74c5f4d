"""Team leads act on guarantee deadlines: pause, resume and sign-off."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from accounts.models import Agency, User
from cases.events import Verb, record_event
from cases.guarantees import refresh_youth
from cases.models import (
    Category,
    Frist,
)
from cases.selectors import BREACHES, RUNNING, frister_visible_to
from cases.services.common import require_text


def _frist_for(user: User, frist_id: int):
    frist = frister_visible_to(user).select_for_update().filter(pk=frist_id).first()
    if frist is None:
        raise Http404("Fant ikke fristen.")
    return frist


@transaction.atomic
def frist_pause(*, actor: User, frist_id: int, reason: str, today: dt.date) -> None:
    reason = require_text(
        reason, "reason", "Oppgi hvorfor fristen settes på pause (for eksempel sykdom)."
    )
    frist = _frist_for(actor, frist_id)
    if frist.status not in RUNNING or frist.frist is None:
        raise ValidationError("Bare åpne frister kan settes på pause.")
    frist.paused_from, frist.pause_reason, frist.status = today, reason, Frist.Status.PAUSET
    frist.save()
    _refresh(frist, today)
    _record(
        frist, actor, Verb.FRIST_PAUSED, f"Frist {frist.regel.kode} satt på pause", reason=reason
    )


@transaction.atomic
def frist_resume(*, actor: User, frist_id: int, today: dt.date) -> None:
    """The paused days are added to the frist; the next sweep sets the status."""
    frist = _frist_for(actor, frist_id)
    if frist.paused_from is None or frist.status != Frist.Status.PAUSET:
        raise ValidationError("Fristen er ikke på pause.")
    days = max(0, (today - frist.paused_from).days)
    frist.frist = frist.frist + dt.timedelta(days=days)
    frist.paused_days += days
    frist.paused_from = None
    frist.status = Frist.Status.APEN
    frist.save()
    _refresh(frist, today)
    _record(
        frist,
        actor,
        Verb.FRIST_RESUMED,
        f"Frist {frist.regel.kode} gjenopptatt; ny frist {frist.frist:%d.%m.%Y} (+{days} dager)",
        reason=frist.pause_reason,
    )


def _refresh(frist, today: dt.date) -> None:
    refresh_youth(youth_ids=[frist.youth_id], today=today)


@transaction.atomic
def frist_sign_off(*, actor: User, frist_id: int, comment: str) -> None:
    if not actor.is_team_lead:
        raise PermissionDenied("Bare teamledere kvitterer ut brudd.")
    comment = require_text(comment, "comment", "Skriv en kommentar til bruddet.")
    frist = _frist_for(actor, frist_id)
    if frist.status not in BREACHES:
        raise ValidationError("Bare brutte frister kvitteres ut.")
    if frist.signed_off_at is not None:
        raise ValidationError("Bruddet er allerede kvittert ut.")
    frist.signed_off_by, frist.signed_off_at, frist.sign_off_comment = (
        actor,
        timezone.now(),
        comment,
    )
    frist.save()
    _record(
        frist,
        actor,
        Verb.FRIST_SIGNED_OFF,
        f"Brudd på frist {frist.regel.kode} kvittert ut",
        reason=comment,
    )


def _record(frist, actor: User, verb: str, summary: str, *, reason: str) -> None:
    """A frist's events go on its vedtak's case, when the vedtak belongs to one."""
    if frist.vedtak.case_id:
        record_event(
            frist.vedtak.case,
            actor,
            verb,
            summary,
            reason=reason,
            agency=Agency.NAV,
            category=Category.ARBEID_TILTAK,
        )
