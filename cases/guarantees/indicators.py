"""The 2015 tildelingsbrev indicators for one NAV-kontor and period.

Definitions (documented because the sources leave them open):
- andel_20_24_plan_innen_1_mnd: vedtak fattet in the period with situasjonsbestemt innsats,
  age 20–24 on the vedtak date. Counted (nevner) once the outcome is known on `til`: a plan came
  within one month (clamped to the month's end), or the month has passed. Teller: those with a
  godkjent aktivitetsplan on or before the frist (one approved before the vedtak counts).
- andel_20_29_spesielt_tilpasset_med_plan: youth whose current vedtak on `til` is spesielt
  tilpasset innsats from this kontor, age 20–29 on `til`; teller: those with any godkjent plan
  on or before `til`.
- median_dager_vedtak_til_plan: the same vedtak as the first indicator that have a plan by `til`;
  days from the vedtak to the plan (0 when the plan came first).
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass

from django.db import connection

_SITUASJONSBESTEMT = """
SELECT v.id, v.vedtak_dato, (v.vedtak_dato + interval '1 month')::date AS frist,
       (SELECT max(a.godkjent_dato) FROM cases_aktivitetsplan a
         WHERE a.youth_id = v.youth_id AND a.godkjent_dato <= (v.vedtak_dato + interval '1 month')::date
           AND a.godkjent_dato <= %(per)s) AS plan_i_tide,
       (SELECT min(a.godkjent_dato) FROM cases_aktivitetsplan a
         WHERE a.youth_id = v.youth_id AND a.godkjent_dato <= %(per)s
           AND a.godkjent_dato >= v.vedtak_dato) AS plan_etter,
       (SELECT max(a.godkjent_dato) FROM cases_aktivitetsplan a
         WHERE a.youth_id = v.youth_id AND a.godkjent_dato < v.vedtak_dato) AS plan_foer,
       v.case_id, y.first_name || ' ' || y.last_name, y.fnr,
       (SELECT min(v2.vedtak_dato) FROM cases_vedtak14a v2
         WHERE v2.youth_id = v.youth_id AND v2.status = 'fattet' AND v2.vedtak_dato <= %(per)s
           AND (v2.vedtak_dato > v.vedtak_dato OR (v2.vedtak_dato = v.vedtak_dato AND
                (COALESCE(v2.fattet_at, '-infinity'), v2.id) > (COALESCE(v.fattet_at, '-infinity'), v.id)))) AS erstattet
  FROM cases_vedtak14a v JOIN cases_youth y ON y.id = v.youth_id
 WHERE v.status = 'fattet' AND v.nav_kontor_id = %(kontor)s
   AND v.vedtak_dato BETWEEN %(fra)s AND %(til)s
   AND v.innsatsgruppe = 'SITUASJONSBESTEMT_INNSATS'
   AND extract(year FROM age(v.vedtak_dato, y.birth_date)) BETWEEN 20 AND 24
"""

_SPESIELT_TILPASSET = """
WITH current AS (
    SELECT DISTINCT ON (v.youth_id) v.youth_id, v.innsatsgruppe, v.nav_kontor_id
      FROM cases_vedtak14a v
     WHERE v.status = 'fattet' AND v.vedtak_dato <= %(per)s
     ORDER BY v.youth_id, v.vedtak_dato DESC, v.fattet_at DESC NULLS LAST, v.id DESC
)
SELECT c.youth_id,
       EXISTS (SELECT 1 FROM cases_aktivitetsplan a WHERE a.youth_id = c.youth_id AND a.godkjent_dato <= %(per)s),
       (SELECT max(cs.id) FROM cases_case cs WHERE cs.youth_id = c.youth_id), y.first_name || ' ' || y.last_name, y.fnr
  FROM current c JOIN cases_youth y ON y.id = c.youth_id
 WHERE c.innsatsgruppe = 'SPESIELT_TILPASSET_INNSATS' AND c.nav_kontor_id = %(kontor)s
   AND extract(year FROM age(%(per)s, y.birth_date)) BETWEEN 20 AND 29
