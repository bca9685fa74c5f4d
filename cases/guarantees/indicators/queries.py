"""The indicators' queries: the rows behind each figure, read once per page (figures.py sums
them). The definitions are in the package's docstring (cases/guarantees/indicators/__init__.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from django.db import connection

from cases.guarantees import sql
from cases.models import Garantiregel, Youth

PLAN_INNEN_FRIST_REGEL = "G2"
SPESIELT_TILPASSET_REGEL = "G3"

_PLAN_INNEN_FRIST = f"""
WITH covered AS (
    SELECT v.id, v.vedtak_dato, v.youth_id, v.case_id, y.first_name || ' ' || y.last_name AS navn, y.fnr,
           {sql.rule_frist(rule="r", start="v.vedtak_dato")} AS frist,
           {sql.replaced_on(vedtak="v", as_of="%(per)s")} AS erstattet,
           f.status IS NOT DISTINCT FROM %(status_avsluttet)s AS avsluttet
      FROM cases_vedtak14a v
      JOIN cases_youth y ON y.id = v.youth_id
      JOIN cases_garantiregel r ON r.kode = %(plan_regel)s
       AND {sql.rule_covers(rule="r", vedtak="v", youth="y", on="v.vedtak_dato")}
      LEFT JOIN cases_frist f ON f.vedtak_id = v.id AND f.regel_id = r.id
     WHERE v.status = %(fattet)s AND v.nav_kontor_id = %(kontor)s
       AND v.vedtak_dato BETWEEN %(fra)s AND %(til)s
)
SELECT c.id, c.vedtak_dato, c.frist,
       (SELECT max(a.godkjent_dato) FROM cases_aktivitetsplan a
         WHERE a.youth_id = c.youth_id AND (c.frist IS NULL OR a.godkjent_dato <= c.frist)
           AND a.godkjent_dato <= %(per)s) AS plan_i_tide,
       (SELECT min(a.godkjent_dato) FROM cases_aktivitetsplan a
         WHERE a.youth_id = c.youth_id AND a.godkjent_dato <= %(per)s
           AND a.godkjent_dato >= c.vedtak_dato) AS plan_etter,
       (SELECT max(a.godkjent_dato) FROM cases_aktivitetsplan a
         WHERE a.youth_id = c.youth_id AND a.godkjent_dato < c.vedtak_dato) AS plan_foer,
       c.case_id, c.navn, c.fnr, c.erstattet, c.avsluttet
  FROM covered c
"""

# A youth's current vedtak can only be this kontor's if the youth has one of its vedtak, so the
# DISTINCT ON runs over those youth only (not over every vedtak in the country), read by youth
# through the vedtak index (the id list as an array: as a join, the planner hashed every vedtak
# of the country). The rule's vedtak half narrows the current vedtak down before any youth is read.
_SPESIELT_TILPASSET = f"""
WITH current AS (
    SELECT DISTINCT ON (v.youth_id) v.youth_id, v.innsatsgruppe, v.nav_kontor_id
      FROM cases_vedtak14a v
     WHERE v.status = %(fattet)s AND v.vedtak_dato <= %(per)s
       AND v.youth_id = ANY (ARRAY(SELECT k.youth_id FROM cases_vedtak14a k
                                    WHERE k.nav_kontor_id = %(kontor)s AND k.status = %(fattet)s
                                      AND k.vedtak_dato <= %(per)s))
     ORDER BY v.youth_id, v.vedtak_dato DESC, v.fattet_at DESC NULLS LAST, v.id DESC
), covered AS MATERIALIZED (
    SELECT c.youth_id, r.min_age, r.max_age
      FROM current c
      JOIN cases_garantiregel r ON r.kode = %(spesielt_regel)s
       AND {sql.rule_covers_vedtak(rule="r", vedtak="c", on="%(per)s")}
     WHERE c.nav_kontor_id = %(kontor)s
)
SELECT c.youth_id,
       EXISTS (SELECT 1 FROM cases_aktivitetsplan a WHERE a.youth_id = c.youth_id AND a.godkjent_dato <= %(per)s),
       (SELECT max(cs.id) FROM cases_case cs WHERE cs.youth_id = c.youth_id), y.first_name || ' ' || y.last_name, y.fnr
  FROM covered c JOIN cases_youth y ON y.id = c.youth_id
   AND {sql.rule_covers_age(rule="c", youth="y", on="%(per)s")}
