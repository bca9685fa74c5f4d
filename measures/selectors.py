"""Reads on the catalogue: tiltakstyper for a youth's innsatsgruppe, gjennomføringer a user sees."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery

from accounts.models import Unit, User
from cases.models import Case, CaseStatus, Frist, Garantiregel
from cases.selectors import RUNNING, frister_visible_to
from measures import access
from measures.avvik import PARAMS as AVVIK_PARAMS
from measures.avvik import avvik_sql
from measures.eligibility import niva_for, stopp_som_gjelder
from measures.models import (
    OPPTAR_PLASS,
    Deltakelse,
    DeltakelseEndring,
    DeltakerStatus,
    Gjennomforing,
    Kombinasjonsmal,
    Tiltaksstopp,
    Tiltakstype,
)

HISTORY_DAYS = 365


def tiltakstyper(*, gruppe: str = "", innsatsgruppe: str = "", aktive: bool = True):
    types = Tiltakstype.objects.prefetch_related(
        Prefetch("kan_kombineres_med", queryset=Tiltakstype.objects.only("pk", "navn"))
    )
    if aktive:
        types = types.filter(aktiv=True)
    if gruppe:
        types = types.filter(gruppe=gruppe)
    if innsatsgruppe:
        types = types.filter(niva__in=niva_for(innsatsgruppe))
    return types.order_by("gruppe", "navn")


def gjennomforinger_for(
    user: User, *, tiltakstype: Tiltakstype | None = None, apne: bool = False, q: str = ""
) -> QuerySet[Gjennomforing]:
    found = access.gjennomforinger_visible_to(user).select_related(
        "tiltakstype", "arrangor", "fylke"
    )
    if tiltakstype is not None:
        found = found.filter(tiltakstype=tiltakstype)
    if apne:
        found = found.filter(apen_for_pamelding=True, stoppet_dato__isnull=True)
    if q:
        found = found.filter(navn__icontains=q) | found.filter(arrangor__navn__icontains=q)
    return found.order_by("navn", "id")


def hendelser_for(gjennomforing: Gjennomforing, limit: int = 20):
    return gjennomforing.hendelser.select_related("actor")[:limit]


def with_places(gjennomforinger: QuerySet[Gjennomforing]) -> QuerySet[Gjennomforing]:
    """Each row with `brukt` (DELTAR + VENTER_PA_OPPSTART, the count the database keeps),
    `ledige` and `venter` (counted in SQL)."""
    return gjennomforinger.annotate(
        brukt=F("plasser_i_bruk"),
        ledige=F("antall_plasser") - F("plasser_i_bruk"),
        venter=Count("deltakelser", filter=Q(deltakelser__status=DeltakerStatus.VENTELISTE)),
    )


def venteliste(gjennomforing: Gjennomforing) -> QuerySet[Deltakelse]:
    return gjennomforing.deltakelser.filter(status=DeltakerStatus.VENTELISTE).order_by(
        "soknad_at", "id"
    )


def estimert_ventetid(gjennomforing: Gjennomforing, today: dt.date, position: int) -> int | None:
    """Days until place number `position` on the waiting list is likely offered, from how many
    left the waiting list for a place over the last year; None without such history."""
    since = today - dt.timedelta(days=HISTORY_DAYS)
    moved = (
        DeltakelseEndring.objects.filter(
            deltakelse__gjennomforing=gjennomforing,
            status__in=list(OPPTAR_PLASS),
            gyldig_fra__gte=since,
            deltakelse__endringer__status=DeltakerStatus.VENTELISTE,
        )
        .values("deltakelse")
        .distinct()
        .count()
    )
    if not moved:
        return None
    return round(position * HISTORY_DAYS / moved)


def deltakelser_for(case_access) -> list[Deltakelse]:
    """The youth's participation as the user on the case may see it: NAV always (its own
    tiltak); OT only where the samtykke covers work and tiltak."""
    if case_access.side != "nav" and not case_access.sees_work:
        return []
    return list(
        case_access.case.deltakelser.select_related(
            "gjennomforing__tiltakstype", "gjennomforing__arrangor", "kombinasjon"
        ).order_by("-soknad_at")
    )


def place_counts(gjennomforing: Gjennomforing) -> Gjennomforing:
    """Set `brukt`, `ledige` and `venter` on one gjennomføring (as `with_places` does in lists)."""
    counts = (
        with_places(Gjennomforing.objects.filter(pk=gjennomforing.pk))
        .values("brukt", "ledige", "venter")
        .get()
    )
    for name, value in counts.items():
        setattr(gjennomforing, name, value)
    return gjennomforing


def page_with_places(page):
    """The page's gjennomføringer with their place counts: counted for these rows only, so the
    paginator's count stays a plain COUNT over the unit's gjennomføringer."""
    ids = [g.pk for g in page.object_list]
    counted = {
        g.pk: g
        for g in with_places(Gjennomforing.objects.filter(pk__in=ids))
        .select_related("tiltakstype", "arrangor", "fylke")
        .prefetch_related("stengte_perioder")
    }
    page.object_list = [counted[pk] for pk in ids]
    return page


def tiltaksstopp_for(user: User, day: dt.date):
    """The stops in force that affect the user: their office's (and the county-wide ones); the
    coordinator sees every stop in the county."""
    if not user.unit_id or user.unit.fylke is None:
        return []
    fylke = user.unit.fylke
    if user.unit.type == Unit.Type.FYLKE:
        return list(
            Tiltaksstopp.objects.filter(fylke=fylke, fra_dato__lte=day)
            .exclude(til_dato__lt=day)
            .select_related("tiltakstype", "enhet")
        )
    return list(stopp_som_gjelder(fylke.pk, user.unit.office.pk, day))


def ledige_i_fylket(user: User) -> QuerySet[Gjennomforing]:
    """Open gjennomføringer across the user's county with free places, most free first: where
    in the county an office can find a place (no participants, only counts). Free places come
    from the kept count, so the page sorts without counting participations."""
    if not user.unit_id or user.unit.fylke is None:
        return Gjennomforing.objects.none()
    return (
        Gjennomforing.objects.filter(
            fylke=user.unit.fylke, apen_for_pamelding=True, stoppet_dato__isnull=True
        )
        .annotate(ledige=F("antall_plasser") - F("plasser_i_bruk"))
        .filter(ledige__gt=0)
        .select_related("tiltakstype", "arrangor")
        .order_by("-ledige", "navn", "id")
    )


def maler_for(user: User) -> QuerySet[Kombinasjonsmal]:
    """National templates and the user's county's own."""
    fylke = user.unit.fylke if user.unit_id else None
    scope = Q(fylke__isnull=True) | (Q(fylke=fylke) if fylke else Q(pk__in=[]))
    return (
        Kombinasjonsmal.objects.filter(scope, aktiv=True)
        .select_related("tiltakstype", "fylke")
        .order_by("navn")
    )


def ot_status_avvik(case_access) -> str:
    """Where OT's status code and NAV's participation disagree (measures/avvik.py), said to
    whoever may see both: NAV needs a samtykke for school to see OT's code, OT one for work to
    see NAV's tiltak."""
    case = case_access.case
    if not case.ot_enhet_id or not case.ot_status:
        return ""
    if not (case_access.sees_school if case_access.side == "nav" else case_access.sees_work):
        return ""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT " + avvik_sql(youth="%(youth)s", code="CAST(%(code)s AS text)"),
            {**AVVIK_PARAMS, "youth": case.youth_id, "code": case.ot_status},
        )
        return cursor.fetchone()[0] or ""


def under_20_uten_tilbud(user: User) -> QuerySet:
    """Youth whose G1-type deadline (tilbud om tiltak) is still open or missed, in the NAV units
    the user sees, longest wait first, each with the open case at that office."""
    case = (
        Case.objects.filter(youth=OuterRef("youth"), nav_kontor=OuterRef("nav_kontor"))
        .exclude(status=CaseStatus.AVSLUTTET)
        .order_by("-id")
        .values("pk")[:1]
    )
    return (
        frister_visible_to(user)
        .filter(
            regel__deliverable=Garantiregel.Deliverable.TILBUD_OM_TILTAK,
            status__in=sorted(RUNNING | {Frist.Status.BRUTT}),
        )
        .annotate(case_id=Subquery(case))
        .select_related("youth", "regel", "nav_kontor")
        .order_by("startdato", "id")
    )
