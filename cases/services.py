"""Writes on youth and cases. Each service checks its rule, saves, and leaves a timeline event.

Services that act on an existing case take the `CaseAccess` the view got from
`case_get_for_user`, so no write can skip the access check or guess which side the actor is on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from accounts.models import NAV_ROLES, OT_ROLES, Agency, Unit, User
from cases.access import CaseAccess
from cases.models import (
    AgreedAction,
    Case,
    CaseEvent,
    CaseStatus,
    Category,
    Contact,
    Henvisning,
    Note,
    OtStatus,
    Responsible,
    Samtykke,
    Task,
    Trekantsamtale,
    Visibility,
    Youth,
)
from nav_ot.dates import age_on

Verb = CaseEvent.Verb

# Allowed status transitions; closing needs an outcome, every change a reason.
TRANSITIONS = {
    CaseStatus.NY: {CaseStatus.AKTIV, CaseStatus.AVSLUTTET},
    CaseStatus.AKTIV: {CaseStatus.AVSLUTTET},
    CaseStatus.AVSLUTTET: {CaseStatus.AKTIV},
}


# Trekant follows youth 15–29; a little slack either side, but a 1950 birth date is a typo.
MIN_AGE, MAX_AGE = 13, 35
AGE_MESSAGE = f"Trekant er for ungdom. Alderen må være mellom {MIN_AGE} og {MAX_AGE} år; sjekk fødselsdatoen."


class DuplicateYouth(Exception):
    """The youth is registered already; `case` is their open case, if any."""

    def __init__(self, youth: Youth, case: Case | None):
        super().__init__(f"{youth} er allerede registrert.")
        self.youth = youth
        self.case = case


def _event(
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
        case=case, actor=actor, verb=verb, summary=summary[:500], reason=reason, agency=agency,
        visibility=visibility, category=category, payload=payload or {},
    )


def _on_case(queryset, pk: int, case: Case):
    """An object that belongs to this case, or 404 (an id from another case is just unknown)."""
    obj = queryset.filter(pk=pk, case=case).first()
    if obj is None:
        raise Http404("Fant ikke det du så etter på denne saken.")
    return obj


def _require_open(access: CaseAccess) -> None:
    if access.case.status == CaseStatus.AVSLUTTET:
        raise ValidationError("Saken er avsluttet. Gjenåpne den før du registrerer noe nytt.")


def _require(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


def _agency_of(user: User) -> str:
    if user.role in NAV_ROLES:
        return Agency.NAV
    if user.role in OT_ROLES:
        return Agency.OT
    raise PermissionDenied("Bare NAV- og OT-ansatte kan registrere ungdommer.")


# --- Registering youth and opening cases ---------------------------------------------------


def youth_find_existing(*, fnr: str | None, first_name: str, last_name: str, birth_date: dt.date) -> Youth | None:
    """The same person registered before: by number; else by name and birth date, where one of
    the two registrations has no number (two different numbers are two different people)."""
    if fnr and (same := Youth.objects.filter(fnr=fnr).first()):
        return same
    namesakes = Youth.objects.filter(
        birth_date=birth_date, first_name__iexact=first_name.strip(), last_name__iexact=last_name.strip()
    )
    if fnr:
        namesakes = namesakes.filter(fnr__isnull=True)
    return namesakes.first()


@transaction.atomic
def youth_register(
    *,
    actor: User,
    fnr: str | None,
    first_name: str,
    last_name: str,
    birth_date: dt.date,
    ot_enhet: Unit | None = None,
    guardian_name: str = "",
    guardian_phone: str = "",
) -> Case:
    """Register a youth and open their case on the actor's side. Raises DuplicateYouth."""
    existing = youth_find_existing(fnr=fnr, first_name=first_name, last_name=last_name, birth_date=birth_date)
    if existing:
        raise DuplicateYouth(existing, existing.cases.exclude(status=CaseStatus.AVSLUTTET).first())
    today = timezone.localdate()
    if birth_date > today:
        raise ValidationError({"birth_date": "Fødselsdatoen kan ikke være fram i tid."})
    if not MIN_AGE <= age_on(birth_date, today) <= MAX_AGE:
        raise ValidationError({"birth_date": AGE_MESSAGE})
    youth = Youth(fnr=fnr or None, first_name=first_name.strip(), last_name=last_name.strip(), birth_date=birth_date)
    youth.full_clean()
    youth.save()
    return case_open(
        actor=actor, youth=youth, ot_enhet=ot_enhet, guardian_name=guardian_name, guardian_phone=guardian_phone
    )


