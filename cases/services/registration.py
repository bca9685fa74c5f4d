"""Registering youth and opening their case."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import Agency, Unit, User
from cases.events import Verb, record_event
from cases.models import (
    Case,
    CaseStatus,
    Task,
    Visibility,
    Youth,
)
from cases.services.common import agency_of
from cases.services.periode import periode_open
from nav_ot.dates import age_on, birth_date_bounds
from nav_ot.identity import same_name

# Trekant follows youth 15–29; a little slack either side, but a 1950 birth date is a typo.
MIN_AGE, MAX_AGE = 13, 35


AGE_MESSAGE = (
    f"Trekant er for ungdom. Alderen må være mellom {MIN_AGE} og {MAX_AGE} år; sjekk fødselsdatoen."
)


class DuplicateYouth(Exception):
    """The youth is registered already; `case` is their open case, if any."""

    def __init__(self, youth: Youth, case: Case | None):
        super().__init__(f"{youth} er allerede registrert.")
        self.youth = youth
        self.case = case


def youth_find_existing(
    *, fnr: str | None, first_name: str, last_name: str, birth_date: dt.date
) -> Youth | None:
    """The same person registered before: by number; else by name and birth date, where one of
    the two registrations has no number (two different numbers are two different people)."""
    if fnr and (same := Youth.objects.filter(fnr=fnr).first()):
        return same
    namesakes = Youth.objects.filter(
        birth_date=birth_date,
        first_name__iexact=first_name.strip(),
        last_name__iexact=last_name.strip(),
    )
    if fnr:
        namesakes = namesakes.filter(fnr__isnull=True)
    return namesakes.first()


def youth_identify(
    *, fnr: str | None, first_name: str, last_name: str, birth_date: dt.date
) -> Youth | None:
    """The registered youth these identifying data describe in full, or None: the name (as
    people type it) and the fødselsnummer when one is registered, else the birth date. Unlike
    youth_find_existing (which stops double registrations), this decides who may open a case
    on a youth, so it must not let a number or a name and birth date reveal the rest."""
    if fnr:
        candidates = Youth.objects.filter(Q(fnr=fnr) | Q(fnr__isnull=True, birth_date=birth_date))
    else:
        candidates = Youth.objects.filter(fnr__isnull=True, birth_date=birth_date)
    for youth in candidates:
        if same_name(first_name, youth.first_name) and same_name(last_name, youth.last_name):
            return youth
    return None


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
    today = timezone.localdate()
    if birth_date > today:
        raise ValidationError({"birth_date": "Fødselsdatoen kan ikke være fram i tid."})
    if not MIN_AGE <= age_on(birth_date, today) <= MAX_AGE:
        # A birth date read from the number is wrong in the number: show it there.
        raise ValidationError({"fnr" if fnr else "birth_date": AGE_MESSAGE})
    existing = youth_find_existing(
        fnr=fnr, first_name=first_name, last_name=last_name, birth_date=birth_date
    )
    if existing:
        raise DuplicateYouth(existing, existing.cases.exclude(status=CaseStatus.AVSLUTTET).first())
    youth = Youth(
        fnr=fnr or None,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        birth_date=birth_date,
    )
    youth.full_clean()
    youth.save()
    return case_open(
        actor=actor,
        youth=youth,
        ot_enhet=ot_enhet,
        guardian_name=guardian_name,
        guardian_phone=guardian_phone,
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
    agency = agency_of(actor)
    if actor.unit is None:
        raise PermissionDenied("Brukeren hører ikke til en enhet.")
    if youth.cases.exclude(status=CaseStatus.AVSLUTTET).exists():
        raise DuplicateYouth(youth, youth.cases.exclude(status=CaseStatus.AVSLUTTET).first())
    office = actor.unit.office
    age = age_on(youth.birth_date, timezone.localdate())
    if age < 18 and not guardian_name.strip():
        raise ValidationError({"guardian_name": "Ungdom under 18 år må ha en foresatt registrert."})
    case = Case(
        youth=youth,
        status=CaseStatus.NY,
        guardian_name=guardian_name.strip(),
        guardian_phone=guardian_phone.strip(),
        guardian_agency=agency if guardian_name.strip() or guardian_phone.strip() else "",
    )
    own_owner = actor if actor.is_case_worker else None
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
    for side in (Agency.NAV, Agency.OT):
        if case.unit_for(side) is not None:
            periode_open(case=case, agency=side)
    record_event(
        case,
        actor,
        Verb.OPENED,
        f"Sak opprettet av {actor.get_full_name()} ({office.navn})",
        agency=agency,
    )
    # NAV must always tell OT about a youth under OT's age limit (samarbeidsavtalene).
    if agency == Agency.NAV and youth.birth_date >= _ot_age_limit_born_from(timezone.localdate()):
        target = case.ot_enhet or _default_ot_enhet(office)
        if target is not None:
            if case.ot_enhet_id is None:
                case.ot_enhet = target
                case.save(update_fields=["ot_enhet", "updated_at"])
                periode_open(case=case, agency=Agency.OT)
            Task.objects.create(
                case=case,
                kind=Task.Kind.INFORMER_OT,
                owner_unit=target,
                created_by=actor,
                text=_inform_ot_text(),
            )
    return case


def _default_ot_enhet(office: Unit) -> Unit | None:
    fylke = office.fylke
    if fylke is None:
        return None
    return (
        Unit.objects.filter(type=Unit.Type.OT_ENHET, parent=fylke, active=True)
        .order_by("navn")
        .first()
    )


def _ot_age_limit_born_from(today: dt.date) -> dt.date:
    """Youth born on or after this day are under OT's age limit today."""
    return birth_date_bounds(0, settings.OT_AGE_LIMIT - 1, today)[0]


