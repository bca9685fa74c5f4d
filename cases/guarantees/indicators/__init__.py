"""The 2015 tildelingsbrev indicators for one NAV-kontor and period.

Who is counted and the frist come from the Garantiregel rows in force, as in the engine
(`sql.rule_covers`): G2 for the "plan within a month" figures, G3 for the spesielt tilpasset
figure. Other rules (a later ungdomsgaranti, say) do not move these figures.

Definitions (documented because the sources leave them open):
- andel_20_24_plan_innen_1_mnd: vedtak fattet in the period that G2 covers on the vedtak date
  (situasjonsbestemt innsats, age 20–24 in the seeded rule). Counted (nevner) once the outcome is
  known on `til`: a plan came by G2's frist (one month, clamped to the month's end), or the frist
  has passed. Teller: those with a godkjent aktivitetsplan on or before the frist (one approved
  before the vedtak counts).
- andel_20_29_spesielt_tilpasset_med_plan: youth whose current vedtak on `til` is from this kontor
  and covered by G3 on `til` (spesielt tilpasset innsats, age 20–29 on `til`); teller: those with
  any godkjent plan on or before `til`.
- A deadline closed as `avsluttet` (NAV's follow-up ended while it ran, see the engine) is left
  out of the first indicator's nevner unless a plan came in time: the youth left NAV's follow-up,
  which is neither a met nor a missed guarantee. The other figures do not read deadline statuses.
- median_dager_vedtak_til_plan: the same vedtak as the first indicator that have a plan by `til`;
  days from the vedtak to the plan (0 when the plan came first).
- andel_<kode> (one per rule with an `indikator`, such as the 2023 ungdomsgaranti's "has a fast
  kontaktperson"): the group is the youth whose current vedtak on `til` is from this kontor and
  has a deadline under the rule (the sweep's: covered on the vedtak date); teller: those whose
  deadline was met on or before `til` (oppfylt or oppfylt for sent). A deliverable known only in
  the present (a named veileder) counts from the day the sweep first saw it.
"""

from cases.guarantees.indicators.figures import (  # noqa: F401
    IndicatorPage,
    guarantee_indicators,
    indicator_figures,
    indicator_page,
    indicator_rows,
    monthly_series,
)
from cases.guarantees.indicators.queries import (  # noqa: F401
    PLAN_INNEN_FRIST_REGEL,
    SPESIELT_TILPASSET_REGEL,
    IndicatorRow,
    group_indicator_key,
    group_indicator_labels,
    group_rows,
    plan_rows,
    spesielt_tilpasset_rows,
    with_names,
)
