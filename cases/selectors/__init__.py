"""Reads for cases: worklists, the unit's list, the timeline, deadlines, search and the access log.

Every query starts from `cases_visible_to` or a `CaseAccess`, never from Case.objects.
"""

from cases.selectors.access_log import (  # noqa: F401
    access_log_after,
    access_log_search,
)
from cases.selectors.case_detail import (  # noqa: F401
    notes_for,
    timeline_for,
)
from cases.selectors.deadlines import (  # noqa: F401
    BREACHES,
    IN_PLAY,
    NOT_MET,
    RUNNING,
    FristFilter,
    case_deadlines,
    case_vedtak,
    deadline_queue,
    frister_visible_to,
    youth_without_kontaktperson,
)
from cases.selectors.mine import (  # noqa: F401
    BUCKETS,
    MinePage,
    mine_page,
)
from cases.selectors.periode import (  # noqa: F401
    annotate_ivaretatt,
    attach_ivaretatt,
    ivaretatt_status,
    oppfolging_panel,
    own_side_ended,
    perioder_for,
    side_follows,
)
from cases.selectors.referrals import (  # noqa: F401
    henvisning_targets,
    henvisninger_waiting_for,
)
from cases.selectors.team_lead import (  # noqa: F401
    caseload_per_owner,
)
from cases.selectors.transfers import (  # noqa: F401
    overforing_targets,
    overforinger_to_answer,
    overforinger_waiting_on_others,
)
from cases.selectors.unassigned import (  # noqa: F401
    Ufordelt,
    ufordelt_for,
    unassigned_on,
)
from cases.selectors.unit_list import (  # noqa: F401
    AGE_BUCKETS,
    CaseFilter,
    unit_cases,
)
from cases.selectors.washing import (  # noqa: F401
    OT_RESULTS,
    UNDER_AVKLARING,
    Comparison,
    compare_with_previous,
    referral_offices,
    result_choices,
    review_queue,
    washing_counts,
    washing_rows,
    washing_session_get,
    washing_sessions_for,
    washing_upload_get,
)
from cases.selectors.worklist import (  # noqa: F401
    Worklist,
    worklist_for,
)
