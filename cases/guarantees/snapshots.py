"""Each NAV-kontor's guarantee indicators for the last 12 months, kept per day.

The county page shows ~20 offices' indicators; computing them on every request took over a second
at a national scale. A nightly task (after the sweep) stores them per office and day; a reader
that finds no row for an office (a new office, the first day) computes and stores it on the spot.
The figures themselves are `guarantee_indicators`, the one rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

from accounts.models import Unit
from cases.guarantees.indicators import guarantee_indicators
from cases.models import KontorIndikatorer
from nav_ot.dates import add_months


def _compute(kontor_ids: Iterable[int], day: dt.date) -> dict[int, KontorIndikatorer]:
    fra = add_months(day, -12)
    stored = {}
    for kontor_id in kontor_ids:
        row = KontorIndikatorer(
            kontor_id=kontor_id,
            day=day,
            figures=guarantee_indicators(kontor_id=kontor_id, fra=fra, til=day),
            computed_at=timezone.now(),
        )
        # One office at a time, so a run stopped half-way keeps what it computed.
        KontorIndikatorer.objects.bulk_create(
            [row],
            update_conflicts=True,
            unique_fields=["kontor", "day"],
            update_fields=["figures", "computed_at"],
        )
        stored[kontor_id] = row
    return stored


def kontor_indicators_store(day: dt.date, kontor_ids: Iterable[int] | None = None) -> int:
    """Compute and store (replacing) the indicators of the given NAV-kontor (default: every
    NAV-kontor) for `day`: vedtak fattet in the 12 months up to `day`, as known on `day`."""
    if kontor_ids is None:
        kontor_ids = Unit.objects.filter(type=Unit.Type.NAV_KONTOR).values_list("pk", flat=True)
    return len(_compute(list(kontor_ids), day))


def kontor_indicators(kontor_ids: Iterable[int], day: dt.date) -> dict[int, KontorIndikatorer]:
    """The stored indicators of these NAV-kontor for `day`, in one query; an office without a
    row for the day is computed and stored now, so every office has figures."""
    kontor_ids = list(kontor_ids)
    found = {
        row.kontor_id: row
        for row in KontorIndikatorer.objects.filter(kontor_id__in=kontor_ids, day=day)
    }
    missing = [pk for pk in kontor_ids if pk not in found]
    if missing:
        found.update(_compute(missing, day))
    return found
