"""Reports on places and combinations for an office: counted in SQL, nothing about a person.

Each month is read as it stood on its last day: a participation's status then is its latest
history row valid from on or before that day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection

from measures.models import OPPTAR_PLASS, DeltakerStatus, Utfall
from nav_ot.dates import last_months

MONTHS = 12

_MONTHLY = """
WITH months AS (
    SELECT * FROM unnest(%(starts)s::date[], %(ends)s::date[]) AS m(start, last_day)
), offered AS (
    SELECT gj.id, gj.antall_plasser, gj.start_dato, gj.slutt_dato, gj.stoppet_dato
    FROM measures_gjennomforing gj
    JOIN measures_gjennomforing_enheter ge ON ge.gjennomforing_id = gj.id
    WHERE ge.unit_id = %(office)s
), spans AS (
    -- Each history row holds from its date until the participation's next row: one pass.
    SELECT e.status, e.gyldig_fra AS fra,
           lead(e.gyldig_fra) OVER (PARTITION BY e.deltakelse_id ORDER BY e.gyldig_fra, e.id) AS til
    FROM measures_deltakelseendring e
    JOIN measures_deltakelse d ON d.id = e.deltakelse_id
    WHERE d.gjennomforing_id IN (SELECT id FROM offered)
)
SELECT m.start,
       (SELECT COALESCE(sum(o.antall_plasser), 0) FROM offered o
         WHERE o.start_dato <= m.last_day AND (o.slutt_dato IS NULL OR o.slutt_dato >= m.last_day)
           AND (o.stoppet_dato IS NULL OR o.stoppet_dato > m.last_day)) AS kapasitet,
       count(s.status) FILTER (WHERE s.status = ANY (%(opptar)s)) AS brukt,
       count(s.status) FILTER (WHERE s.status = %(venteliste)s) AS venteliste
FROM months m
LEFT JOIN spans s ON s.fra <= m.last_day AND (s.til IS NULL OR s.til > m.last_day)
GROUP BY m.start, m.last_day
ORDER BY m.start
"""

_OFFER_TO_START = """
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY startet - tilbudt), count(*)
FROM (
    SELECT min(e.gyldig_fra) FILTER (WHERE e.status = %(venter)s) AS tilbudt,
           min(e.gyldig_fra) FILTER (WHERE e.status = %(deltar)s) AS startet
    FROM measures_deltakelseendring e
    JOIN measures_deltakelse d ON d.id = e.deltakelse_id
    JOIN measures_gjennomforing_enheter ge ON ge.gjennomforing_id = d.gjennomforing_id
    WHERE ge.unit_id = %(office)s
    GROUP BY e.deltakelse_id
) x
WHERE startet BETWEEN %(fra)s AND %(til)s AND tilbudt IS NOT NULL
"""

_OUTCOMES = """
SELECT k.utfall, count(*)
FROM measures_kombinasjonstiltak k
JOIN measures_deltakelse d ON d.id = k.deltakelse_id
JOIN measures_gjennomforing_enheter ge ON ge.gjennomforing_id = d.gjennomforing_id
WHERE ge.unit_id = %(office)s AND k.created_at::date <= %(til)s
GROUP BY k.utfall
"""


@dataclass(frozen=True)
class Maned:
    start: dt.date
    kapasitet: int
    brukt: int
    venteliste: int

    @property
    def andel(self) -> float | None:
        return self.brukt / self.kapasitet if self.kapasitet else None


@dataclass(frozen=True)
class Tiltaksrapport:
    maneder: list[Maned]
    median_dager_til_oppstart: float | None
    antall_startet: int
    utfall: list[tuple[str, int]]  # (label, count), "Pågår" first


def tiltaksrapport(*, office_id: int, until: dt.date) -> Tiltaksrapport:
    months = last_months(until, MONTHS)
    params = {
        "office": office_id,
        "starts": [start for start, _ in months],
        "ends": [end for _, end in months],
        "opptar": sorted(OPPTAR_PLASS),
        "venteliste": DeltakerStatus.VENTELISTE.value,
        "venter": DeltakerStatus.VENTER_PA_OPPSTART.value,
        "deltar": DeltakerStatus.DELTAR.value,
        "fra": months[0][0],
        "til": until,
    }
    with connection.cursor() as cursor:
        cursor.execute(_MONTHLY, params)
        maneder = [Maned(*row) for row in cursor.fetchall()]
        cursor.execute(_OFFER_TO_START, params)
        median, started = cursor.fetchone()
        cursor.execute(_OUTCOMES, params)
        counted = dict(cursor.fetchall())
    utfall = [("Pågår", counted.get("", 0))] + [
        (label, counted.get(value, 0)) for value, label in Utfall.choices
    ]
    return Tiltaksrapport(
        maneder=maneder,
        median_dager_til_oppstart=median,
        antall_startet=started,
        utfall=utfall,
    )
