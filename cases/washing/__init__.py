"""Vasking av lister: OT's or NAV's list, or either side's youth already in Trekant, against the
other side, matched by machine, decided by people.

Public surface: read a list (`read_list`, `detect_mapping`), wash it (`wash_file`; NAV's list
with `nav_kontor`), wash the youth in Trekant (`wash_register`), decide a candidate
(`candidate_confirm`, `candidate_reject`) and write the result (`write_result`).
Other apps add conflict rules with `register_conflict_rule` (cases/washing/conflicts.py) and
catch up on finished washings they missed with `finished_since`.
"""

from cases.washing.completion import finished_since  # noqa: F401
from cases.washing.conflicts import apply_conflict_rules, register_conflict_rule  # noqa: F401
from cases.washing.export import NAV_COLUMNS, OT_COLUMNS, result_lines, write_result  # noqa: F401
from cases.washing.reader import (  # noqa: F401
    HEADERS,
    ListFileError,
    ListRow,
    detect_mapping,
    read_list,
)
from cases.washing.register import wash_register  # noqa: F401
from cases.washing.service import (  # noqa: F401
    candidate_confirm,
    candidate_reject,
    nav_answer,
    wash_file,
)