@transaction.atomic
def case_open(
    *,
    actor: User,
    youth: Youth,
    ot_enhet: Unit | None = None,
    guardian_name: str = "",
    guardian_phone: str = "",
) -> Case:
    agency = _agency_of(actor)
    if actor.unit is None:
        raise PermissionDenied("Brukeren hører ikke til en enhet.")
    if youth.cases.exclude(status=CaseStatus.AVSLUTTET).exists():
        raise DuplicateYouth(youth, youth.cases.exclude(status=CaseStatus.AVSLUTTET).first())
    office = actor.unit.office
    age = age_on(youth.birth_date, timezone.localdate())
    if age < 18 and not guardian_name.strip():
        raise ValidationError({"guardian_name": "Ungdom under 18 år må ha en foresatt registrert."})
    case = Case(youth=youth, status=CaseStatus.NY, guardian_name=guardian_name.strip(), guardian_phone=guardian_phone.strip())
    own_owner = actor if actor.role in {"nav_veileder", "ot_radgiver"} else None
    if agency == Agency.NAV:
        case.nav_kontor, case.nav_veileder = office, own_owner
        if ot_enhet is not None:
            if ot_enhet.type != Unit.Type.OT_ENHET:
                raise ValidationError({"ot_enhet": "Velg en OT-enhet."})
            case.ot_enhet = ot_enhet
    else:
        case.ot_enhet, case.ot_kontakt = office, own_owner
    case.full_clean()
    case.save()
    _event(case, actor, Verb.OPENED, f"Sak opprettet av {actor.get_full_name()} ({office.navn})", agency=agency)
    # NAV must always tell OT about a youth under OT's age limit (samarbeidsavtalene).
    if agency == Agency.NAV and age < settings.OT_AGE_LIMIT:
        target = case.ot_enhet or _default_ot_enhet(office)
        if target is not None:
            if case.ot_enhet_id is None:
                case.ot_enhet = target
                case.save(update_fields=["ot_enhet", "updated_at"])
            Task.objects.create(
                case=case, kind=Task.Kind.INFORMER_OT, owner_unit=target, created_by=actor,
                text=f"NAV har registrert en ungdom under {settings.OT_AGE_LIMIT} år. Bekreft at OT er informert.",
            )
    return case


def _default_ot_enhet(office: Unit) -> Unit | None:
    fylke = office.fylke
    if fylke is None:
        return None
    return Unit.objects.filter(type=Unit.Type.OT_ENHET, parent=fylke, active=True).order_by("navn").first()


# --- Status, ownership, OT status, school ----------------------------------------------------


