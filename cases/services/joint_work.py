"""Joint work: notes, contacts, trekantsamtaler, agreed actions, henvisninger and tasks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import Agency
from cases.access import CaseAccess
from cases.events import Verb, record_event
from cases.models import (
    AgreedAction,
    Case,
    CaseStatus,
    Contact,
    Note,
    Responsible,
    Task,
    Trekantsamtale,
    Visibility,
)
from cases.services.common import object_on_case, require_open, require_text
from cases.services.lifecycle import case_transition

# Trekant's oldest imported contacts are from the 2000s; earlier is a mistyped year.
EARLIEST_CONTACT_YEAR = 2000


@transaction.atomic
def note_add(*, access: CaseAccess, text: str, visibility: str, category: str) -> Note:
    require_open(access)
    text = require_text(text, "text", "Skriv et notat.")
    if visibility not in (access.side, Visibility.SHARED):
        raise ValidationError({"visibility": "Et notat kan være for egen etat eller delt."})
    note = Note(
        case=access.case,
        author=access.user,
        agency=access.side,
        visibility=visibility,
        category=category,
        text=text,
    )
    note.full_clean()
    note.save()
    record_event(
        access.case,
        access.user,
        Verb.NOTE_ADDED,
        text,
        agency=access.side,
        visibility=visibility,
        category=category,
        payload={"note": note.pk},
    )
    return note


@transaction.atomic
def contact_register(
    *, access: CaseAccess, kind: str, happened_at: dt.datetime, note: str = "", category: str = ""
) -> Contact:
    require_open(access)
    if happened_at > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationError({"happened_at": "En kontakt kan ikke registreres fram i tid."})
    if timezone.localtime(happened_at).year < EARLIEST_CONTACT_YEAR:
        raise ValidationError(
            {
                "happened_at": f"En kontakt kan ikke være før {EARLIEST_CONTACT_YEAR}. Sjekk årstallet."
            }
        )
    contact = Contact(
        case=access.case,
        kind=kind,
        happened_at=happened_at,
        note=note.strip(),
        agency=access.side,
        registered_by=access.user,
    )
    contact.full_clean()
    contact.save()
    if kind != Contact.Kind.IKKE_MOTT:
        _touch_contact(access.case, happened_at, [access.side])
    summary = f"{contact.get_kind_display()} {timezone.localtime(happened_at):%d.%m.%Y %H:%M}"
    if note.strip():
        summary += f": {note.strip()}"
    record_event(
        access.case,
        access.user,
        Verb.CONTACT,
        summary,
        agency=access.side,
        category=category or access.own_category,
    )
    return contact


def _touch_contact(case: Case, when: dt.datetime, sides: list[str]) -> None:
    for side in sides:
        field = f"{side}_last_contact_at"
        Case.objects.filter(pk=case.pk).filter(
            Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__lt": when})
        ).update(**{field: when})


@transaction.atomic
def trekantsamtale_plan(
    *,
    access: CaseAccess,
    planned_at: dt.datetime,
    location: str,
    agenda: str = "",
    preparation: str = "",
    other_participants: str = "",
) -> Trekantsamtale:
    require_open(access)
    if not access.has_samtykke:
        raise ValidationError("En trekantsamtale krever et gyldig samtykke fra ungdommen.")
    if planned_at < timezone.now():
        raise ValidationError(
            {"planned_at": "Tidspunktet har allerede vært. Velg et tidspunkt fram i tid."}
        )
    if planned_at > timezone.now() + dt.timedelta(days=366):
        raise ValidationError(
            {"planned_at": "Tidspunktet er mer enn ett år fram i tid. Sjekk årstallet."}
        )
    location = require_text(location, "location", "Oppgi hvor samtalen skal være.")
    meeting = Trekantsamtale(
        case=access.case,
        planned_at=planned_at,
        location=location,
        agenda=agenda.strip(),
        preparation=preparation.strip(),
        other_participants=other_participants.strip(),
        created_by=access.user,
    )
    meeting.full_clean()
    meeting.save()
    record_event(
        access.case,
        access.user,
        Verb.MEETING_PLANNED,
        f"Trekantsamtale planlagt {timezone.localtime(planned_at):%d.%m.%Y kl. %H:%M}, {location}",
        agency=access.side,
        payload={"meeting": meeting.pk},
    )
    return meeting


@transaction.atomic
def trekantsamtale_register_held(
    *,
    access: CaseAccess,
    held_at: dt.datetime,
    location: str,
    referat: str,
    actions: list[ActionInput],
    other_participants: str = "",
) -> Trekantsamtale:
    """Record a trekantsamtale that was held without being planned here first: the time is in
    the past, and the referat and agreed actions are recorded as when holding a planned one."""
    require_open(access)
    if not access.has_samtykke:
        raise ValidationError("En trekantsamtale krever et gyldig samtykke fra ungdommen.")
    if held_at > timezone.now():
        raise ValidationError({"held_at": "Samtalen er ikke holdt ennå. Planlegg den i stedet."})
    if held_at < timezone.now() - dt.timedelta(days=366):
        raise ValidationError(
            {"held_at": "Tidspunktet er mer enn ett år tilbake. Sjekk årstallet."}
        )
    location = require_text(location, "location", "Oppgi hvor samtalen var.")
    meeting = Trekantsamtale(
        case=access.case,
        planned_at=held_at,
        location=location,
        other_participants=other_participants.strip(),
        created_by=access.user,
    )
    meeting.full_clean()
    meeting.save()
    return trekantsamtale_hold(
        access=access,
        meeting_id=meeting.pk,
        held_on=timezone.localtime(held_at).date(),
        referat=referat,
        actions=actions,
    )


@dataclass(frozen=True)
class ActionInput:
    description: str
    responsible: str
    due_date: dt.date


@transaction.atomic
def trekantsamtale_hold(
    *,
    access: CaseAccess,
    meeting_id: int,
    held_on: dt.date,
    referat: str,
    actions: list[ActionInput],
    next_planned_at: dt.datetime | None = None,
    next_location: str = "",
) -> Trekantsamtale:
    require_open(access)
    if not access.has_samtykke:
        raise ValidationError("Samtykket er ikke lenger gyldig; referatet kan ikke deles.")
    meeting = object_on_case(Trekantsamtale.objects.select_for_update(), meeting_id, access.case)
    if meeting.status != Trekantsamtale.Status.PLANLAGT:
        raise ValidationError("Samtalen er allerede gjennomført eller avlyst.")
    referat = require_text(referat, "referat", "Skriv et referat fra samtalen.")
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": "En samtale kan ikke være gjennomført fram i tid."})
    if next_planned_at is not None and next_planned_at < timezone.now():
        raise ValidationError({"next_planned_at": "Neste samtale må være fram i tid."})
    case = access.case
    owners = {
        Responsible.NAV: case.nav_veileder,
        Responsible.OT: case.ot_kontakt,
        Responsible.UNGDOM: None,
    }
    for item in actions:
        description = require_text(
            item.description, "actions", "Hvert avtalt tiltak må ha en beskrivelse."
        )
        if item.due_date < held_on:
            raise ValidationError({"actions": f"Fristen for «{description}» er før samtalen."})
        AgreedAction.objects.create(
            case=case,
            meeting=meeting,
            description=description,
            responsible=item.responsible,
            responsible_user=owners.get(item.responsible),
            due_date=item.due_date,
        )
    meeting.status, meeting.held_on, meeting.referat = (
        Trekantsamtale.Status.GJENNOMFORT,
        held_on,
        referat,
    )
    meeting.full_clean()
    meeting.save()
    # NAV and OT both meet the youth in a trekantsamtale.
    _touch_contact(case, timezone.now(), [Agency.NAV, Agency.OT])
    record_event(
        case,
        access.user,
        Verb.MEETING_HELD,
        f"Trekantsamtale gjennomført {held_on:%d.%m.%Y} med {len(actions)} avtalte tiltak",
        agency=access.side,
        payload={"meeting": meeting.pk},
    )
    if next_planned_at is not None:
        meeting.next_meeting = trekantsamtale_plan(
            access=access,
            planned_at=next_planned_at,
            location=next_location or meeting.location,
        )
        meeting.save(update_fields=["next_meeting"])
    if case.status == CaseStatus.NY:
        case_transition(
            case=case,
            actor=access.user,
            side=access.side,
            status=CaseStatus.AKTIV,
            reason="Første trekantsamtale gjennomført",
        )
    return meeting


@transaction.atomic
def trekantsamtale_cancel(*, access: CaseAccess, meeting_id: int, reason: str) -> Trekantsamtale:
    if not access.sees_joint_work:
        raise PermissionDenied("Trekantsamtaler krever et gyldig samtykke.")
    reason = require_text(reason, "reason", "Oppgi hvorfor samtalen avlyses.")
    meeting = object_on_case(Trekantsamtale.objects.select_for_update(), meeting_id, access.case)
    if meeting.status != Trekantsamtale.Status.PLANLAGT:
        raise ValidationError("Bare planlagte samtaler kan avlyses.")
    meeting.status = Trekantsamtale.Status.AVLYST
    meeting.save()
    record_event(
        access.case,
        access.user,
        Verb.MEETING_CANCELLED,
        "Trekantsamtale avlyst",
        reason=reason,
        agency=access.side,
    )
    return meeting


@transaction.atomic
def action_complete(*, access: CaseAccess, action_id: int) -> AgreedAction:
    require_open(access)
    object_on_case(AgreedAction.objects, action_id, access.case)
    updated = AgreedAction.objects.filter(
        pk=action_id, case=access.case, done_at__isnull=True
    ).update(done_at=timezone.now(), done_by=access.user)
    action = AgreedAction.objects.get(pk=action_id, case=access.case)
    if updated:
        record_event(
            access.case,
            access.user,
            Verb.ACTION_DONE,
            f"Utført: {action.description}",
            agency=access.side,
        )
    return action


@transaction.atomic
def huskelapp_set(*, access: CaseAccess, text: str, due_date: dt.date | None) -> Task:
    require_open(access)
    text = require_text(text, "text", "Skriv hva du vil huske.")
    task, _ = Task.objects.update_or_create(
        case=access.case,
        owner_user=access.user,
        kind=Task.Kind.HUSKELAPP,
        done_at__isnull=True,
        defaults={"text": text[:300], "due_date": due_date, "created_by": access.user},
    )
    _record_personal(access, Verb.HUSKELAPP_SET, f"Huskelapp: {task.text}")
    return task


@transaction.atomic
def huskelapp_done(*, access: CaseAccess) -> int:
    done = Task.objects.filter(
        case=access.case, owner_user=access.user, kind=Task.Kind.HUSKELAPP, done_at__isnull=True
    ).update(done_at=timezone.now(), done_by=access.user)
    if done:
        _record_personal(access, Verb.HUSKELAPP_DONE, "Huskelapp utført")
    return done


def _record_personal(access: CaseAccess, verb: str, summary: str) -> None:
    """A huskelapp is the actor's own reminder: audited, but never shown to the other side."""
    record_event(
        access.case, access.user, verb, summary, agency=access.side, visibility=access.side
    )
