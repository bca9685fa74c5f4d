"""Forms only validate input; the services decide and save."""

from cases.forms.case import (  # noqa: F401
    AccessLogSearchForm,
    AssignForm,
    BulkAssignForm,
    OtStatusForm,
    PeriodeEndForm,
    ReasonForm,
    RegisterYouthForm,
    SamtykkeForm,
    SchoolForm,
    StatusForm,
    YouthSearchForm,
    owners_at,
)
from cases.forms.common import (  # noqa: F401
    DateInput,
    DateTimeInput,
    apply_service_error,
)
from cases.forms.joint_work import (  # noqa: F401
    ACTION_PREFIX,
    ActionForm,
    ActionFormSet,
    ContactForm,
    HuskelappForm,
    MeetingHoldForm,
    MeetingPlanForm,
    MeetingRegisterForm,
    NoteForm,
    ReferralDecisionForm,
    ReferralForm,
    TransferDecisionForm,
    TransferForm,
)
from cases.forms.oppfolging import (  # noqa: F401
    AktivitetForm,
    BehovsvurderingForm,
    FristPauseForm,
    FristSignOffForm,
    PlanApproveForm,
    PlanGoalForm,
    VedtakFatteForm,
    VedtakForm,
)
from cases.forms.washing import (  # noqa: F401
    FIELD_LABELS,
    MappingForm,
    RegisterWashForm,
    WashingUploadForm,
)