@transaction.atomic
def case_change_status(
    *, access: CaseAccess, status: str, reason: str, outcome: str = "", closed_on: dt.date | None = None
) -> Case:
    case = Case.objects.select_for_update().get(pk=access.case.pk)
    reason = _require(reason, "reason", "Oppgi en begrunnelse for endringen.")
    if status not in TRANSITIONS.get(case.status, set()):
        raise ValidationError(
            {"status": f"Kan ikke gå fra «{case.get_status_display()}» til «{CaseStatus(status).label}»."}
        )
    old = case.get_status_display()
    if status == CaseStatus.AVSLUTTET:
        if not outcome:
            raise ValidationError({"outcome": "Velg hvordan saken ble avsluttet."})
        case.outcome, case.closed_on = outcome, closed_on or timezone.localdate()
        Task.objects.filter(case=case, done_at__isnull=True).update(done_at=timezone.now(), done_by=access.user)
    else:
        if status == CaseStatus.AKTIV and case.status == CaseStatus.AVSLUTTET:
            if case.youth.cases.exclude(pk=case.pk).exclude(status=CaseStatus.AVSLUTTET).exists():
                raise ValidationError({"status": "Ungdommen har allerede en annen åpen sak."})
        case.outcome, case.closed_on = "", None
    case.status = status
    case.full_clean()
    case.save()
    summary = f"Status: {old} → {case.get_status_display()}"
    if case.outcome:
        summary += f" ({case.get_outcome_display()})"
    _event(case, access.user, Verb.STATUS_CHANGED, summary, reason=reason, agency=access.side,
           payload={"status": status, "outcome": case.outcome})
    return case


@transaction.atomic
def case_assign(*, access: CaseAccess, owner: User | None, reason: str) -> Case:
    """Give the case to a veileder or OT-kontakt on the actor's own side."""
    _require_open(access)
    case = Case.objects.select_for_update().get(pk=access.case.pk)
    reason = _require(reason, "reason", "Oppgi en begrunnelse for eierskiftet.")
    side = access.side
    unit = case.unit_for(side)
    if owner is not None:
        if owner.agency != side or not owner.is_active or owner.unit is None or owner.unit.office.pk != unit.pk:
            raise ValidationError({"owner": f"Velg en person ved {unit.navn}."})
    previous = case.owner_for(side)
    if previous == owner:
        return case
    if side == Agency.NAV:
        case.nav_veileder = owner
        case.new_for_nav_veileder = owner is not None and owner != access.user
    else:
        case.ot_kontakt = owner
        case.new_for_ot_kontakt = owner is not None and owner != access.user
    case.save()
    # Open actions agreed for this side follow the case to its new owner.
    AgreedAction.objects.filter(case=case, responsible=side, done_at__isnull=True).update(responsible_user=owner)
    role = "NAV-veileder" if side == Agency.NAV else "OT-kontakt"
    summary = f"{role}: {previous.get_full_name() if previous else 'ingen'} → {owner.get_full_name() if owner else 'ingen'}"
    _event(case, access.user, Verb.OWNER_CHANGED, summary, reason=reason, agency=side,
           payload={"side": side, "owner": owner.pk if owner else None})
    return case


def cases_bulk_assign(*, user: User, case_ids: Iterable[int], owner: User | None, reason: str) -> int:
    """Assign many cases at once; each goes through the same access check and service."""
    from cases.access import case_access

    count = 0
    with transaction.atomic():
        for case in Case.objects.filter(pk__in=list(case_ids)).select_related("nav_kontor", "ot_enhet"):
            access = case_access(user, case)
            if access is None:
                continue
            before = case.owner_for(access.side)
            case_assign(access=access, owner=owner, reason=reason)
            count += before != owner
    return count


def case_mark_seen(*, access: CaseAccess) -> None:
    """Opening one's own case clears "ny for meg"."""
    field = "new_for_nav_veileder" if access.side == Agency.NAV else "new_for_ot_kontakt"
    owner_field = "nav_veileder" if access.side == Agency.NAV else "ot_kontakt"
    Case.objects.filter(pk=access.case.pk, **{owner_field: access.user, field: True}).update(**{field: False})


def _require_side(access: CaseAccess, side: str, what: str) -> None:
    if access.side != side:
        raise PermissionDenied(f"Bare {'NAV' if side == Agency.NAV else 'OT'} kan endre {what}.")


