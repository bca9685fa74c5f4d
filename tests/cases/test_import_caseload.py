"""import_caseload: bad rows reported by line while good rows are kept, the case-opening rules of
registration, chunks, and two imports at once."""

import datetime as dt
import random
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections

from cases.events import Verb
from cases.imports import caseload_import
from cases.models import Aktivitetsplan, Case, CaseEvent, Task, Vedtak14a, Youth
from nav_ot.csvimport import read_rows
from nav_ot.identity import birth_date, generate_fnr
from tests.factories import years_ago

HEADER = "fnr,fornavn,etternavn,nav_kontor,innsatsgruppe,vedtak_dato,aktivitetsplan_godkjent_dato\n"
COLUMNS = HEADER.strip().split(",")


def fnr_aged(age: int, seed: int) -> str:
    return generate_fnr(years_ago(age) - dt.timedelta(days=30), random.Random(seed))


def line(fnr: str, name: str = "Ola", vedtak: str = "2026-01-31", plan: str = "") -> str:
    return f"{fnr},{name},Nordmann,1203,SITUASJONSBESTEMT_INNSATS,{vedtak},{plan}\n"


def run(tmp_path, capsys, body: str) -> tuple[int, str, str]:
    path = tmp_path / "portefolje.csv"
    path.write_bytes((HEADER + body).encode())
    try:
        call_command("import_caseload", str(path))
        code = 0
    except CommandError as error:
        code = error.returncode
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.django_db
def test_overlong_names_nul_bytes_and_short_rows_are_reported_and_good_rows_kept(
    org, tmp_path, capsys
):
    good, long_name, nul, short, good_too = (fnr_aged(22, seed) for seed in range(5))
    body = (
        line(good)
        + line(long_name, name="O" * 300)
        + line(nul, name="Ola\x00")
        + f"{short},Ola,Nordmann,1203,SITUASJONSBESTEMT_INNSATS\n"
        + line(good_too)
    )
    code, out, err = run(tmp_path, capsys, body)
    assert code == 1
    assert "Linje 3: fornavn er for lang: 300 tegn, høyst 100" in err
    assert "Linje 4: ugyldig tegn i feltet fornavn" in err
    assert "Linje 5: mangler verdier for kolonnene vedtak_dato, aktivitetsplan_godkjent_dato" in err
    assert "2 nye" in out
    assert set(Youth.objects.values_list("fnr", flat=True)) == {good, good_too}


@pytest.mark.django_db
def test_an_unclosed_quote_costs_its_own_row_only(org, tmp_path, capsys):
    first, quoted, after = (fnr_aged(22, seed) for seed in range(3))
    body = line(first) + line(quoted, name='"Ola') + line(after)
    code, _, err = run(tmp_path, capsys, body)
    assert code == 1
    assert err.strip() == "Linje 3: uavsluttet anførselstegn"
    assert set(Youth.objects.values_list("fnr", flat=True)) == {first, after}


@pytest.mark.django_db
def test_an_imported_youth_under_the_ot_age_limit_is_opened_like_a_registered_one(
    org, tmp_path, capsys, settings
):
    settings.OT_AGE_LIMIT = 24
    young, older = fnr_aged(20, 1), fnr_aged(26, 2)
    code, _, err = run(tmp_path, capsys, line(young) + line(older, name="Kari"))
    assert code == 0, err
    case = Case.objects.get(youth__fnr=young)
    assert (case.nav_kontor, case.ot_enhet) == (org["bergenhus"], org["ot_bergen"])
    task = Task.objects.get(case=case)
    assert (task.kind, task.owner_unit, task.text) == (
        Task.Kind.INFORMER_OT,
        org["ot_bergen"],
        "NAV har registrert en ungdom under 24 år. Bekreft at OT er informert.",
    )
    event = CaseEvent.objects.get(case=case)
    assert (event.verb, event.agency) == (Verb.OPENED, "nav")
    assert event.summary == "Sak opprettet ved import av saksportefølje (NAV Bergenhus)"
    older_case = Case.objects.get(youth__fnr=older)
    assert older_case.ot_enhet is None
    assert not Task.objects.filter(case=older_case).exists()
    assert CaseEvent.objects.filter(case=older_case, verb=Verb.OPENED).count() == 1
    # Importing the file again opens nothing and asks OT nothing more.
    run(tmp_path, capsys, line(young) + line(older, name="Kari"))
    assert (Case.objects.count(), Task.objects.count(), CaseEvent.objects.count()) == (2, 1, 2)


