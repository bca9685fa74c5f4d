"""The fylkeskoordinator's county view: counts only, never a youth's personal data.

Every count shown goes through `suppress`, the one rule for small numbers.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q

from accounts.models import NAV_ROLES, Unit, User
from agreements.models import Avtaleversjon, Forpliktelse, Oppfyllelse
from agreements.selectors.obligations import obligation_statuses
from cases.models import CaseStatus
from cases.services import kontor_indicators
from nav_ot.dates import add_months

SMALL_COUNT = 5


def suppress(count: int | None) -> str:
    """A count safe to show: fewer than 5 (but not none) is "<5" so no youth can be singled out."""
    if count is None:
        return "–"
    return "<5" if 0 < count < SMALL_COUNT else str(count)


def _share(teller: int, nevner: int) -> str:
    if nevner < SMALL_COUNT:
        return "<5" if nevner else "–"
    return f"{round(100 * teller / nevner)} %"


def office_rows(fylke: Unit, today: dt.date) -> list[dict]:
    """Per NAV-kontor: guarantee indicators for the last 12 months and list washing held vs promised."""
    fra = add_months(today, -12)
    held = dict(
        Oppfyllelse.objects.filter(
            enhet__parent=fylke, kind=Forpliktelse.Kind.LISTEVASK, dato__gte=fra, dato__lte=today
        )
        .values("enhet")
        # One session counts once, however many agreements it is recorded against.
        .annotate(n=Count("dato", distinct=True))
        .values_list("enhet", "n")
    )
    promised: dict[int, int] = {}
    # Every signed version in the window, not only the current one: a revision must not make
    # the promises of the months before it disappear from the count.
    signed = Avtaleversjon.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=fra),
        avtale__fylke=fylke,
        valid_from__lte=today,
    ).exclude(status=Avtaleversjon.Status.UTKAST)
    for versjon in signed.select_related("avtale"):
        for status in obligation_statuses(versjon, today):
            if status.forpliktelse.kind == Forpliktelse.Kind.LISTEVASK:
                due = [p for p in status.perioder if fra <= p.frist <= today]
                promised[status.enhet.pk] = promised.get(status.enhet.pk, 0) + len(due)
    offices = list(Unit.objects.filter(parent=fylke, type=Unit.Type.NAV_KONTOR).order_by("navn"))
    # Kept per office and day by the nightly task (guarantee_indicators over the same 12 months).
    stored = kontor_indicators([office.pk for office in offices], today)
    rows = []
    for office in offices:
        ind = stored[office.pk].figures
        rows.append(
            {
                "office": office,
                "beregnet": stored[office.pk].computed_at,
                "plan_innen_1_mnd": _share(
                    ind["andel_20_24_plan_innen_1_mnd_teller"],
                    ind["andel_20_24_plan_innen_1_mnd_nevner"],
                ),
                "spesielt_tilpasset": _share(
                    ind["andel_20_29_spesielt_tilpasset_med_plan_teller"],
                    ind["andel_20_29_spesielt_tilpasset_med_plan_nevner"],
                ),
                "median_dager": (
                    ind["median_dager_vedtak_til_plan"]
                    if ind["median_dager_vedtak_til_plan_antall"] >= SMALL_COUNT
                    else suppress(ind["median_dager_vedtak_til_plan_antall"])
                ),
                "listevask_holdt": held.get(office.pk, 0),
                "listevask_lovet": promised.get(office.pk, 0),
            }
        )
    return rows


def caseload(office: Unit) -> list[tuple[User, str]]:
    """Open cases per veileder of one office, as suppressed counts."""
    people = (
        User.objects.filter(
            Q(unit=office) | Q(unit__parent=office), role__in=list(NAV_ROLES), is_active=True
        )
        .annotate(
            open_cases=Count(
                "nav_cases", filter=~Q(nav_cases__status=CaseStatus.AVSLUTTET), distinct=True
            )
        )
        .order_by("last_name", "username")
    )
    return [(person, suppress(person.open_cases)) for person in people]