@transaction.atomic
def case_set_ot_status(*, access: CaseAccess, ot_status: str, reason: str) -> Case:
    _require_side(access, Agency.OT, "OT-status")
    _require_open(access)
    reason = _require(reason, "reason", "Oppgi en begrunnelse for endringen.")
    case = Case.objects.select_for_update().get(pk=access.case.pk)
    if ot_status not in OtStatus.values:
        raise ValidationError({"ot_status": "Ukjent OT-statuskode."})
    old = case.ot_status
    if old == ot_status:
        return case
    case.ot_status = ot_status
    case.save()
    _event(case, access.user, Verb.OT_STATUS_CHANGED, f"OT-status: {old} → {ot_status}", reason=reason,
           agency=Agency.OT, category=Category.SKOLE, payload={"from": old, "to": ot_status})
    return case


@transaction.atomic
def case_update_school(
    *, access: CaseAccess, rett_til_vgo: bool | None, school: str, programme: str, next_intake: dt.date | None
) -> Case:
    _require_side(access, Agency.OT, "skolesituasjonen")
    _require_open(access)
    case = Case.objects.select_for_update().get(pk=access.case.pk)
    case.rett_til_vgo, case.school, case.programme, case.next_intake = rett_til_vgo, school.strip(), programme.strip(), next_intake
    case.full_clean()
    case.save()
    _event(case, access.user, Verb.SCHOOL_UPDATED, "Skolesituasjon oppdatert", agency=Agency.OT, category=Category.SKOLE)
    return case


# --- Samtykke ----------------------------------------------------------------------------------


@transaction.atomic
def samtykke_record(
    *, access: CaseAccess, given_by: str, categories: list[str], valid_from: dt.date, valid_to: dt.date | None,
    shared_with: str = Samtykke.SharedWith.BEGGE,
) -> Samtykke:
    _require_open(access)
    if not categories:
        raise ValidationError({"categories": "Velg minst ett tema samtykket gjelder."})
    if valid_to is not None and valid_to < valid_from:
        raise ValidationError({"valid_to": "Utløpsdatoen kan ikke være før startdatoen."})
    if valid_to is not None and valid_to < timezone.localdate():
        raise ValidationError({"valid_to": "Samtykket er allerede utløpt."})
    samtykke = Samtykke(
        case=access.case, given_by=given_by, categories=sorted(set(categories)),
        valid_from=valid_from, valid_to=valid_to, recorded_by=access.user, shared_with=shared_with,
    )
    samtykke.full_clean()
    samtykke.save()
    period = f"fra {valid_from:%d.%m.%Y}" + (f" til {valid_to:%d.%m.%Y}" if valid_to else "")
    _event(access.case, access.user, Verb.CONSENT_GIVEN,
           f"Samtykke ({samtykke.get_given_by_display().lower()}): {samtykke.get_categories_display()}, {period}. "
           f"{samtykke.get_shared_with_display()}.")
    return samtykke


@transaction.atomic
def samtykke_withdraw(*, access: CaseAccess, samtykke_id: int, reason: str) -> Samtykke:
    reason = _require(reason, "reason", "Oppgi hvorfor samtykket trekkes tilbake.")
    samtykke = _on_case(Samtykke.objects.select_for_update(), samtykke_id, access.case)
    if samtykke.withdrawn_at is not None:
        raise ValidationError("Samtykket er allerede trukket tilbake.")
    samtykke.withdrawn_at, samtykke.withdrawn_reason = timezone.now(), reason
    samtykke.save()
    _event(access.case, access.user, Verb.CONSENT_WITHDRAWN,
           f"Samtykke trukket tilbake: {samtykke.get_categories_display()}", reason=reason)
    # Without any samtykke left there can be no trekantsamtale: planned ones are cancelled.
    from cases.access import valid_samtykke_categories

    if not valid_samtykke_categories(access.case):
        planned = Trekantsamtale.objects.filter(case=access.case, status=Trekantsamtale.Status.PLANLAGT)
        for meeting in planned:
            _event(access.case, access.user, Verb.MEETING_CANCELLED,
                   f"Trekantsamtale {timezone.localtime(meeting.planned_at):%d.%m.%Y} avlyst",
                   reason="Samtykket ble trukket tilbake", agency="")
        planned.update(status=Trekantsamtale.Status.AVLYST)
    return samtykke


