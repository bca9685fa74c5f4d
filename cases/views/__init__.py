"""Case pages. Each loads the case through case_get_for_user (404 + access log) and calls a service."""

from cases.views.access_log import (  # noqa: F401
    access_log,
    access_log_export,
)
from cases.views.case import (  # noqa: F401
    assign,
    detail,
    ot_status,
    periode_end,
    periode_reopen,
    school,
    status_change,
)
from cases.views.consent import (  # noqa: F401
    samtykke_create,
    samtykke_withdraw,
)
from cases.views.deadlines import (  # noqa: F401
    deadline_queue,
    frist_pause,
    frist_resume,
    frist_sign_off,
)
from cases.views.joint_work import (  # noqa: F401
    action_done,
    action_row,
    contact_create,
    huskelapp,
    inform_ot_ack,
    meeting_cancel,
    meeting_detail,
    meeting_plan,
    meeting_register,
    note_create,
    referral_create,
    referral_decide,
)
from cases.views.oppfolging import (  # noqa: F401
    aktivitet_page,
    aktivitetsplan_page,
    behovsvurdering_page,
    vedtak_draft_page,
    vedtak_page,
)
from cases.views.registration import (  # noqa: F401
    open_for_existing,
    register,
)
from cases.views.team_lead import (  # noqa: F401
    INDICATOR_LABELS,
    indicators,
)
from cases.views.transfers import (  # noqa: F401
    register_transfer,
    transfer_create,
    transfer_decide,
    transfer_withdraw,
    transfers,
)
from cases.views.unit_list import (  # noqa: F401
    bulk_assign,
    caseload,
    unit_list,
)
from cases.views.washing import comparison as washing_comparison  # noqa: F401
from cases.views.washing import decide as washing_decide  # noqa: F401
from cases.views.washing import export as washing_export  # noqa: F401
from cases.views.washing import mapping as washing_mapping  # noqa: F401
from cases.views.washing import progress as washing_progress  # noqa: F401
from cases.views.washing import result as washing_result  # noqa: F401
from cases.views.washing import review as washing_review  # noqa: F401
from cases.views.washing import sessions as washing_sessions  # noqa: F401
from cases.views.washing import upload as washing_upload  # noqa: F401
from cases.views.washing_actions import assign as washing_assign  # noqa: F401
from cases.views.washing_actions import link as washing_link  # noqa: F401
from cases.views.washing_actions import open_cases as washing_open_cases  # noqa: F401
from cases.views.washing_actions import refer as washing_refer  # noqa: F401
from cases.views.washing_register import register as washing_register  # noqa: F401
from cases.views.worklist import (  # noqa: F401
    mine,
    varsler,
)