@pytest.mark.django_db
def test_repeats_and_other_names_are_found_across_chunks(org):
    a, b = fnr_aged(22, 1), fnr_aged(23, 2)
    body = (
        line(a, plan="2026-02-10")
        + line(b)
        + line(a, plan="2026-02-10")
        + line(b, name="Per", vedtak="2026-02-01")
        + line(a, vedtak="2026-02-01", plan="2026-02-10")
    )
    rows = read_rows((HEADER + body).encode(), required=COLUMNS)
    report = caseload_import(rows=rows, chunk_rows=2)
    assert report.errors == [
        (4, "samme vedtak står allerede på linje 2"),
        (
            5,
            "fødselsnummeret er registrert med et annet navn (Ola Nordmann); rett filen eller Trekant",
        ),
    ]
    assert (report.created, report.unchanged) == (3, 0)
    assert Vedtak14a.objects.filter(imported=True).count() == 3
    assert Aktivitetsplan.objects.get().godkjent_dato == dt.date(2026, 2, 10)


@pytest.mark.django_db
def test_a_row_the_database_refuses_is_reported_and_the_rest_of_its_chunk_kept(org):
    # A rule only the database knows (a constraint added after the import was written).
    with connection.cursor() as cursor:
        cursor.execute(
            "ALTER TABLE cases_youth ADD CONSTRAINT test_no_zorro CHECK (first_name <> 'Zorro')"
        )
    body = line(fnr_aged(22, 1)) + line(fnr_aged(22, 2), name="Zorro") + line(fnr_aged(22, 3))
    report = caseload_import(rows=read_rows((HEADER + body).encode(), required=COLUMNS))
    assert [(number, message.split(" (")[0]) for number, message in report.errors] == [
        (3, "databasen avviste linjen")
    ]
    assert "test_no_zorro" in report.errors[0][1]
    assert (report.created, Youth.objects.count()) == (2, 2)


@pytest.mark.django_db
def test_only_the_first_200_errors_are_printed_then_a_count_by_kind(org, tmp_path, capsys):
    body = "".join(line("12345678901") for _ in range(230)) + "".join(
        f"{fnr_aged(22, 1)},Ola,Nordmann,9999,SITUASJONSBESTEMT_INNSATS,2026-01-31,\n"
        for _ in range(20)
    )
    code, out, err = run(tmp_path, capsys, body)
    assert code == 1
    lines = err.strip().splitlines()
    assert sum(text.startswith("Linje ") for text in lines) == 200
    assert "… og 50 linjer til med feil. Feil etter type:" in lines
    assert any(text.strip().startswith("20 × NAV-kontoret «…» finnes ikke") for text in lines)
    assert "250 linjer med feil" in out


@pytest.mark.django_db(transaction=True)
def test_two_imports_of_the_same_rows_in_opposite_order_finish_without_duplicates(org):
    numbers = list(dict.fromkeys(fnr_aged(16 + seed % 12, seed) for seed in range(320)))[:300]
    rows = [line(fnr, plan="2026-02-10") for fnr in numbers]
    bodies = [HEADER + "".join(rows), HEADER + "".join(reversed(rows))]
    reports, failures = [], []
    start = threading.Barrier(2)

    def import_one(body: str) -> None:
        try:
            start.wait()
            rows = read_rows(body.encode(), required=COLUMNS)
            reports.append(caseload_import(rows=rows, chunk_rows=50))
        except Exception as error:  # noqa: BLE001 - the test reports whatever went wrong
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=import_one, args=(body,)) for body in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures
    assert [report.errors for report in reports] == [[], []]
    assert sum(report.created for report in reports) == 300
    assert (
        Youth.objects.count(),
        Case.objects.count(),
        Vedtak14a.objects.count(),
        Aktivitetsplan.objects.count(),
        CaseEvent.objects.filter(verb=Verb.OPENED).count(),
    ) == (300, 300, 300, 300, 300)


@pytest.mark.django_db
def test_a_case_ot_opened_gets_nav_as_owner_and_no_second_case(org, tmp_path, capsys):
    fnr = fnr_aged(20, 7)
    youth = Youth.objects.create(
        fnr=fnr, first_name="Ola", last_name="Nordmann", birth_date=birth_date(fnr)
    )
    case = Case.objects.create(youth=youth, ot_enhet=org["ot_bergen"], status="aktiv")
    code, out, err = run(tmp_path, capsys, line(fnr))
    assert code == 0, err
    assert "1 nye" in out
    case.refresh_from_db()
    assert (case.nav_kontor, case.ot_enhet) == (org["bergenhus"], org["ot_bergen"])
    assert Case.objects.count() == 1
    assert Vedtak14a.objects.get().case == case