# --- Notes and contacts ----------------------------------------------------------------------


@transaction.atomic
def note_add(*, access: CaseAccess, text: str, visibility: str, category: str) -> Note:
    _require_open(access)
    text = _require(text, "text", "Skriv et notat.")
    if visibility not in (access.side, Visibility.SHARED):
        raise ValidationError({"visibility": "Et notat kan være for egen etat eller delt."})
    note = Note(case=access.case, author=access.user, agency=access.side, visibility=visibility, category=category, text=text)
    note.full_clean()
    note.save()
    _event(access.case, access.user, Verb.NOTE_ADDED, text, agency=access.side, visibility=visibility,
           category=category, payload={"note": note.pk})
    return note


@transaction.atomic
def contact_register(
    *, access: CaseAccess, kind: str, happened_at: dt.datetime, note: str = "", category: str = ""
) -> Contact:
    _require_open(access)
    if happened_at > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationError({"happened_at": "En kontakt kan ikke registreres fram i tid."})
    contact = Contact(case=access.case, kind=kind, happened_at=happened_at, note=note.strip(), agency=access.side,
                      registered_by=access.user)
    contact.full_clean()
    contact.save()
    if kind != Contact.Kind.IKKE_MOTT:
        _touch_contact(access.case, happened_at)
    summary = f"{contact.get_kind_display()} {timezone.localtime(happened_at):%d.%m.%Y %H:%M}"
    if note.strip():
        summary += f": {note.strip()}"
    _event(access.case, access.user, Verb.CONTACT, summary, agency=access.side,
           category=category or (Category.ARBEID_TILTAK if access.side == Agency.NAV else Category.SKOLE))
    return contact


def _touch_contact(case: Case, when: dt.datetime) -> None:
    from django.db.models import Q

    Case.objects.filter(pk=case.pk).filter(Q(last_contact_at__isnull=True) | Q(last_contact_at__lt=when)).update(
        last_contact_at=when
    )


# --- Trekantsamtaler and agreed actions ---------------------------------------------------------


@transaction.atomic
def trekantsamtale_plan(
    *, access: CaseAccess, planned_at: dt.datetime, location: str, agenda: str = "", preparation: str = "",
    other_participants: str = "",
) -> Trekantsamtale:
    _require_open(access)
    if not access.has_samtykke:
        raise ValidationError("En trekantsamtale krever et gyldig samtykke fra ungdommen.")
    if planned_at < timezone.now():
        raise ValidationError({"planned_at": "Tidspunktet har allerede vært. Velg et tidspunkt fram i tid."})
    if planned_at > timezone.now() + dt.timedelta(days=366):
        raise ValidationError({"planned_at": "Tidspunktet er mer enn ett år fram i tid. Sjekk årstallet."})
    location = _require(location, "location", "Oppgi hvor samtalen skal være.")
    meeting = Trekantsamtale(
        case=access.case, planned_at=planned_at, location=location, agenda=agenda.strip(),
        preparation=preparation.strip(), other_participants=other_participants.strip(), created_by=access.user,
    )
    meeting.full_clean()
    meeting.save()
    _event(access.case, access.user, Verb.MEETING_PLANNED,
           f"Trekantsamtale planlagt {timezone.localtime(planned_at):%d.%m.%Y kl. %H:%M}, {location}",
           agency=access.side, payload={"meeting": meeting.pk})
    return meeting


@dataclass(frozen=True)
class ActionInput:
    description: str
    responsible: str
    due_date: dt.date


