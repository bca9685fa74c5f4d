"""The tiltak catalogue and participation. Import models from here, not from the modules."""

from measures.models.catalogue import (  # noqa: F401
    Gjennomforing,
    Kataloghendelse,
    Kilde,
    StengtPeriode,
    Stoppaarsak,
    Tiltaksarrangor,
    Tiltaksgruppe,
    Tiltaksniva,
    Tiltaksstopp,
    Tiltakstype,
)
from measures.models.deltakelse import (  # noqa: F401
    AVSLUTTET,
    OPPTAR_PLASS,
    TRENGER_AARSAK,
    Deltakelse,
    DeltakelseEndring,
    DeltakerAarsak,
    DeltakerStatus,
)
from measures.models.kombinasjon import (  # noqa: F401
    ANSVAR_NAV,
    ANSVAR_OT,
    MAX_DAYS,
    Kombinasjonsmal,
    Kombinasjonstiltak,
    Utdanningsprogram,
    Utfall,
)
