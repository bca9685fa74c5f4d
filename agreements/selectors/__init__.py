"""Reads on agreements. Other apps (cases' case page) use `governing_agreement`."""

from agreements.selectors.county import caseload, office_rows, suppress  # noqa: F401
from agreements.selectors.obligations import (  # noqa: F401
    STATUS_LABELS,
    covered_offices,
    obligation_statuses,
    periods,
)
from agreements.selectors.versions import (  # noqa: F401
    current_version,
    governing_agreement,
    has_read,
    staff_of,
    unread_per_unit,
    version_in_force,
    versions_counting_as_read,
)
