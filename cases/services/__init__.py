"""Writes on youth and cases. Each service checks its rule, saves, and records its case event.

Services that act on an existing case take the `CaseAccess` the view got from
`case_get_for_user`, so no write can skip the access check or guess which side the actor is on.
"""

# The engine, for other apps: the sweep (seeding, tasks) and the indicators (the county view,
# which reads each office's figures kept per day).
from cases.guarantees import (  # noqa: F401
    guarantee_indicators,
    kontor_indicators,
    kontor_indicators_store,
    sweep,
)
from cases.services.access_log import access_log_purge  # noqa: F401
from cases.services.consent import (  # noqa: F401
    samtykke_record,
    samtykke_withdraw,
)
from cases.services.deadlines import (  # noqa: F401
    frist_pause,
    frist_resume,
    frist_sign_off,
)
from cases.services.joint_work import (  # noqa: F401
    ActionInput,
    action_complete,
    contact_register,
    huskelapp_done,
    huskelapp_set,
    note_add,
    trekantsamtale_cancel,
    trekantsamtale_hold,
    trekantsamtale_plan,
    trekantsamtale_register_held,
)
from cases.services.lifecycle import (  # noqa: F401
    TRANSITIONS,
    case_assign,
    case_change_status,
    case_mark_seen,
    case_set_ot_status,
    case_update_school,
    cases_bulk_assign,
    next_statuses,
)
from cases.services.oppfolging import (  # noqa: F401
    NEEDS_BESLUTTER,
    Verb,
    aktivitet_add,
    aktivitet_remove,
    aktivitet_set_status,
    aktivitet_update,
    behovsvurdering_record,
    current_vedtak,
    plan_approve,
    plan_for,
    plan_set_goal,
    vedtak_delete_draft,
    vedtak_draft,
    vedtak_fatte,
    vedtak_to_beslutter,
    vedtak_update_draft,
)
from cases.services.periode import (  # noqa: F401
    periode_end,
    periode_open,
    periode_reopen,
)
from cases.services.referrals import (  # noqa: F401
    henvisning_decide,
    henvisning_send,
    inform_ot_acknowledge,
)
from cases.services.registration import (  # noqa: F401
    AGE_MESSAGE,
    MAX_AGE,
    MIN_AGE,
    DuplicateYouth,
    case_open,
    youth_find_existing,
    youth_identify,
    youth_register,
)
from cases.services.transfers import (  # noqa: F401
    overforing_accept,
    overforing_ask,
    overforing_reject,
    overforing_request,
    overforing_withdraw,
)
from cases.washing import wash_file  # noqa: F401  (list washing, for seed_demo)
