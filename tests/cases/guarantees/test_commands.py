"""The guarantee commands (export, import, sweep) and the sweep in a real Celery worker."""

import csv
import datetime as dt
import io
import random

import pytest
from django.core.management import call_command

from cases.guarantees import sweep
from cases.models import Aktivitetsplan, Frist, Vedtak14a, Youth
from nav_ot.identity import generate_fnr
from tests.cases.guarantees.helpers import plan, vedtak, youth_aged

pytestmark = pytest.mark.django_db


def test_export_deadlines_csv(office, capsys, personas):
    today = dt.date(2026, 3, 10)
    youth = youth_aged(22, today, 1)
    vedtak(youth, office, dt.date(2026, 1, 31))
    plan(youth, dt.date(2026, 2, 27))
    call_command(
        "export_deadlines", "--today", "2026-03-10", "--kontor", office.kode, "--bruker", "veileder"
    )
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
