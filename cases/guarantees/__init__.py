"""The garantiordninger: the deadline engine, the indicators and the notifications."""

from cases.guarantees.engine import (  # noqa: F401
    DeadlineRow,
    SweepResult,
    deadlines_as_of,
    refresh_youth,
    sweep,
)
from cases.guarantees.indicators import (  # noqa: F401
    IndicatorPage,
    IndicatorRow,
    group_indicator_labels,
    group_rows,
    guarantee_indicators,
    indicator_figures,
    indicator_page,
    indicator_rows,
    monthly_series,
    plan_rows,
    spesielt_tilpasset_rows,
    with_names,
)
from cases.guarantees.notifications import (  # noqa: F401
    team_lead_digests,
    varsel_text,
    varsler_email,
)
from cases.guarantees.snapshots import kontor_indicators, kontor_indicators_store  # noqa: F401
from cases.guarantees.sql import register_deliverable  # noqa: F401
