"""SQL the deadline engine and the indicators share: when a rule covers a vedtak, when a vedtak
is replaced, and the enum values the queries compare with (passed as parameters, never literals).

Date arithmetic comes from nav_ot.dates, where each SQL rule sits beside its Python twin.
"""

from __future__ import annotations

from accounts.models import Agency
from cases.models import (
    NEDSATT_ARBEIDSEVNE,
    CaseStatus,
    Frist,
    Garantiregel,
    Varsel,
    Vedtak14a,
)
from nav_ot.dates import age_on_sql, frist_for_sql


def params() -> dict:
    """The named parameters the fragments below use; merge them into each query's parameters."""
    return {
        "fattet": Vedtak14a.Status.FATTET.value,
        "case_avsluttet": CaseStatus.AVSLUTTET.value,
        "nedsatt_arbeidsevne": sorted(NEDSATT_ARBEIDSEVNE),
        "godkjent_aktivitetsplan": Garantiregel.Deliverable.GODKJENT_AKTIVITETSPLAN.value,
        **{f"deliverable_{d.name.lower()}": d.value for d in Garantiregel.Deliverable},
        "varsel_snart": Varsel.Kind.FRIST_SNART.value,
        "varsel_brutt": Varsel.Kind.FRIST_BRUTT.value,
        "agency_nav": Agency.NAV.value,
        **{f"status_{status.name.lower()}": status.value for status in Frist.Status},
        **_registered_params,
    }


def nav_followup_ended(*, youth_id: str) -> str:
    """NAV has followed the youth `youth_id` and follows them no longer: every NAV
    oppfølgingsperiode on the youth's cases has ended (cases/services/periode.py)."""
    periods = f"""SELECT 1 FROM cases_oppfolgingsperiode p JOIN cases_case c ON c.id = p.case_id
                   WHERE c.youth_id = {youth_id} AND p.agency = %(agency_nav)s"""
    return f"(EXISTS ({periods}) AND NOT EXISTS ({periods} AND p.ended_on IS NULL))"


def rule_covers(*, rule: str, vedtak: str, youth: str, on: str) -> str:
    """The rule `rule` covers the fattet vedtak `vedtak` (innsatsgruppe, nedsatt arbeidsevne) of
    `youth` when it is in force on the date `on` and the youth's age on `on` is within its bounds."""
    return f"""({rule_covers_vedtak(rule=rule, vedtak=vedtak, on=on)}
        AND {rule_covers_age(rule=rule, youth=youth, on=on)})"""


def rule_covers_vedtak(*, rule: str, vedtak: str, on: str) -> str:
    """rule_covers' half that reads the vedtak alone: in force on `on`, innsatsgruppe and nedsatt
    arbeidsevne (a query can narrow the vedtak down before it reads their youth)."""
    return f"""(
        {rule}.valid_from <= {on} AND ({rule}.valid_to IS NULL OR {rule}.valid_to >= {on})
        AND (cardinality({rule}.innsatsgrupper) = 0 OR {vedtak}.innsatsgruppe = ANY ({rule}.innsatsgrupper))
        AND ({rule}.nedsatt_arbeidsevne IS NULL
             OR {rule}.nedsatt_arbeidsevne = ({vedtak}.innsatsgruppe = ANY (%(nedsatt_arbeidsevne)s)))
    )"""


def rule_covers_age(*, rule: str, youth: str, on: str) -> str:
    """rule_covers' other half: the youth's age on `on` within the rule's bounds."""
    return f"({age_on_sql(f'{youth}.birth_date', on)} BETWEEN {rule}.min_age AND {rule}.max_age)"


def rule_frist(*, rule: str, start: str) -> str:
    """The frist of `rule` counted from the date `start`; NULL when the rule sets none."""
    return frist_for_sql(start, months=f"{rule}.deadline_months", days=f"{rule}.deadline_days")


def replaced_on(*, vedtak: str, as_of: str) -> str:
    """The date of the next fattet vedtak of the same youth known on `as_of`, or NULL.

    Vedtak fattet the same day are ordered by when they were fattet, then by id.
    """
    return f"""(SELECT min(v2.vedtak_dato) FROM cases_vedtak14a v2
         WHERE v2.youth_id = {vedtak}.youth_id AND v2.status = %(fattet)s AND v2.vedtak_dato <= {as_of}
           AND (v2.vedtak_dato > {vedtak}.vedtak_dato OR (v2.vedtak_dato = {vedtak}.vedtak_dato AND
                (COALESCE(v2.fattet_at, '-infinity'), v2.id)
                > (COALESCE({vedtak}.fattet_at, '-infinity'), {vedtak}.id))))"""