"""


@dataclass(frozen=True)
class IndicatorRow:
    """One case behind a figure, for drill-down and export. `navn` and `fnr` are None until read
    (the group-share rows: with_names reads them for the rows shown or exported)."""

    indikator: str
    case_id: int | None
    navn: str | None
    fnr: str | None
    vedtak_dato: dt.date | None
    frist: dt.date | None
    plan_dato: dt.date | None
    oppfylt: bool
    dager: int | None
    youth_id: int | None = None


def with_names(rows: list[IndicatorRow]) -> list[IndicatorRow]:
    """The rows with every youth's name and fødselsnummer, read in one query for those without."""
    missing = {row.youth_id for row in rows if row.navn is None}
    if not missing:
        return list(rows)
    names = {
        pk: (f"{first} {last}", fnr or "")
        for pk, first, last, fnr in Youth.objects.filter(pk__in=missing).values_list(
            "pk", "first_name", "last_name", "fnr"
        )
    }
    return [
        row
        if row.navn is not None
        else replace(row, navn=names[row.youth_id][0], fnr=names[row.youth_id][1])
        for row in rows
    ]


def _params(kontor_id: int, fra: dt.date | None, til: dt.date | None, per: dt.date) -> dict:
    return {
        **sql.params(),
        "plan_regel": PLAN_INNEN_FRIST_REGEL,
        "spesielt_regel": SPESIELT_TILPASSET_REGEL,
        "kontor": kontor_id,
        "fra": fra,
        "til": til,
        "per": per,
    }


def spesielt_tilpasset_rows(*, kontor_id: int, per: dt.date) -> list[IndicatorRow]:
    """The spesielt tilpasset figure's youth as on `per`: it does not depend on the period, so a
    page computes it once and hands it to every call below (`spesielt=`)."""
    with connection.cursor() as cursor:
        cursor.execute(_SPESIELT_TILPASSET, _params(kontor_id, None, None, per))
        return [
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
            for _youth, har_plan, case_id, navn, fnr in cursor.fetchall()
        ]


# Per rule with an indikator: its current deadlines at the kontor on %(per)s, met or not. The
# figures need no names: reading every youth of thousands of deadlines was half the query.
_GROUP_SHARE = f"""
SELECT r.kode, v.vedtak_dato, f.frist,
       f.status IN (%(status_oppfylt)s, %(status_oppfylt_sent)s) AND f.oppfylt_dato <= %(per)s,
       v.case_id, f.youth_id
  FROM cases_frist f
  JOIN cases_garantiregel r ON r.id = f.regel_id AND r.indikator <> ''
  JOIN cases_vedtak14a v ON v.id = f.vedtak_id
 WHERE f.nav_kontor_id = %(kontor)s AND f.startdato <= %(per)s
   AND {sql.replaced_on(vedtak="v", as_of="%(per)s")} IS NULL
 ORDER BY r.kode, v.vedtak_dato, f.id
"""


def group_indicator_key(kode: str) -> str:
    return f"andel_{kode.lower()}"


def group_indicator_labels() -> dict[str, str]:
    """The figure name of each rule with an indikator, by its key."""
    return {
        group_indicator_key(kode): label
        for kode, label in Garantiregel.objects.exclude(indikator="")
        .order_by("kode", "valid_from")
        .values_list("kode", "indikator")
    }


def group_rows(*, kontor_id: int, per: dt.date) -> list[IndicatorRow]:
    """The group-share figures' youth as on `per` (like the spesielt tilpasset figure, the same
    for every period read on `per`), without their names (with_names)."""
    with connection.cursor() as cursor:
        cursor.execute(_GROUP_SHARE, _params(kontor_id, None, None, per))
        return [
            IndicatorRow(
                group_indicator_key(kode),
                case_id,
                None,
                None,
                vedtak_dato,
                frist,
                None,
                bool(met),
                None,
                youth_id,
            )
            for kode, vedtak_dato, frist, met, case_id, youth_id in cursor.fetchall()
        ]


def plan_rows(*, kontor_id: int, fra: dt.date, til: dt.date, per: dt.date) -> list[IndicatorRow]:
    """The vedtak figures' rows (plan innen 1 måned, dager fra vedtak til plan) for vedtak fattet
    from `fra` to `til`, outcomes as known on `per`. A row depends on `per` and its own vedtak
    only, so rows read for a longer span serve any period inside it (`indicator_rows(plan=)`)."""
    rows: list[IndicatorRow] = []
    with connection.cursor() as cursor:
        cursor.execute(_PLAN_INNEN_FRIST, _params(kontor_id, fra, til, per))
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
            avsluttet,
        ) in cursor.fetchall():
            plan = i_tide or etter
            # As in the engine: a vedtak replaced before its frist, without a plan by then, is not
            # a failure of its own; the later vedtak is counted instead.
            if (
                erstattet is not None
                and (frist is None or erstattet <= frist)
                and (i_tide is None or i_tide >= erstattet)
            ):
                continue
            # NAV's follow-up ended while the deadline ran (`avsluttet`): neither met nor missed.
            counted = i_tide is not None or (frist is not None and frist < per and not avsluttet)
            if counted:
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
    return rows
