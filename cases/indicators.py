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

from django.db import connection

_SITUASJONSBESTEMT = """
SELECT v.id, v.vedtak_dato, (v.vedtak_dato + interval '1 month')::date AS frist,
       (SELECT max(a.godkjent_dato) FROM cases_aktivitetsplan a
         WHERE a.youth_id = v.youth_id AND a.godkjent_dato <= (v.vedtak_dato + interval '1 month')::date
           AND a.godkjent_dato <= %(til)s) AS plan_i_tide,
       (SELECT min(a.godkjent_dato) FROM cases_aktivitetsplan a
         WHERE a.youth_id = v.youth_id AND a.godkjent_dato <= %(til)s
           AND a.godkjent_dato >= v.vedtak_dato) AS plan_etter,
       (SELECT max(a.godkjent_dato) FROM cases_aktivitetsplan a
         WHERE a.youth_id = v.youth_id AND a.godkjent_dato < v.vedtak_dato) AS plan_foer
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
     WHERE v.status = 'fattet' AND v.vedtak_dato <= %(til)s
     ORDER BY v.youth_id, v.vedtak_dato DESC, v.id DESC
)
SELECT count(*),
       count(*) FILTER (WHERE EXISTS (SELECT 1 FROM cases_aktivitetsplan a
                                       WHERE a.youth_id = c.youth_id AND a.godkjent_dato <= %(til)s))
  FROM current c JOIN cases_youth y ON y.id = c.youth_id
 WHERE c.innsatsgruppe = 'SPESIELT_TILPASSET_INNSATS' AND c.nav_kontor_id = %(kontor)s
   AND extract(year FROM age(%(til)s, y.birth_date)) BETWEEN 20 AND 29
"""


def _share(teller: int, nevner: int) -> float | None:
    return round(teller / nevner, 4) if nevner else None


def guarantee_indicators(*, kontor_id: int, fra: dt.date, til: dt.date) -> dict:
    params = {"kontor": kontor_id, "fra": fra, "til": til}
    with connection.cursor() as cursor:
        cursor.execute(_SITUASJONSBESTEMT, params)
        rows = cursor.fetchall()
        cursor.execute(_SPESIELT_TILPASSET, params)
        spes_nevner, spes_teller = cursor.fetchone()
    decided = [row for row in rows if row[3] is not None or row[2] < til]
    teller = sum(1 for row in decided if row[3] is not None)
    days = [0 if plan_foer else (plan_etter - vedtak_dato).days
            for _id, vedtak_dato, _frist, _i_tide, plan_etter, plan_foer in rows if plan_etter or plan_foer]
    return {
        "andel_20_24_plan_innen_1_mnd": _share(teller, len(decided)),
        "andel_20_24_plan_innen_1_mnd_teller": teller,
        "andel_20_24_plan_innen_1_mnd_nevner": len(decided),
        "andel_20_29_spesielt_tilpasset_med_plan": _share(spes_teller, spes_nevner),
        "andel_20_29_spesielt_tilpasset_med_plan_teller": spes_teller,
        "andel_20_29_spesielt_tilpasset_med_plan_nevner": spes_nevner,
        "median_dager_vedtak_til_plan": statistics.median(days) if days else None,
        "median_dager_vedtak_til_plan_antall": len(days),
    }
