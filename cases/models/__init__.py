"""Youth, their joint NAV/OT case, and everything recorded on it, by sub-domain.

A case has two owners: the NAV side (NAV-kontor and veileder: work and tiltak) and the OT side
(OT-enhet and OT-kontakt: education and school). What one side may read of the other's data is
decided in cases/access/ from the youth's samtykke; nothing here decides visibility.
Re-exported here so migrations and `cases.models.X` keep working.
"""

from cases.models.audit import (  # noqa: F401
    AccessLog,
    CaseEvent,
)
from cases.models.guarantees import (  # noqa: F401
    FRIST_NEEDS_FOLLOW_UP,
    FRIST_WITHOUT_DATE,
    DateRangeInclusive,
    DigestSent,
    Frist,
    FristStatus,
    Garantiregel,
    KontorIndikatorer,
    SweepChange,
    SweepRun,
    Varsel,
)
from cases.models.joint_work import (  # noqa: F401
    AgreedAction,
    Contact,
    Henvisning,
    Note,
    Responsible,
    Task,
    Trekantsamtale,
)
from cases.models.oppfolging import (  # noqa: F401
    NEDSATT_ARBEIDSEVNE,
    Aktivitet,
    Aktivitetsplan,
    Behovsvurdering,
    Hovedmal,
    Innsatsgruppe,
    Vedtak14a,
)
from cases.models.periode import (  # noqa: F401
    Oppfolgingsperiode,
)
from cases.models.samtykke import (  # noqa: F401
    Samtykke,
)
from cases.models.transfers import (  # noqa: F401
    Overforing,
)
from cases.models.washing import (  # noqa: F401
    KUN_HOS,
    WashingAnswer,
    WashingCandidate,
    WashingRejection,
    WashingResult,
    WashingRow,
    WashingSession,
    WashingSource,
    WashingUpload,
    direction_label,
)
from cases.models.youth import (  # noqa: F401
    Case,
    CaseStatus,
    Category,
    OtStatus,
    Outcome,
    Visibility,
    Youth,
)
