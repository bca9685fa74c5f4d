"""The guarantee engine against a hand-made calendar, its date arithmetic, idempotency,
the commands and a real Celery run."""

import csv
import datetime as dt
import io
import random

import pytest
from dateutil.relativedelta import relativedelta
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st

from cases.guarantees import sweep
from cases.models import Aktivitetsplan, Frist, Garantiregel, Vedtak14a, Youth
from nav_ot.dates import add_months, frist_for
from nav_ot.identity import generate_fnr

pytestmark = pytest.mark.django_db
SIT = "SITUASJONSBESTEMT_INNSATS"


@pytest.fixture(autouse=True)
def source_rules(guarantee_rules):
    pass


SPES = "SPESIELT_TILPASSET_INNSATS"


# --- date arithmetic --------------------------------------------------------------------------


def test_one_month_clamps_to_month_end():
    assert add_months(dt.date(2025, 1, 31), 1) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2024, 3, 31), 1) == dt.date(2024, 4, 30)
    assert add_months(dt.date(2024, 12, 15), 1) == dt.date(2025, 1, 15)
    assert frist_for(dt.date(2024, 1, 31), months=None, days=None) is None


@given(
    day=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)),
    months=st.integers(0, 36),
)
def test_add_months_agrees_with_relativedelta(day, months):
    assert add_months(day, months) == day + relativedelta(months=months)


@given(day=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31)))
def test_add_months_agrees_with_postgresql(day):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT (%s::date + interval '1 month')::date", [day])
        assert cursor.fetchone()[0] == add_months(day, 1)


# --- a hand-made calendar -------------------------------------------------------------------------


@pytest.fixture
def office(org):
    return org["bergenhus"]


def youth_aged(age: int, on: dt.date, seed: int = 0) -> Youth:
    born = on - relativedelta(years=age, months=2)
    return Youth.objects.create(
        fnr=generate_fnr(born, random.Random(seed)),
        first_name="A",
        last_name=f"B{seed}",
        birth_date=born,
    )


def vedtak(youth, office, day, gruppe=SIT):
    return Vedtak14a.objects.create(
        youth=youth, nav_kontor=office, innsatsgruppe=gruppe, status="fattet", vedtak_dato=day
    )


def plan(youth, day):
    return Aktivitetsplan.objects.create(youth=youth, godkjent_dato=day)


def status_of(v, kode="G2"):
    return Frist.objects.get(vedtak=v, regel__kode=kode)


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
    assert first.created == 5
    second = sweep(today=today)
    assert (second.created, second.changed) == (0, 0)


def test_a_new_rule_takes_effect_without_code(office):
    Garantiregel.objects.create(
        kode="UNGDOMSGARANTI",
        navn="Ungdomsgarantien 2023",
        valid_from=dt.date(2023, 7, 1),
        min_age=16,
        max_age=29,
        innsatsgrupper=[SIT, SPES],
        deadline_months=None,
        deadline_days=14,
    )
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


# --- commands ------------------------------------------------------------------------------------------


def test_export_deadlines_csv(office, capsys):
    today = dt.date(2026, 3, 10)
    youth = youth_aged(22, today, 1)
    vedtak(youth, office, dt.date(2026, 1, 31))
    plan(youth, dt.date(2026, 2, 27))
    call_command("export_deadlines", "--today", "2026-03-10", "--kontor", office.kode)
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == ["fnr", "garanti", "startdato", "frist", "status", "oppfylt_dato"]
    assert rows[1] == [youth.fnr, "G2", "2026-01-31", "2026-02-28", "oppfylt", "2026-02-27"]
    assert Frist.objects.count() == 0  # exporting writes nothing


