"""When OT's status code and NAV's tiltak disagree: the one rule, in SQL, for the case page
(selectors.ot_status_avvik) and for every row of a washed list (registered with list washing's
conflict rules in apps.py).

OTKO needs an active kombinasjonstiltak, OTAP an active participation holding a place
(DELTAR or VENTER_PA_OPPSTART); a kombinasjonstiltak needs OTKO, and taking part in a tiltak
OTAP or OTKO. The youth's participation counts, whichever of their cases it belongs to.
"""

from __future__ import annotations

from cases.models import OtStatus
from measures.models import AVSLUTTET, OPPTAR_PLASS, DeltakerStatus

OTKO_UTEN_KOMBINASJON = "OT-status er OTKO, men NAV har ikke et aktivt kombinasjonstiltak."
OTAP_UTEN_TILTAK = "OT-status er OTAP, men NAV har ingen aktiv tiltaksdeltakelse."
# %s is OT's code (PostgreSQL's format()).
KOMBINASJON_UTEN_OTKO = "NAV har et kombinasjonstiltak, men OT-status er %s, ikke OTKO."
DELTAR_UTEN_OTAP = "Ungdommen deltar i et NAV-tiltak, men OT-status er %s, ikke OTAP."

PARAMS = {
    "avvik_avsluttet": sorted(str(s) for s in AVSLUTTET),
    "avvik_opptar_plass": sorted(str(s) for s in OPPTAR_PLASS),
    "avvik_deltar": DeltakerStatus.DELTAR.value,
    "avvik_otko": OtStatus.OTKO.value,
    "avvik_otap": OtStatus.OTAP.value,
    "avvik_nav_tiltak": [OtStatus.OTAP.value, OtStatus.OTKO.value],
    "avvik_otko_tekst": OTKO_UTEN_KOMBINASJON,
    "avvik_otap_tekst": OTAP_UTEN_TILTAK,
    "avvik_kombinasjon_tekst": KOMBINASJON_UTEN_OTKO,
    "avvik_deltar_tekst": DELTAR_UTEN_OTAP,
}


def avvik_sql(*, youth: str, code: str) -> str:
    """An SQL expression: the disagreement between OT's status code `code` and the NAV
    participation of the youth `youth` (both SQL expressions), or '' when they agree or OT has
    no code. Uses the named parameters in PARAMS."""
    active = f"""SELECT 1 FROM measures_deltakelse d
        WHERE d.youth_id = {youth} AND d.status <> ALL (%(avvik_avsluttet)s)"""
    combined = f"""EXISTS ({active} AND EXISTS (
        SELECT 1 FROM measures_kombinasjonstiltak k WHERE k.deltakelse_id = d.id))"""
    in_place = f"EXISTS ({active} AND d.status = ANY (%(avvik_opptar_plass)s))"
    takes_part = f"EXISTS ({active} AND d.status = %(avvik_deltar)s)"
    return f"""(CASE
        WHEN COALESCE({code}, '') = '' THEN ''
        WHEN {code} = %(avvik_otko)s AND NOT {combined} THEN %(avvik_otko_tekst)s
        WHEN {code} = %(avvik_otap)s AND NOT {in_place} THEN %(avvik_otap_tekst)s
        WHEN {code} <> %(avvik_otko)s AND {combined}
            THEN format(%(avvik_kombinasjon_tekst)s, {code})
        WHEN {code} <> ALL (%(avvik_nav_tiltak)s) AND {takes_part}
            THEN format(%(avvik_deltar_tekst)s, {code})
        ELSE '' END)"""
