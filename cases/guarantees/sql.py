"""SQL the deadline engine and the indicators share: when a rule covers a vedtak, when a vedtak
is replaced, and the enum values the queries compare with (passed as parameters, never literals).

Date arithmetic comes from nav_ot.dates, where each SQL rule sits beside its Python twin.
"""

from __future__ import annotations

from cases.models import NEDSATT_ARBEIDSEVNE, Frist, Garantiregel, Varsel, Vedtak14a
from nav_ot.dates import age_on_sql, frist_for_sql


def params() -> dict:
    """The named parameters the fragments below use; merge them into each query's parameters."""
    return {
        "fattet": Vedtak14a.Status.FATTET.value,
        "nedsatt_arbeidsevne": sorted(NEDSATT_ARBEIDSEVNE),
        "godkjent_aktivitetsplan": Garantiregel.Deliverable.GODKJENT_AKTIVITETSPLAN.value,
        "varsel_snart": Varsel.Kind.FRIST_SNART.value,
        "varsel_brutt": Varsel.Kind.FRIST_BRUTT.value,
        **{f"status_{status.name.lower()}": status.value for status in Frist.Status},
    }


def rule_covers(*, rule: str, vedtak: str, youth: str, on: str) -> str:
    """The rule `rule` covers the fattet vedtak `vedtak` (innsatsgruppe, nedsatt arbeidsevne) of
    `youth` when it is in force on the date `on` and the youth's age on `on` is within its bounds."""
    return f"""(
        {rule}.valid_from <= {on} AND ({rule}.valid_to IS NULL OR {rule}.valid_to >= {on})
        AND (cardinality({rule}.innsatsgrupper) = 0 OR {vedtak}.innsatsgruppe = ANY ({rule}.innsatsgrupper))
        AND ({rule}.nedsatt_arbeidsevne IS NULL
             OR {rule}.nedsatt_arbeidsevne = ({vedtak}.innsatsgruppe = ANY (%(nedsatt_arbeidsevne)s)))
        AND {age_on_sql(f"{youth}.birth_date", on)} BETWEEN {rule}.min_age AND {rule}.max_age
    )"""


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