def test_import_caseload_then_sweep(office, tmp_path, capsys, personas):
    born = dt.date(2004, 3, 3)
    fnr = generate_fnr(born, random.Random(5))
    path = tmp_path / "portefolje.csv"
    path.write_text(
        "fnr,fornavn,etternavn,nav_kontor,innsatsgruppe,vedtak_dato,aktivitetsplan_godkjent_dato,veileder\n"
        f"{fnr},Ola,Nordmann,1203,situasjonsbestemt_innsats,2026-01-31,2026-02-20,veileder\n"
        f"{fnr},Ola,Nordmann,1203,SITUASJONSBESTEMT_INNSATS,2026-01-31,2026-02-20,veileder\n"
        "12345678901,Feil,Nummer,1203,SITUASJONSBESTEMT_INNSATS,2026-01-31,,\n"
        f"{fnr},Ola,Nordmann,9999,SITUASJONSBESTEMT_INNSATS,2026-02-01,,\n"
        f"{fnr},Ola,Nordmann,1203,MIDDELS_INNSATS,2026-02-01,,\n"
        f"{fnr},Ola,Nordmann,1203,SITUASJONSBESTEMT_INNSATS,31.01.2026,,\n"
        f"{fnr},Ola,Nordmann,1203,SITUASJONSBESTEMT_INNSATS,2026-02-02,,asane\n",
        encoding="utf-8",
    )
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("import_caseload", str(path), "--dry-run")
    assert not Vedtak14a.objects.exists()
    with pytest.raises(CommandError):
        call_command("import_caseload", str(path))
    err = capsys.readouterr().err
    assert "Linje 3: samme vedtak står allerede på linje 2" in err
    assert "Linje 4:" in err and "kontrollsifrene" in err
    assert "Linje 5: NAV-kontoret «9999» finnes ikke" in err
    assert "Linje 6: ukjent innsatsgruppe" in err
    assert "Linje 7: vedtak_dato «31.01.2026» er ikke en dato" in err
    assert "Linje 8: veilederen «asane» finnes ikke ved NAV Bergenhus" in err
    assert Vedtak14a.objects.count() == 1
    before = (Youth.objects.count(), Vedtak14a.objects.count(), Aktivitetsplan.objects.count())
    with pytest.raises(CommandError):
        call_command("import_caseload", str(path))
    assert "0 nye" in capsys.readouterr().out
    assert (
        Youth.objects.count(),
        Vedtak14a.objects.count(),
        Aktivitetsplan.objects.count(),
    ) == before
    sweep(today=dt.date(2026, 3, 10))
    frist = Frist.objects.get(regel__kode="G2")
    assert (frist.status, frist.oppfylt_dato) == ("oppfylt", dt.date(2026, 2, 20))


def test_sweep_command_reports_and_rejects_bad_dates(office, capsys):
    vedtak(youth_aged(22, dt.date(2026, 1, 1), 1), office, dt.date(2026, 1, 1))
    call_command("sweep_guarantees", "--today", "2026-03-10")
    assert "nye frister" in capsys.readouterr().out
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Ugyldig dato"):
        call_command("sweep_guarantees", "--today", "10.03.2026")


@pytest.mark.django_db(transaction=True)
def test_sweep_runs_in_a_real_celery_worker(org):
    from celery.contrib.testing.worker import start_worker
    from django.utils import timezone

    from cases.tasks import sweep_guarantees
    from nav_ot.celery import app

    today = timezone.localdate()
    v = vedtak(youth_aged(22, today, 1), org["bergenhus"], today - dt.timedelta(days=3))
    with start_worker(app, perform_ping_check=False, loglevel="WARNING"):
        sweep_guarantees.delay()
        import time

        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not Frist.objects.filter(vedtak=v).exists():
            time.sleep(0.2)
    assert Frist.objects.get(vedtak=v, regel__kode="G2").status == "apen"


