"""Recording and withdrawing samtykke."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases.access import CaseAccess, valid_samtykke_categories
from cases.events import Verb, record_event
from cases.models import (
    Category,
    Samtykke,
    Trekantsamtale,
)
from cases.services.common import object_on_case, require_open, require_text


@transaction.atomic
def samtykke_record(
    *,
    access: CaseAccess,
    given_by: str,
    categories: list[str],
    valid_from: dt.date,
    valid_to: dt.date | None,
    shared_with: str = Samtykke.SharedWith.BEGGE,
) -> Samtykke:
    require_open(access)
    if not categories:
        raise ValidationError({"categories": "Velg minst ett tema samtykket gjelder."})
    if valid_to is not None and valid_to < valid_from:
        raise ValidationError({"valid_to": "Utløpsdatoen kan ikke være før startdatoen."})
    if valid_to is not None and valid_to < timezone.localdate():
        raise ValidationError({"valid_to": "Samtykket er allerede utløpt."})
    samtykke = Samtykke(
        case=access.case,
        given_by=given_by,
        categories=sorted(set(categories)),
        valid_from=valid_from,
        valid_to=valid_to,
        recorded_by=access.user,
        shared_with=shared_with,
    )
    samtykke.full_clean()
    samtykke.save()
    period = f"fra {valid_from:%d.%m.%Y}" + (f" til {valid_to:%d.%m.%Y}" if valid_to else "")
    record_event(
        access.case,
        access.user,
        Verb.CONSENT_GIVEN,
        f"Samtykke ({samtykke.get_given_by_display().lower()}): {samtykke.get_categories_display()}, {period}. "
        f"{samtykke.get_shared_with_display()}.",
    )
    return samtykke


@transaction.atomic
def samtykke_withdraw(*, access: CaseAccess, samtykke_id: int, reason: str) -> Samtykke:
    reason = require_text(reason, "reason", "Oppgi hvorfor samtykket trekkes tilbake.")
    samtykke = object_on_case(Samtykke.objects.select_for_update(), samtykke_id, access.case)
    if samtykke.withdrawn_at is not None:
        raise ValidationError("Samtykket er allerede trukket tilbake.")
    samtykke.withdrawn_at, samtykke.withdrawn_reason = timezone.now(), reason
    samtykke.save()
    record_event(
        access.case,
        access.user,
        Verb.CONSENT_WITHDRAWN,
        f"Samtykke trukket tilbake: {samtykke.get_categories_display()}",
        reason=reason,
        # Why the youth withdrew is personal: the other side reads it only under a samtykke for
        # family and personal situation; that consent was withdrawn shows in both sides' panel.
        agency=access.side,
        category=Category.FAMILIE,
    )
    # Without any samtykke left there can be no trekantsamtale: planned ones are cancelled.

    if not valid_samtykke_categories(access.case):
        planned = Trekantsamtale.objects.filter(
            case=access.case, status=Trekantsamtale.Status.PLANLAGT
        )
        for meeting in planned:
            record_event(
                access.case,
                access.user,
                Verb.MEETING_CANCELLED,
                f"Trekantsamtale {timezone.localtime(meeting.planned_at):%d.%m.%Y} avlyst",
                reason="Samtykket ble trukket tilbake",
                agency="",
            )
        planned.update(status=Trekantsamtale.Status.AVLYST)
    return samtykke