# A named NAV-veileder on the youth's open case, since the day a deadline first recorded it.
_KONTAKTPERSON_SINCE = """SELECT COALESCE({pair}.recorded_on, {as_of})
     WHERE COALESCE({pair}.recorded_on, {as_of}) <= {as_of}
       AND EXISTS (SELECT 1 FROM cases_case c WHERE c.youth_id = {pair}.youth_id
                     AND c.nav_veileder_id IS NOT NULL AND c.status <> %(case_avsluttet)s)"""

# How each deliverable is met, as two SQL date expressions over a (vedtak, rule) pair `{pair}`
# (columns youth_id, frist, replaced_on, and recorded_on: the date the deadline row last recorded
# as met) as of `{as_of}`: the date it was met by the frist (at all, when there is no frist), and
# the first date it was met after the frist. Only what happened before a later vedtak counts.
# A deliverable missing here is never met by the engine. Another app that records what meets a
# deliverable adds it with `register_deliverable` (measures: tilbud_om_tiltak).
DELIVERABLES: dict[str, tuple[str, str]] = {
    Garantiregel.Deliverable.GODKJENT_AKTIVITETSPLAN: (
        # A plan godkjent on or before the frist, also one godkjent before the vedtak.
        """(SELECT max(a.godkjent_dato) FROM cases_aktivitetsplan a
             WHERE a.youth_id = {pair}.youth_id AND a.godkjent_dato <= {as_of}
               AND ({pair}.frist IS NULL OR a.godkjent_dato <= {pair}.frist)
               AND ({pair}.replaced_on IS NULL OR a.godkjent_dato < {pair}.replaced_on))""",
        """(SELECT min(a.godkjent_dato) FROM cases_aktivitetsplan a
             WHERE {pair}.frist IS NOT NULL AND a.youth_id = {pair}.youth_id
               AND a.godkjent_dato <= {as_of} AND a.godkjent_dato > {pair}.frist
               AND ({pair}.replaced_on IS NULL OR a.godkjent_dato < {pair}.replaced_on))""",
    ),
    # A named NAV-veileder on the youth's open case. Who owned the case when is not kept, so the
    # date is the day the deadline was first recorded as met; unassigning reopens it.
    Garantiregel.Deliverable.FAST_KONTAKTPERSON: (
        "(SELECT m.d FROM ("
        + _KONTAKTPERSON_SINCE
        + """) m(d)
             WHERE ({pair}.frist IS NULL OR m.d <= {pair}.frist)
               AND ({pair}.replaced_on IS NULL OR m.d < {pair}.replaced_on))""",
        "(SELECT m.d FROM ("
        + _KONTAKTPERSON_SINCE
        + """) m(d)
             WHERE {pair}.frist IS NOT NULL AND m.d > {pair}.frist
               AND ({pair}.replaced_on IS NULL OR m.d < {pair}.replaced_on))""",
    ),
}


_registered_params: dict = {}


def register_deliverable(
    deliverable: str, *, in_time: str, late: str, params: dict | None = None
) -> None:
    """Let another app say how `deliverable` is met: two SQL date expressions as above, and
    the named parameters they use (enum values, never literals). Called from an AppConfig.ready,
    so the engine's own SQL never names another app's tables."""
    DELIVERABLES[Garantiregel.Deliverable(deliverable)] = (in_time, late)
    _registered_params.update(params or {})


def _by_deliverable(pair: str, as_of: str, which: int) -> str:
    whens = " ".join(
        f"WHEN %(deliverable_{deliverable.name.lower()})s THEN "
        + sqls[which].format(pair=pair, as_of=as_of)
        for deliverable, sqls in DELIVERABLES.items()
    )
    return f"(CASE {pair}.deliverable {whens} END)"


def delivered_in_time(*, pair: str, as_of: str) -> str:
    """The date the pair's deliverable was met by its frist (or at all without a frist), or NULL."""
    return _by_deliverable(pair, as_of, 0)


def delivered_late(*, pair: str, as_of: str) -> str:
    """The first date the pair's deliverable was met after its frist, or NULL."""
    return _by_deliverable(pair, as_of, 1)