"""


def _share(teller: int, nevner: int) -> float | None:
    return round(teller / nevner, 4) if nevner else None


@dataclass(frozen=True)
class IndicatorRow:
    """One case behind a figure, for drill-down and export."""

    indikator: str
    case_id: int | None
    navn: str
    fnr: str
    vedtak_dato: dt.date | None
    frist: dt.date | None
    plan_dato: dt.date | None
    oppfylt: bool
    dager: int | None


def indicator_rows(
    *, kontor_id: int, fra: dt.date, til: dt.date, per: dt.date | None = None
) -> list[IndicatorRow]:
    """Vedtak fattet from `fra` to `til`, with outcomes as known on `per` (default `til`)."""
    per = per or til
    params = {"kontor": kontor_id, "fra": fra, "til": til, "per": per}
    rows: list[IndicatorRow] = []
    with connection.cursor() as cursor:
        cursor.execute(_SITUASJONSBESTEMT, params)
        for (
            _id,
            vedtak_dato,
            frist,
            i_tide,
            etter,
            foer,
            case_id,
            navn,
            fnr,
            erstattet,
        ) in cursor.fetchall():
            plan = i_tide or etter
            # As in the engine: a vedtak replaced before its frist, without a plan by then, is not
            # a failure of its own; the later vedtak is counted instead.
            if (
                erstattet is not None
                and erstattet <= frist
                and (i_tide is None or i_tide >= erstattet)
            ):
                continue
            if i_tide is not None or frist < per:
                rows.append(
                    IndicatorRow(
                        "plan_innen_1_mnd",
                        case_id,
                        navn,
                        fnr or "",
                        vedtak_dato,
                        frist,
                        plan,
                        i_tide is not None,
                        None,
                    )
                )
            if etter or foer:
                rows.append(
                    IndicatorRow(
                        "dager_vedtak_til_plan",
                        case_id,
                        navn,
                        fnr or "",
                        vedtak_dato,
                        frist,
                        foer if foer and not etter else etter,
                        True,
                        0 if foer else (etter - vedtak_dato).days,
                    )
                )
        cursor.execute(_SPESIELT_TILPASSET, params)
        for _youth, har_plan, case_id, navn, fnr in cursor.fetchall():
            rows.append(
                IndicatorRow(
                    "spesielt_tilpasset_med_plan",
                    case_id,
                    navn,
                    fnr or "",
                    None,
                    None,
                    None,
                    har_plan,
                    None,
                )
            )
    return rows


def guarantee_indicators(
    *, kontor_id: int, fra: dt.date, til: dt.date, per: dt.date | None = None
) -> dict:
    rows = indicator_rows(kontor_id=kontor_id, fra=fra, til=til, per=per)
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
    return {
        "andel_20_24_plan_innen_1_mnd": _share(teller, len(within)),
        "andel_20_24_plan_innen_1_mnd_teller": teller,
        "andel_20_24_plan_innen_1_mnd_nevner": len(within),
        "andel_20_29_spesielt_tilpasset_med_plan": _share(spes_teller, len(spes)),
        "andel_20_29_spesielt_tilpasset_med_plan_teller": spes_teller,
        "andel_20_29_spesielt_tilpasset_med_plan_nevner": len(spes),
        "median_dager_vedtak_til_plan": statistics.median(r.dager for r in days) if days else None,
        "median_dager_vedtak_til_plan_antall": len(days),
    }


def monthly_series(*, kontor_id: int, months: int, until: dt.date) -> list[dict]:
    """The indicators month by month (each month on its own), oldest first, for the chart."""
    from nav_ot.dates import add_months

    first_of_month = until.replace(day=1)
    series = []
    for back in range(months - 1, -1, -1):
        start = add_months(first_of_month, -back)
        end = min(add_months(start, 1) - dt.timedelta(days=1), until)
        figures = guarantee_indicators(kontor_id=kontor_id, fra=start, til=end, per=until)
        series.append({"maned": start, **figures})
    return series
