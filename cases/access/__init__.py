"""Who may see which case, and how much of it: the one place that decides.

- A user sees a case when it belongs to a unit they see (accounts.selectors.units_visible_to)
  on their own agency's side: NAV staff through the case's NAV-kontor, OT staff through its
  OT-enhet. Everyone else gets 404, so a case's existence does not leak.
- On their own side they see everything their side recorded. Of the other side's data they see
  only what a valid samtykke covers (by category); without one, only the list-washing status:
  er ivaretatt / er ikke ivaretatt / har flyttet.
- Every read goes through `case_get_for_user`, which writes the access log; every other page,
  export or print that shows youths logs them with `log_access`. A refused read logs nothing.
- Withdrawal (or expiry) stops what crosses from then on; it never hides a side's own records.
  Trekantsamtaler are NAV's and OT's joint work: planned and held only under a samtykke, with
  both sides taking part, so each meeting, its referat and its agreed actions belong to both
  sides and stay visible to both after withdrawal (withdrawing the last samtykke cancels planned
  ones, so nothing new is agreed without one). Agreed actions stay in the responsible party's
  worklist. What either side records afterwards (notes, events, ticking off an action, school or
  work data) reaches the other only under a samtykke in force: reads are filtered by today's
  samtykke, so what the other side shared before the withdrawal stops showing too; only the
  joint meetings remain.
- Timeline entries a side shares carry a category (its own by default, cases.events): none
  crosses on a samtykke for another topic. The guardian's name and phone are family data of
  the side that recorded them; why a samtykke was withdrawn is the withdrawing side's, family.
"""

from cases.access.core import (  # noqa: F401
    OWN_CATEGORY,
    SIDE_FIELDS,
    CaseAccess,
    ListStatus,
    annotate_consent,
    attach_consent,
    case_access,
    case_get_for_user,
    case_unit_ids,
    case_visible_to,
    cases_visible_to,
    log_access,
    may_assign,
    may_sort_on,
    sees_field,
    valid_samtykke_categories,
    valid_samtykker,
    youths_cases,
)
from cases.access.washing import (  # noqa: F401
    WashingAction,
    may_review_washing,
    may_wash,
    may_wash_for_office,
    washing_actions,
    washing_candidates_allowed,
    washing_offices,
    washing_row_details_visible,
    washing_rows_for_side,
    washing_rows_visible,
    washing_sessions_visible,
    washing_side,
    washing_units,
)