@transaction.atomic
def trekantsamtale_hold(
    *, access: CaseAccess, meeting_id: int, held_on: dt.date, referat: str, actions: list[ActionInput],
    next_planned_at: dt.datetime | None = None, next_location: str = "",
) -> Trekantsamtale:
    _require_open(access)
    if not access.has_samtykke:
        raise ValidationError("Samtykket er ikke lenger gyldig; referatet kan ikke deles.")
    meeting = _on_case(Trekantsamtale.objects.select_for_update(), meeting_id, access.case)
    if meeting.status != Trekantsamtale.Status.PLANLAGT:
        raise ValidationError("Samtalen er allerede gjennomført eller avlyst.")
    referat = _require(referat, "referat", "Skriv et referat fra samtalen.")
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": "En samtale kan ikke være gjennomført fram i tid."})
    case = access.case
    owners = {Responsible.NAV: case.nav_veileder, Responsible.OT: case.ot_kontakt, Responsible.UNGDOM: None}
    for item in actions:
        description = _require(item.description, "actions", "Hvert avtalt tiltak må ha en beskrivelse.")
        if item.due_date < held_on:
            raise ValidationError({"actions": f"Fristen for «{description}» er før samtalen."})
        AgreedAction.objects.create(
            case=case, meeting=meeting, description=description, responsible=item.responsible,
            responsible_user=owners.get(item.responsible), due_date=item.due_date,
        )
    meeting.status, meeting.held_on, meeting.referat = Trekantsamtale.Status.GJENNOMFORT, held_on, referat
    meeting.full_clean()
    meeting.save()
    _touch_contact(case, timezone.now())
    _event(case, access.user, Verb.MEETING_HELD,
           f"Trekantsamtale gjennomført {held_on:%d.%m.%Y} med {len(actions)} avtalte tiltak", agency=access.side,
           payload={"meeting": meeting.pk})
    if next_planned_at is not None:
        meeting.next_meeting = trekantsamtale_plan(
            access=access, planned_at=next_planned_at, location=next_location or meeting.location,
        )
        meeting.save(update_fields=["next_meeting"])
    if case.status == CaseStatus.NY:
        Case.objects.filter(pk=case.pk).update(status=CaseStatus.AKTIV)
        _event(case, access.user, Verb.STATUS_CHANGED, "Status: Ny → Under oppfølging", agency=access.side,
               reason="Første trekantsamtale gjennomført", payload={"status": CaseStatus.AKTIV})
    return meeting


@transaction.atomic
def trekantsamtale_cancel(*, access: CaseAccess, meeting_id: int, reason: str) -> Trekantsamtale:
    if not access.sees_joint_work:
        raise PermissionDenied("Trekantsamtaler krever et gyldig samtykke.")
    reason = _require(reason, "reason", "Oppgi hvorfor samtalen avlyses.")
    meeting = _on_case(Trekantsamtale.objects.select_for_update(), meeting_id, access.case)
    if meeting.status != Trekantsamtale.Status.PLANLAGT:
        raise ValidationError("Bare planlagte samtaler kan avlyses.")
    meeting.status = Trekantsamtale.Status.AVLYST
    meeting.save()
    _event(access.case, access.user, Verb.MEETING_CANCELLED, "Trekantsamtale avlyst", reason=reason, agency=access.side)
    return meeting


@transaction.atomic
def action_complete(*, access: CaseAccess, action_id: int) -> AgreedAction:
    _require_open(access)
    _on_case(AgreedAction.objects, action_id, access.case)
    updated = AgreedAction.objects.filter(pk=action_id, case=access.case, done_at__isnull=True).update(
        done_at=timezone.now(), done_by=access.user
    )
    action = AgreedAction.objects.get(pk=action_id, case=access.case)
    if updated:
        _event(access.case, access.user, Verb.ACTION_DONE, f"Utført: {action.description}", agency=access.side)
    return action


# --- Henvisninger and the "inform OT" task ---------------------------------------------------------