def _inform_ot_text() -> str:
    return f"NAV har registrert en ungdom under {settings.OT_AGE_LIMIT} år. Bekreft at OT er informert."


def cases_open_imported(
    *, openings: Sequence[tuple[int, int, int | None]], source: str
) -> list[int]:
    """`case_open` for many youth at once, for NAV's imports: a case per (youth id, NAV-kontor id,
    veileder id) whose youth has no open case, owned by that office and veileder, with the
    opened event and, for youth under OT's age limit, the office's default OT-enhet and the
    inform-OT task. One statement whatever the number of youth; returns the youth ids whose
    case was opened. Imported youth come with an ongoing NAV follow-up, so the case is active.
    """
    if not openings:
        return []
    youth_ids, office_ids, veileder_ids = (list(column) for column in zip(*openings, strict=True))
    offices = Unit.objects.in_bulk(set(office_ids))
    ot_enheter = [
        (pk, unit) for pk, office in offices.items() if (unit := _default_ot_enhet(office))
    ]
    given = {"id", "youth_id", "nav_kontor_id", "nav_veileder_id", "ot_enhet_id", "status"}
    given |= {"created_at", "updated_at"}
    # Every other column as a new Case() would have it, so a field added later needs no change here.
    defaults = {
        f.column: f.get_default() for f in Case._meta.concrete_fields if f.column not in given
    }
    default_columns = sorted(defaults)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH wanted AS (
                SELECT * FROM unnest(%(youth)s::bigint[], %(office)s::bigint[], %(veileder)s::bigint[])
                    AS w(youth_id, nav_kontor_id, nav_veileder_id)
            ), ot AS (
                SELECT * FROM unnest(%(ot_office)s::bigint[], %(ot_enhet)s::bigint[])
                    AS o(nav_kontor_id, ot_enhet_id)
            ), opened AS (
                INSERT INTO cases_case (youth_id, nav_kontor_id, nav_veileder_id, ot_enhet_id,
                    status, {", ".join(default_columns)}, created_at, updated_at)
                SELECT w.youth_id, w.nav_kontor_id, w.nav_veileder_id,
                    CASE WHEN y.birth_date >= %(born_from)s THEN ot.ot_enhet_id END,
                    %(status)s, {", ".join(f"%(d_{c})s" for c in default_columns)}, now(), now()
                FROM wanted w
                JOIN cases_youth y ON y.id = w.youth_id
                LEFT JOIN ot ON ot.nav_kontor_id = w.nav_kontor_id
                WHERE NOT EXISTS (
                    SELECT 1 FROM cases_case c
                    WHERE c.youth_id = w.youth_id AND NOT (c.status = %(closed)s)
                )
                ORDER BY w.youth_id
                ON CONFLICT (youth_id) WHERE NOT (status = %(closed)s) DO NOTHING
                RETURNING id, youth_id, nav_kontor_id, ot_enhet_id
            ), events AS (
                INSERT INTO cases_caseevent (case_id, verb, summary, reason, agency, visibility,
                    category, payload, created_at)
                SELECT opened.id, %(verb)s, left(%(summary)s || ' (' || u.navn || ')', 500), '',
                    %(agency)s, %(visibility)s, '', '{{}}'::jsonb, now()
                FROM opened JOIN accounts_unit u ON u.id = opened.nav_kontor_id
            ), perioder AS (
                INSERT INTO cases_oppfolgingsperiode (case_id, agency, started_on, outcome, reason,
                    ot_status_start, ot_status_end, created_at)
                SELECT opened.id, side.agency, %(today)s, '', '',
                    CASE WHEN side.agency = %(ot)s THEN %(d_ot_status)s ELSE '' END, '', now()
                FROM opened CROSS JOIN (VALUES (%(agency)s), (%(ot)s)) AS side(agency)
                WHERE side.agency = %(agency)s OR opened.ot_enhet_id IS NOT NULL
            ), tasks AS (
                INSERT INTO cases_task (case_id, kind, owner_unit_id, text, created_at)
                SELECT opened.id, %(kind)s, opened.ot_enhet_id, %(text)s, now()
                FROM opened WHERE opened.ot_enhet_id IS NOT NULL
            )
            SELECT youth_id FROM opened
            """,
            {
                "youth": youth_ids,
                "office": office_ids,
                "veileder": veileder_ids,
                "ot_office": [pk for pk, _ in ot_enheter],
                "ot_enhet": [unit.pk for _, unit in ot_enheter],
                "born_from": _ot_age_limit_born_from(timezone.localdate()),
                "status": CaseStatus.AKTIV,
                "closed": CaseStatus.AVSLUTTET,
                "verb": Verb.OPENED,
                "summary": f"Sak opprettet ved {source}",
                "agency": Agency.NAV,
                "ot": Agency.OT,
                "today": timezone.localdate(),
                "visibility": Visibility.SHARED,
                "kind": Task.Kind.INFORMER_OT,
                "text": _inform_ot_text(),
                **{f"d_{column}": value for column, value in defaults.items()},
            },
        )
        return [youth_id for (youth_id,) in cursor.fetchall()]
