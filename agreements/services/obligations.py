"""Writes on obligations: their cadence, and the meetings and list washings that fulfil them."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import Unit, User
from agreements.models import Avtaleversjon, Forpliktelse, Oppfyllelse, Samarbeidsavtale
from cases.washing import finished_since
from nav_ot.dates import next_recurrence, recurrence_dates

OBLIGATION_FREQUENCIES = {"WEEKLY", "MONTHLY", "YEARLY"}


def validate_rrule(rule: str) -> str:
    """The rule, stripped, when dateutil reads it as a recurrence with a frequency."""
    rule = (rule or "").strip().removeprefix("RRULE:")
    if not rule:
        raise ValidationError(
            {"rrule": "En forpliktelse må ha en hyppighet (for eksempel hver 6. uke)."}
        )
    if "FREQ=" not in rule.upper():
        raise ValidationError(
            {"rrule": "Hyppigheten må ha FREQ, for eksempel FREQ=WEEKLY;INTERVAL=6."}
        )
    try:
        recurrence_dates(rule, dt.date(2000, 1, 1), dt.date(2000, 1, 2))
    except (ValueError, TypeError) as error:
        raise ValidationError({"rrule": f"Ugyldig hyppighet: {rule}"}) from error
    frequency = re.search(r"FREQ=(\w+)", rule.upper()).group(1)
    if frequency not in OBLIGATION_FREQUENCIES:
        # A promise between NAV and the county recurs weekly at the most; a finer cadence would
        # also make every status page compute thousands of periods.
        raise ValidationError(
            {
                "rrule": "Hyppigheten må være ukentlig, månedlig eller årlig (FREQ=WEEKLY/MONTHLY/YEARLY)."
            }
        )
    today = timezone.localdate()
    if next_recurrence(rule, today, today) is None:
        raise ValidationError(
            {"rrule": "Hyppigheten er allerede avsluttet (UNTIL/COUNT er passert)."}
        )
    return rule.upper()


def obligation_record_fulfilment(
    *,
    enhet: Unit,
    kind: str,
    dato: dt.date,
    source: str = Oppfyllelse.Source.REGISTRERT,
    referanse: str = "",
    by: User | None = None,
    together_with: Unit | None = None,
) -> list[Oppfyllelse]:
    """Records a meeting, list washing or evaluation held by `enhet` on `dato`.

    Public: the list-washing feature calls it with source="listevask". It counts for every
    agreement whose version in force on `dato` covers the unit and has an obligation of this kind
    (with `together_with`, only those that cover that unit too: the other party at the table).
    A list washing's `referanse` names its session: recorded once per agreement and unit however
    often it is told. Returns the rows recorded (none when no agreement promises this kind).
    """
    office = enhet.office
    in_force = Avtaleversjon.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=dato),
        valid_from__lte=dato,
        status__in=[Avtaleversjon.Status.AKTIV, Avtaleversjon.Status.ERSTATTET],
    )
    promised = Forpliktelse.objects.filter(kind=kind, klausul__versjon__in=in_force)
    avtaler = Samarbeidsavtale.objects.filter(
        enheter=office, versjoner__klausuler__forpliktelser__in=promised
    ).distinct()
    if together_with is not None:
        avtaler = avtaler.filter(
            pk__in=Samarbeidsavtale.objects.filter(enheter=together_with.office).values("pk")
        )
    once = source == Oppfyllelse.Source.LISTEVASK and referanse
    if once:
        told = Oppfyllelse.objects.filter(
            enhet=office, kind=kind, source=source, referanse=referanse
        ).values("avtale")
        avtaler = avtaler.exclude(pk__in=told)
    rows = [
        Oppfyllelse(
            avtale=avtale,
            enhet=office,
            kind=kind,
            dato=dato,
            source=source,
            referanse=referanse,
            registrert_av=by,
        )
        for avtale in avtaler
    ]
    # The unique constraint settles two tellings of one washing at the same moment.
    return Oppfyllelse.objects.bulk_create(rows, ignore_conflicts=bool(once))


@transaction.atomic  # all of a washing's units or none, so a catch-up never sees half
def washing_record(done) -> list[Oppfyllelse]:
    """A finished list washing (cases.events.WashingDone) counts toward the list-washing
    obligation: for the OT unit, and for each NAV office whose youth it compared under an
    agreement that binds that office and the OT unit together. Safe to call twice."""
    ot_enhet = Unit.objects.filter(pk=done.ot_enhet_id).first()
    if ot_enhet is None:
        return []
    by = User.objects.filter(pk=done.by_id).first() if done.by_id else None
    common = {
        "kind": Forpliktelse.Kind.LISTEVASK,
        "dato": done.day,
        "source": Oppfyllelse.Source.LISTEVASK,
        "referanse": f"listevask:{done.session_id}",
        "by": by,
    }
    recorded = obligation_record_fulfilment(enhet=ot_enhet, **common)
    for kontor in Unit.objects.filter(pk__in=done.nav_kontor_ids, type=Unit.Type.NAV_KONTOR):
        recorded += obligation_record_fulfilment(enhet=kontor, together_with=ot_enhet, **common)
    return recorded


# A washing announced after its commit is told again for this long if its listener failed.
WASHING_CATCH_UP_DAYS = 14


def washings_catch_up(today: dt.date) -> int:
    """Record the list washings of the last two weeks that were never recorded (the listener
    failed, or the process stopped between the commit and the call): the database is the outbox.
    A washing no agreement covers records nothing and is looked at again; that is cheap, as
    washings are a few per unit a month. The number of fulfilments recorded."""
    since = today - dt.timedelta(days=WASHING_CATCH_UP_DAYS)
    recorded = {
        int(referanse.removeprefix("listevask:"))
        for referanse in Oppfyllelse.objects.filter(
            source=Oppfyllelse.Source.LISTEVASK, dato__gte=since
        ).values_list("referanse", flat=True)
    }
    return sum(len(washing_record(done)) for done in finished_since(since, skip=recorded))
