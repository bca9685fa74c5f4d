"""Writes on the catalogue and on participation. Import services from here."""

from measures.services.catalogue import (  # noqa: F401
    ORGNR_MESSAGE,
    arrangor_for,
    check_period,
    clean_orgnr,
    gjennomforing_endre,
    gjennomforing_opprett,
    gjennomforing_stopp,
    kombineres_endre,
    stengt_periode_legg_til,
    tiltaksstopp_kunngjor,
    tiltakstype_endre,
    tiltakstype_opprett,
)
from measures.services.deltakelse import (  # noqa: F401
    OVERGANGER,
    endre_omfang,
    endre_status,
    hindringer_for,
    plasser_brukt,
    tilby_plass,
)
from measures.services.kombinasjon import (  # noqa: F401
    SCHOOL_FIELDS,
    check_school_part,
    fra_mal,
    kombinasjon_opprett,
    kombinasjon_ot_bekreft,
    kombinasjon_utfall,
    mal_opprett,
    may_keep_templates,
    tiltak_ot_bekreft,
)