@transaction.atomic
def henvisning_send(*, access: CaseAccess, to_unit: Unit, message: str) -> Henvisning:
    _require_open(access)
    wanted = Unit.Type.OT_ENHET if access.side == Agency.NAV else Unit.Type.NAV_KONTOR
    if to_unit.type != wanted:
        raise ValidationError({"to_unit": f"Velg {Unit.Type(wanted).label.lower()} å henvise til."})
    direction = Henvisning.Direction.NAV_TIL_OT if access.side == Agency.NAV else Henvisning.Direction.OT_TIL_NAV
    if Henvisning.objects.filter(case=access.case, direction=direction, status=Henvisning.Status.VENTER).exists():
        raise ValidationError("Det finnes allerede en henvisning som venter på svar.")
    henvisning = Henvisning(case=access.case, direction=direction, to_unit=to_unit, message=message.strip(), created_by=access.user)
    henvisning.full_clean()
    henvisning.save()
    _event(access.case, access.user, Verb.REFERRAL_SENT,
           f"Henvisning {henvisning.get_direction_display()}: {to_unit.navn}", agency=access.side)
    return henvisning


@transaction.atomic
def henvisning_decide(*, user: User, henvisning_id: int, accept: bool, reason: str = "") -> Henvisning:
    """The receiving unit accepts (and becomes the case's owner on its side) or rejects with a reason."""
    from cases.selectors import henvisninger_waiting_for

    henvisning = henvisninger_waiting_for(user).select_for_update(of=("self",)).filter(pk=henvisning_id).first()
    if henvisning is None:
        from django.http import Http404

        raise Http404("Fant ikke henvisningen.")
    if not accept:
        henvisning.decision_reason = _require(reason, "reason", "Oppgi hvorfor henvisningen avvises.")
    else:
        henvisning.decision_reason = reason.strip()
    henvisning.status = Henvisning.Status.AKSEPTERT if accept else Henvisning.Status.AVVIST
    henvisning.decided_by, henvisning.decided_at = user, timezone.now()
    henvisning.full_clean()
    henvisning.save()
    case = Case.objects.select_for_update().get(pk=henvisning.case_id)
    side = Agency.OT if henvisning.direction == Henvisning.Direction.NAV_TIL_OT else Agency.NAV
    verdict = "akseptert" if accept else "avvist"
    _event(case, user, Verb.REFERRAL_DECIDED, f"Henvisning {henvisning.get_direction_display()} {verdict}",
           reason=henvisning.decision_reason, agency=side)
    if accept:
        # The receiving unit takes over its side; an owner from elsewhere does not come along.
        owner = user if user.role in {"nav_veileder", "ot_radgiver"} else None
        previous = case.owner_for(side)
        if side == Agency.OT:
            case.ot_enhet, case.ot_kontakt, case.new_for_ot_kontakt = henvisning.to_unit, owner, False
        else:
            case.nav_kontor, case.nav_veileder, case.new_for_nav_veileder = henvisning.to_unit, owner, False
        case.save()
        AgreedAction.objects.filter(case=case, responsible=side, done_at__isnull=True).update(responsible_user=owner)
        role = "NAV-veileder" if side == Agency.NAV else "OT-kontakt"
        _event(case, user, Verb.OWNER_CHANGED,
               f"{role}: {previous.get_full_name() if previous else 'ingen'} → {owner.get_full_name() if owner else 'ingen'} "
               f"({henvisning.to_unit.navn})", reason="Henvisning akseptert", agency=side)
    return henvisning


@transaction.atomic
def inform_ot_acknowledge(*, access: CaseAccess) -> int:
    _require_side(access, Agency.OT, "bekrefte at OT er informert")
    done = Task.objects.filter(case=access.case, kind=Task.Kind.INFORMER_OT, done_at__isnull=True).update(
        done_at=timezone.now(), done_by=access.user
    )
    if done:
        _event(access.case, access.user, Verb.OT_INFORMED, "OT har bekreftet at de kjenner til ungdommen", agency="")
    return done