def test_daily_schedule_is_06_oslo(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["guarantee deadlines 06:00"]
    assert entry["task"] == "cases.tasks.sweep_guarantees"
    assert entry["schedule"].hour == {6} and entry["schedule"].minute == {0}
    assert settings.CELERY_TIMEZONE == "Europe/Oslo"


def test_the_migration_seeds_the_three_source_rules(django_db_setup, django_db_blocker):
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


def test_guarantee_report_indicators(office, capsys):
    import json

    fra, til = dt.date(2026, 1, 1), dt.date(2026, 3, 31)
    in_time = youth_aged(21, fra, 1)
    vedtak(in_time, office, dt.date(2026, 1, 10))
    plan(in_time, dt.date(2026, 1, 20))  # 10 days
    late = youth_aged(22, fra, 2)
    vedtak(late, office, dt.date(2026, 1, 10))
    plan(late, dt.date(2026, 3, 1))  # 50 days, too late
    missing = youth_aged(23, fra, 3)
    vedtak(missing, office, dt.date(2026, 1, 15))
    not_due = youth_aged(23, fra, 4)
    vedtak(not_due, office, dt.date(2026, 3, 20))  # frist 20 April: not decided on 31 March
    spes_with = youth_aged(27, til, 5)
    vedtak(spes_with, office, dt.date(2025, 6, 1), gruppe=SPES)
    plan(spes_with, dt.date(2025, 7, 1))
    spes_without = youth_aged(28, til, 6)
    vedtak(spes_without, office, dt.date(2025, 6, 1), gruppe=SPES)
    call_command(
        "guarantee_report",
        "--kontor",
        office.kode,
        "--fra",
        fra.isoformat(),
        "--til",
        til.isoformat(),
    )
    report = json.loads(capsys.readouterr().out)
    assert (
        report["andel_20_24_plan_innen_1_mnd_teller"],
        report["andel_20_24_plan_innen_1_mnd_nevner"],
    ) == (1, 3)
    assert report["andel_20_24_plan_innen_1_mnd"] == round(1 / 3, 4)
    assert (
        report["andel_20_29_spesielt_tilpasset_med_plan_teller"],
        report["andel_20_29_spesielt_tilpasset_med_plan_nevner"],
    ) == (1, 2)
    assert report["median_dager_vedtak_til_plan"] == 30  # median of 10 and 50


def test_deadline_notifications_are_sent_once(
    office, personas, mailoutbox, django_capture_on_commit_callbacks
):
    from cases.guarantees.notifications import varsler_email
    from cases.models import Varsel

    personas["veileder"].email = "ingrid@nav.example"
    personas["veileder"].save()
    today = dt.date(2026, 3, 10)
    v = vedtak(youth_aged(22, today, 1), office, dt.date(2026, 2, 12))  # frist 12 March: snart
    Vedtak14a.objects.filter(pk=v.pk).update(veileder=personas["veileder"])
    with django_capture_on_commit_callbacks() as callbacks:
        result = sweep(today=today)
    assert result.notified == 1 and len(callbacks) == 1
    varsel = Varsel.objects.get()
    assert (varsel.user, varsel.kind) == (personas["veileder"], "frist_snart")
    assert varsler_email() == 1
    assert varsler_email() == 0
    assert len(mailoutbox) == 1 and "går ut 12.03.2026" in mailoutbox[0].body
    with django_capture_on_commit_callbacks() as callbacks:
        again = sweep(today=today)
    assert (again.created, again.changed, again.notified, len(callbacks)) == (0, 0, 0, 0)
    sweep(today=dt.date(2026, 3, 13))
    assert set(Varsel.objects.values_list("kind", flat=True)) == {"frist_snart", "frist_brutt"}


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
    Garantiregel.objects.create(
        kode="NY",
        navn="Ny regel",
        valid_from=dt.date(2026, 1, 1),
        min_age=16,
        max_age=29,
        innsatsgrupper=[],
        deadline_days=60,
    )  # a rule added in the admin
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


def test_imported_history_does_not_flood_notifications(office, personas):
    from cases.models import Varsel

    v = vedtak(youth_aged(22, dt.date(2016, 1, 1), 1), office, dt.date(2016, 1, 1))
    Vedtak14a.objects.filter(pk=v.pk).update(veileder=personas["veileder"])
    sweep(today=dt.date(2026, 3, 10))
    assert status_of(v).status == "brutt"
    assert not Varsel.objects.exists()


def test_reimport_with_another_name_is_reported(office, tmp_path, capsys):
    from django.core.management.base import CommandError

    fnr = generate_fnr(dt.date(2004, 3, 3), random.Random(5))
    header = (
        "fnr,fornavn,etternavn,nav_kontor,innsatsgruppe,vedtak_dato,aktivitetsplan_godkjent_dato\n"
    )
    first = tmp_path / "a.csv"
    first.write_text(
        header + f"{fnr},Ola,Nordmann,1203,SITUASJONSBESTEMT_INNSATS,2026-01-31,\n",
        encoding="utf-8",
    )
    call_command("import_caseload", str(first))
    second = tmp_path / "b.csv"
    second.write_text(
        header + f"{fnr},Kari,Hansen,1203,SITUASJONSBESTEMT_INNSATS,2026-01-31,\n"
        f"{fnr},Ola,Nordmann,1203,SITUASJONSBESTEMT_INNSATS,20260131,\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError):
        call_command("import_caseload", str(second))
    err = capsys.readouterr().err
    assert "Linje 2: fødselsnummeret er registrert med et annet navn (Ola Nordmann)" in err
    assert "Linje 3: vedtak_dato «20260131» er ikke en dato" in err


def test_report_does_not_count_a_replaced_vedtak_as_a_failure(office, capsys):
    import json

    youth = youth_aged(22, dt.date(2026, 1, 1), 1)
    vedtak(youth, office, dt.date(2026, 1, 10))
    vedtak(youth, office, dt.date(2026, 1, 25))
    plan(youth, dt.date(2026, 2, 20))
    call_command(
        "guarantee_report", "--kontor", office.kode, "--fra", "2026-01-01", "--til", "2026-03-31"
    )
    report = json.loads(capsys.readouterr().out)
    assert (
        report["andel_20_24_plan_innen_1_mnd_teller"],
        report["andel_20_24_plan_innen_1_mnd_nevner"],
    ) == (1, 1)


def test_rule_on_nedsatt_arbeidsevne(office):
    Garantiregel.objects.create(
        kode="NEDSATT",
        navn="Nedsatt arbeidsevne",
        valid_from=dt.date(2020, 1, 1),
        min_age=16,
        max_age=29,
        innsatsgrupper=[],
        nedsatt_arbeidsevne=True,
        deadline_days=30,
    )
    today = dt.date(2026, 3, 10)
    spes = vedtak(
        youth_aged(25, today, 1), office, dt.date(2026, 3, 1), gruppe="VARIG_TILPASSET_INNSATS"
    )
    sit = vedtak(youth_aged(25, today, 2), office, dt.date(2026, 3, 1))
    sweep(today=today)
    assert Frist.objects.filter(vedtak=spes, regel__kode="NEDSATT").exists()
    assert not Frist.objects.filter(vedtak=sit, regel__kode="NEDSATT").exists()
