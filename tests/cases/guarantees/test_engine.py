"""The guarantee engine against a hand-made calendar: which rule applies, statuses, idempotency."""

import datetime as dt
import random

import pytest

from cases.guarantees import sweep
from cases.models import Frist, Garantiregel, Youth
from nav_ot.identity import generate_fnr
from tests.cases.guarantees.helpers import SIT, SPES, plan, rule, status_of, vedtak, youth_aged

pytestmark = pytest.mark.django_db


def test_calendar(office):
    d0 = dt.date(2026, 1, 31)
    today = dt.date(2026, 3, 10)
    met = youth_aged(22, d0, 1)
    v_met = vedtak(met, office, d0)
    plan(met, dt.date(2026, 2, 28))  # the clamped frist itself: met
    late = youth_aged(22, d0, 2)
    v_late = vedtak(late, office, d0)
    plan(late, dt.date(2026, 3, 1))  # one day late
    broken = youth_aged(22, d0, 3)
    v_broken = vedtak(broken, office, d0)
    early = youth_aged(22, d0, 4)
    plan(early, dt.date(2025, 12, 1))  # approved before the vedtak: counts
    v_early = vedtak(early, office, d0)
    soon = youth_aged(23, today, 5)
    v_soon = vedtak(soon, office, dt.date(2026, 2, 15))  # frist 15 March = today + 5
    sooner = youth_aged(23, today, 6)
    v_sooner = vedtak(sooner, office, dt.date(2026, 2, 16))  # frist 16 March = today + 6: snart
    replaced = youth_aged(22, d0, 7)
    v_replaced = vedtak(replaced, office, dt.date(2026, 2, 20))
    vedtak(replaced, office, dt.date(2026, 3, 1), gruppe=SPES)
    breach_then_new = youth_aged(22, d0, 8)
    v_breach = vedtak(breach_then_new, office, dt.date(2026, 1, 5))  # frist 5 Feb passed
    vedtak(breach_then_new, office, dt.date(2026, 3, 1), gruppe=SPES)
    too_old = youth_aged(25, d0, 9)
    v_old = vedtak(too_old, office, d0)

    result = sweep(today=today)
    assert result.created >= 8
    assert (status_of(v_met).status, status_of(v_met).frist, status_of(v_met).oppfylt_dato) == (
        "oppfylt",
        dt.date(2026, 2, 28),
        dt.date(2026, 2, 28),
    )
    assert (status_of(v_late).status, status_of(v_late).oppfylt_dato) == (
        "oppfylt_sent",
        dt.date(2026, 3, 1),
    )
    assert status_of(v_broken).status == "brutt"
    assert (status_of(v_early).status, status_of(v_early).oppfylt_dato) == (
        "oppfylt",
        dt.date(2025, 12, 1),
    )
    assert status_of(v_soon).status == "snart"  # 15 March is today + 5
    assert status_of(v_sooner).status == "snart"  # 16 March is today + 6: the seventh day
    assert status_of(v_replaced).status == "erstattet"
    assert status_of(v_breach).status == "brutt"  # a breach stays a breach
    assert not Frist.objects.filter(
        vedtak=v_old, regel__kode="G2"
    ).exists()  # 25 on the vedtak date
    assert (
        Frist.objects.filter(vedtak=v_old, regel__kode="G3").count() == 0
    )  # situasjonsbestemt, not G3


def test_warning_window_edges(office):
    today = dt.date(2026, 3, 10)
    inside = vedtak(youth_aged(21, today, 1), office, dt.date(2026, 2, 16))  # frist 16.03 = today+6
    outside = vedtak(
        youth_aged(21, today, 2), office, dt.date(2026, 2, 17)
    )  # frist 17.03 = today+7
    on_day = vedtak(youth_aged(21, today, 3), office, dt.date(2026, 2, 10))  # frist today
    sweep(today=today)
    assert status_of(inside).status == "snart"
    assert status_of(outside).status == "apen"
    assert status_of(on_day).status == "snart"
    sweep(today=today + dt.timedelta(days=1))
    assert status_of(on_day).status == "brutt"


def test_age_counts_on_the_vedtak_date(office):
    day = dt.date(2026, 5, 1)
    born = dt.date(2006, 5, 2)  # 19 on the vedtak date, 20 the day after
    youth = Youth.objects.create(
        fnr=generate_fnr(born, random.Random(1)), first_name="A", last_name="B", birth_date=born
    )
    v = vedtak(youth, office, day)
    sweep(today=dt.date(2026, 5, 10))
    assert not Frist.objects.filter(vedtak=v, regel__kode="G2").exists()
    assert Frist.objects.filter(vedtak=v, regel__kode="G1").exists()


def test_second_run_the_same_day_changes_nothing(office):
    today = dt.date(2026, 3, 10)
    for seed in range(5):
        vedtak(youth_aged(22, today, seed), office, dt.date(2026, 2, 1))
    first = sweep(today=today)
    assert first.created == 10  # G2 and the 2023 ungdomsgaranti for each
    second = sweep(today=today)
    assert (second.created, second.changed) == (0, 0)


def test_a_new_rule_takes_effect_without_code(office):
    rule("UNGDOMSGARANTI", dt.date(2023, 7, 1), innsatsgrupper=[SIT, SPES], deadline_days=14)
    today = dt.date(2026, 3, 10)
    v = vedtak(youth_aged(27, today, 1), office, dt.date(2026, 3, 1), gruppe=SPES)
    sweep(today=today)
    frist = Frist.objects.get(vedtak=v, regel__kode="UNGDOMSGARANTI")
    assert (frist.frist, frist.status) == (dt.date(2026, 3, 15), "snart")