# --- Huskelapp ------------------------------------------------------------------------------------


@transaction.atomic
def huskelapp_set(*, access: CaseAccess, text: str, due_date: dt.date | None) -> Task:
    _require_open(access)
    text = _require(text, "text", "Skriv hva du vil huske.")
    task, _ = Task.objects.update_or_create(
        case=access.case, owner_user=access.user, kind=Task.Kind.HUSKELAPP, done_at__isnull=True,
        defaults={"text": text[:300], "due_date": due_date, "created_by": access.user},
    )
    return task


@transaction.atomic
def huskelapp_done(*, access: CaseAccess) -> int:
    return Task.objects.filter(
        case=access.case, owner_user=access.user, kind=Task.Kind.HUSKELAPP, done_at__isnull=True
    ).update(done_at=timezone.now(), done_by=access.user)


# --- Guarantee deadlines: pause, resume, sign-off (team leads) ------------------------------------


def _frist_for(user: User, frist_id: int):
    from cases.selectors import frister_visible_to

    frist = frister_visible_to(user).select_for_update().filter(pk=frist_id).first()
    if frist is None:
        raise Http404("Fant ikke fristen.")
    return frist


@transaction.atomic
def frist_pause(*, actor: User, frist_id: int, reason: str, today: dt.date) -> None:
    reason = _require(reason, "reason", "Oppgi hvorfor fristen settes på pause (for eksempel sykdom).")
    frist = _frist_for(actor, frist_id)
    if frist.status not in ("apen", "snart") or frist.frist is None:
        raise ValidationError("Bare åpne frister kan settes på pause.")
    frist.paused_from, frist.pause_reason, frist.status = today, reason, "pauset"
    frist.save()
    _refresh(frist, today)
    if frist.vedtak.case_id:
        _event(frist.vedtak.case, actor, Verb.STATUS_CHANGED, f"Frist {frist.regel.kode} satt på pause",
               reason=reason, agency=Agency.NAV, category=Category.ARBEID_TILTAK)


@transaction.atomic
def frist_resume(*, actor: User, frist_id: int, today: dt.date) -> None:
    """The paused days are added to the frist; the next sweep sets the status."""
    frist = _frist_for(actor, frist_id)
    if frist.paused_from is None or frist.status != "pauset":
        raise ValidationError("Fristen er ikke på pause.")
    days = max(0, (today - frist.paused_from).days)
    frist.frist = frist.frist + dt.timedelta(days=days)
    frist.paused_days += days
    frist.paused_from = None
    frist.status = "apen"
    frist.save()
    _refresh(frist, today)
    if frist.vedtak.case_id:
        _event(frist.vedtak.case, actor, Verb.STATUS_CHANGED,
               f"Frist {frist.regel.kode} gjenopptatt; ny frist {frist.frist:%d.%m.%Y} (+{days} dager)",
               reason=frist.pause_reason, agency=Agency.NAV, category=Category.ARBEID_TILTAK)


def _refresh(frist, today: dt.date) -> None:
    from cases.guarantees import refresh_youth

    refresh_youth(youth_ids=[frist.youth_id], today=today)


@transaction.atomic
def frist_sign_off(*, actor: User, frist_id: int, comment: str) -> None:
    if not actor.is_team_lead:
        raise PermissionDenied("Bare teamledere kvitterer ut brudd.")
    comment = _require(comment, "comment", "Skriv en kommentar til bruddet.")
    frist = _frist_for(actor, frist_id)
    if frist.status not in ("brutt", "oppfylt_sent"):
        raise ValidationError("Bare brutte frister kvitteres ut.")
    if frist.signed_off_at is not None:
        raise ValidationError("Bruddet er allerede kvittert ut.")
    frist.signed_off_by, frist.signed_off_at, frist.sign_off_comment = actor, timezone.now(), comment
    frist.save()
