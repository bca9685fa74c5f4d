"""The tiltak pages, by sub-domain; urls.py names them from here."""

from measures.views.catalogue import (  # noqa: F401
    gjennomforing_create,
    gjennomforing_detail,
    gjennomforing_stop,
    gjennomforing_update,
    gjennomforinger,
    katalog,
    ledige,
    rapport,
    stengt_periode_add,
    tiltaksstopp_create,
    tiltakstype_create,
    tiltakstype_kombineres,
)
from measures.views.deltakelse import (  # noqa: F401
    deltakelse_omfang,
    deltakelse_status,
    tilby,
    tilby_gjennomforing,
    uten_tilbud,
)
from measures.views.kombinasjon import (  # noqa: F401
    kombinasjon_bekreft,
    kombinasjon_create,
    kombinasjon_detail,
    kombinasjon_utfall,
    mal_create,
    maler,
    tiltak_bekreft,
)
