"""Reads on obligations: their periods per covered unit, met, due soon or overdue.

Periods run between due dates of the obligation's RRULE, from the version's start. Fulfilments
are matched to periods oldest first, so a late meeting catches up the oldest missed period
instead of silently counting for the current one: nothing is skipped.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from accounts.models import Unit
from agreements.models import Avtaleversjon, Forpliktelse, Oppfyllelse
from nav_ot.dates import next_recurrence, recurrence_dates

DUE_SOON_DAYS = 14

STATUS_LABELS = {
    "oppfylt": "Oppfylt",
    "oppfylt_sent": "Oppfylt for sent",
    "forfalt": "Forfalt",
    "snart": "Forfaller snart",
    "apen": "Ikke forfalt",
}


@dataclass
class Periode:
    start: dt.date
    frist: dt.date
    oppfylt: dt.date | None = None
    status: str = "apen"


@dataclass
class EnhetStatus:
    forpliktelse: Forpliktelse
    enhet: Unit
    perioder: list[Periode] = field(default_factory=list)

    @property
    def status(self) -> str:
        statuses = {p.status for p in self.perioder}
        for worst in ("forfalt", "snart"):
            if worst in statuses:
                return worst
        return "oppfylt" if statuses & {"oppfylt", "oppfylt_sent"} else "apen"

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def tapte(self) -> list[Periode]:
        return [p for p in self.perioder if p.status == "forfalt"]

    @property
    def neste_frist(self) -> dt.date | None:
        open_ = [p.frist for p in self.perioder if p.oppfylt is None]
        return min(open_) if open_ else None


def periods(
    forpliktelse: Forpliktelse, versjon: Avtaleversjon, today: dt.date
) -> list[tuple[dt.date, dt.date]]:
    """(start, due date) of every period up to today, and the next one if the version runs on."""
    end = min(today, versjon.valid_to) if versjon.valid_to else today
    dates = recurrence_dates(forpliktelse.rrule, versjon.valid_from, end)
    upcoming = next_recurrence(forpliktelse.rrule, versjon.valid_from, end)
    if upcoming and (versjon.valid_to is None or upcoming <= versjon.valid_to):
        dates.append(upcoming)
    if not dates:  # the version ends before the first due date
        return []
    starts = [versjon.valid_from, *dates[:-1]]
    return list(zip(starts, dates, strict=True))


def unit_status(
    forpliktelse: Forpliktelse,
    versjon: Avtaleversjon,
    enhet: Unit,
    fulfilments: list[dt.date],
    today: dt.date,
) -> EnhetStatus:
    result = EnhetStatus(forpliktelse, enhet)
    unused = sorted(fulfilments)
    for start, frist in periods(forpliktelse, versjon, today):
        match = next((d for d in unused if d >= start), None)
        periode = Periode(start, frist)
        if match is not None:
            unused.remove(match)
            periode.oppfylt = match
            periode.status = "oppfylt" if match <= frist else "oppfylt_sent"
        elif frist < today:
            periode.status = "forfalt"
        elif (frist - today).days <= DUE_SOON_DAYS:
            periode.status = "snart"
        result.perioder.append(periode)
    return result


def covered_offices(avtale) -> list[Unit]:
    return list(avtale.covered_offices())


def obligation_statuses(versjon: Avtaleversjon, today: dt.date | None = None) -> list[EnhetStatus]:
    """Each obligation of a signed version, per covered unit."""
    today = today or timezone.localdate()
    if not versjon.is_signed:
        return []
    offices = covered_offices(versjon.avtale)
    done: dict[tuple[int, str], list[dt.date]] = {}
    for row in Oppfyllelse.objects.filter(
        avtale=versjon.avtale, dato__gte=versjon.valid_from
    ).values("enhet_id", "kind", "dato"):
        done.setdefault((row["enhet_id"], row["kind"]), []).append(row["dato"])
    obligations = Forpliktelse.objects.filter(klausul__versjon=versjon).select_related("klausul")
    return [
        unit_status(f, versjon, office, done.get((office.pk, f.kind), []), today)
        for f in obligations
        for office in offices
    ]