def test_rule_periods_of_one_code_cannot_overlap():
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        Garantiregel.objects.create(
            kode="G2",
            navn="Dobbel",
            valid_from=dt.date(2020, 1, 1),
            min_age=20,
            max_age=24,
            innsatsgrupper=[SIT],
            deadline_months=1,
        )


def test_pause_stops_the_clock(office):
    v = vedtak(youth_aged(22, dt.date(2026, 1, 1), 1), office, dt.date(2026, 1, 1))  # frist 1 Feb
    sweep(today=dt.date(2026, 1, 20))
    Frist.objects.filter(vedtak=v).update(paused_from=dt.date(2026, 1, 20))
    sweep(today=dt.date(2026, 2, 10))
    assert status_of(v).status == "pauset"  # would be brutt without the pause


def test_next_day_sweep_moves_statuses(office):
    today = dt.date(2026, 3, 10)
    v = vedtak(
        youth_aged(22, today, 1), office, dt.date(2026, 2, 17)
    )  # frist 17.03 = today + 7: apen
    sweep(today=today)
    assert status_of(v).status == "apen"
    result = sweep(today=today + dt.timedelta(days=1))
    assert result.changed == 1 and status_of(v).status == "snart"


def test_same_day_rerun_revisits_only_changed_youth(office):
    today = dt.date(2026, 3, 10)
    youth = youth_aged(22, today, 1)
    v = vedtak(youth, office, dt.date(2026, 2, 20))
    sweep(today=today)
    assert status_of(v).status == "apen"
    assert sweep(today=today) == type(sweep(today=today))(created=0, changed=0)
    plan(youth, dt.date(2026, 3, 9))  # registered later the same day
    result = sweep(today=today)
    assert result.changed == 1 and status_of(v).status == "oppfylt"
    newcomer = vedtak(youth_aged(21, today, 2), office, dt.date(2026, 3, 1))
    assert sweep(today=today).created >= 1
    assert Frist.objects.filter(vedtak=newcomer, regel__kode="G2").exists()


def test_same_day_changes_of_every_kind_are_picked_up(office):
    today = dt.date(2026, 3, 10)
    youth = youth_aged(22, today, 1)
    v = vedtak(youth, office, dt.date(2026, 2, 1))
    p = plan(youth, dt.date(2026, 2, 20))
    sweep(today=today)
    assert status_of(v).status == "oppfylt"
    p.delete()  # a plan deleted the same day
    sweep(today=today)
    assert status_of(v).status == "brutt"
    rule("NY", dt.date(2026, 1, 1), deadline_days=60)  # a rule added in the admin
    sweep(today=today)
    assert Frist.objects.filter(vedtak=v, regel__kode="NY").exists()


def test_a_deadline_whose_rule_no_longer_applies_is_closed(office):
    today = dt.date(2026, 3, 10)
    v = vedtak(youth_aged(22, today, 1), office, dt.date(2026, 3, 1))
    sweep(today=today)
    assert status_of(v).status == "apen"
    Garantiregel.objects.filter(kode="G2").update(max_age=21)  # edited so the youth no longer fits
    sweep(today=today)
    assert status_of(v).status == "erstattet"


def test_only_paused_deadlines_resume(office, personas):
    from django.core.exceptions import ValidationError

    from cases.services import frist_resume

    today = dt.date(2026, 3, 10)
    youth = youth_aged(22, today, 1)
    old = vedtak(youth, office, dt.date(2026, 3, 1))
    vedtak(youth, office, dt.date(2026, 3, 5), gruppe=SPES)
    sweep(today=today)
    assert status_of(old).status == "erstattet"
    with pytest.raises(ValidationError, match="ikke på pause"):
        frist_resume(actor=personas["teamleder"], frist_id=status_of(old).pk, today=today)


def test_rule_on_nedsatt_arbeidsevne(office):
    rule("NEDSATT", dt.date(2020, 1, 1), nedsatt_arbeidsevne=True, deadline_days=30)
    today = dt.date(2026, 3, 10)
    spes = vedtak(
        youth_aged(25, today, 1), office, dt.date(2026, 3, 1), gruppe="VARIG_TILPASSET_INNSATS"
    )
    sit = vedtak(youth_aged(25, today, 2), office, dt.date(2026, 3, 1))
    sweep(today=today)
    assert Frist.objects.filter(vedtak=spes, regel__kode="NEDSATT").exists()
    assert not Frist.objects.filter(vedtak=sit, regel__kode="NEDSATT").exists()


def test_the_migration_seeds_the_three_source_rules():
    import importlib

    rules = importlib.import_module("cases.migrations.0004_seed_garantiregler").RULES
    assert [rule["kode"] for rule in rules] == ["G1", "G2", "G3"]
    g2 = next(rule for rule in rules if rule["kode"] == "G2")
    assert (g2["min_age"], g2["max_age"], g2["deadline_months"], g2["innsatsgrupper"]) == (
        20,
        24,
        1,
        [SIT],
    )


def test_rerun_after_a_bulk_load_keeps_the_change_set_in_the_database(office):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    today = dt.date(2026, 3, 10)
    sweep(today=today)
    loaded = [
        vedtak(youth_aged(22, today, seed), office, dt.date(2026, 2, 20)) for seed in range(6)
    ]
    with CaptureQueriesContext(connection) as captured:
        result = sweep(today=today)
    assert result.created >= len(loaded)
    assert all(status_of(v).status == "apen" for v in loaded)
    # Neither the youth ids read back from the change table nor sent to the sweep as an array.
    sqls = [q["sql"] for q in captured.captured_queries]
    assert not any("RETURNING youth_id" in sql and "INSERT" not in sql for sql in sqls)
    assert not any("ANY(" in sql for sql in sqls)
