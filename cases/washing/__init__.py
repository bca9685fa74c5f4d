"""Vasking av lister: OT's list against NAV's register, matched by machine, decided by people.

Public surface: read a list (`read_list`, `detect_mapping`), wash it (`wash_file`), decide a
candidate (`candidate_confirm`, `candidate_reject`) and write the result (`write_result`).
Other apps add conflict rules with `register_conflict_rule` (cases/washing/conflicts.py).
"""

from cases.washing.conflicts import apply_conflict_rules, register_conflict_rule  # noqa: F401
from cases.washing.export import NAV_COLUMNS, OT_COLUMNS, result_lines, write_result  # noqa: F401
from cases.washing.reader import (  # noqa: F401
    HEADERS,
    ListFileError,
    ListRow,
    detect_mapping,
    read_list,
)
from cases.washing.service import (  # noqa: F401
    candidate_confirm,
    candidate_reject,
    nav_answer,
    wash_file,
)
