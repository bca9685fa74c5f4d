"""The indicators' figures from the rows of queries.py: a period's, and month by month for the
chart, each query once per page."""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable
from dataclasses import dataclass

from cases.guarantees.indicators.queries import (
    IndicatorRow,
    group_indicator_labels,
    group_rows,
    plan_rows,
    spesielt_tilpasset_rows,
)
from nav_ot.dates import last_months


def _share(teller: int, nevner: int) -> float | None:
    return round(teller / nevner, 4) if nevner else None


def indicator_rows(
    *,
    kontor_id: int,
    fra: dt.date,
    til: dt.date,
    per: dt.date | None = None,
    spesielt: list[IndicatorRow] | None = None,
    groups: list[IndicatorRow] | None = None,
    plan: list[IndicatorRow] | None = None,
) -> list[IndicatorRow]:
    """Vedtak fattet from `fra` to `til`, with outcomes as known on `per` (default `til`);
    `spesielt`, `groups` and `plan`: spesielt_tilpasset_rows, group_rows and plan_rows (over a
    span that covers `fra`..`til`) for the same `per`, when already computed."""
    per = per or til
    if plan is None:
        rows = plan_rows(kontor_id=kontor_id, fra=fra, til=til, per=per)
    else:
        rows = [r for r in plan if fra <= r.vedtak_dato <= til]
    if spesielt is None:
        spesielt = spesielt_tilpasset_rows(kontor_id=kontor_id, per=per)
    if groups is None:
        groups = group_rows(kontor_id=kontor_id, per=per)
    return rows + spesielt + groups


def guarantee_indicators(
    *, kontor_id: int, fra: dt.date, til: dt.date, per: dt.date | None = None
) -> dict:
    """The figures for one period on their own (reports, the county page); a page that shows
    more than the figures reads indicator_page."""
    rows = indicator_rows(kontor_id=kontor_id, fra=fra, til=til, per=per)
    return indicator_figures(rows, group_keys=group_indicator_labels())


def indicator_figures(rows: list[IndicatorRow], group_keys: Iterable[str] = ()) -> dict:
    """The figures of indicator_rows, so a page that shows the rows too computes them once;
    `group_keys`: the group-share figures to give (group_indicator_labels)."""
    by = {
        name: [r for r in rows if r.indikator == name]
        for name in ("plan_innen_1_mnd", "spesielt_tilpasset_med_plan", "dager_vedtak_til_plan")
    }
    within, spes, days = (
        by["plan_innen_1_mnd"],
        by["spesielt_tilpasset_med_plan"],
        by["dager_vedtak_til_plan"],
    )
    teller = sum(r.oppfylt for r in within)
    spes_teller = sum(r.oppfylt for r in spes)
    group_figures = {}
    for key in group_keys:
        group = [r for r in rows if r.indikator == key]
        met = sum(r.oppfylt for r in group)
        group_figures.update(
            {key: _share(met, len(group)), f"{key}_teller": met, f"{key}_nevner": len(group)}
        )
    return {
        **group_figures,
        "andel_20_24_plan_innen_1_mnd": _share(teller, len(within)),
        "andel_20_24_plan_innen_1_mnd_teller": teller,
        "andel_20_24_plan_innen_1_mnd_nevner": len(within),
        "andel_20_29_spesielt_tilpasset_med_plan": _share(spes_teller, len(spes)),
        "andel_20_29_spesielt_tilpasset_med_plan_teller": spes_teller,
        "andel_20_29_spesielt_tilpasset_med_plan_nevner": len(spes),
        "median_dager_vedtak_til_plan": statistics.median(r.dager for r in days) if days else None,
        "median_dager_vedtak_til_plan_antall": len(days),
    }


def monthly_series(
    *,
    kontor_id: int,
    months: int,
    until: dt.date,
    spesielt: list[IndicatorRow] | None = None,
    groups: list[IndicatorRow] | None = None,
    plan: list[IndicatorRow] | None = None,
    group_keys: Iterable[str] | None = None,
) -> list[dict]:
    """The indicators month by month (each month on its own), oldest first, for the chart. Every
    month is read as on `until`, so each query runs once for all of them: the vedtak rows over
    the whole span (split by month here), the spesielt tilpasset and group rows as on `until`.
    `plan`: plan_rows as on `until` over a span covering the months, when already computed."""
    span = last_months(until, months)
    if plan is None:
        plan = plan_rows(kontor_id=kontor_id, fra=span[0][0], til=until, per=until)
    if spesielt is None:
        spesielt = spesielt_tilpasset_rows(kontor_id=kontor_id, per=until)
    if groups is None:
        groups = group_rows(kontor_id=kontor_id, per=until)
    if group_keys is None:
        group_keys = group_indicator_labels()
    return [
        {
            "maned": start,
            **indicator_figures(
                indicator_rows(
                    kontor_id=kontor_id,
                    fra=start,
                    til=end,
                    per=until,
                    spesielt=spesielt,
                    groups=groups,
                    plan=plan,
                ),
                group_keys=group_keys,
            ),
        }
        for start, end in span
    ]


@dataclass(frozen=True)
class IndicatorPage:
    """What the team lead's indicators page shows for a period: its rows (drill-down), figures,
    the group-share figures' labels and the month-by-month series."""

    rows: list[IndicatorRow]
    figures: dict
    group_labels: dict[str, str]
    series: list[dict]


def indicator_page(*, kontor_id: int, fra: dt.date, til: dt.date, months: int) -> IndicatorPage:
    """The period `fra`..`til` and the `months` months up to `til`, all as on `til`, each query
    once: the vedtak rows over the span that covers both, the spesielt tilpasset rows (their
    DISTINCT ON restricted to the office's youth) and the group rows."""
    span_start = min(fra, last_months(til, months)[0][0])
    plan = plan_rows(kontor_id=kontor_id, fra=span_start, til=til, per=til)
    spesielt = spesielt_tilpasset_rows(kontor_id=kontor_id, per=til)
    groups = group_rows(kontor_id=kontor_id, per=til)
    labels = group_indicator_labels()
    rows = indicator_rows(
        kontor_id=kontor_id, fra=fra, til=til, spesielt=spesielt, groups=groups, plan=plan
    )
    series = monthly_series(
        kontor_id=kontor_id,
        months=months,
        until=til,
        spesielt=spesielt,
        groups=groups,
        plan=plan,
        group_keys=labels,
    )
    return IndicatorPage(rows, indicator_figures(rows, group_keys=labels), labels, series)
