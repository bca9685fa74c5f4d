"""The catalogue file import: good rows in, bad rows reported by line, re-runs update."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from measures.models import Gjennomforing, Kataloghendelse
from nav_ot.dates import parse_day

HEADER = "tiltakskode;navn;arrangor;organisasjonsnummer;fylke;enheter;startdato;sluttdato;plasser\n"
GOOD = "ARBEIDSTRENING;Arbeidstrening Fretex;Fretex Vest AS;974 760 673;46;1203,OT-46;01.08.2026;30.06.2027;12\n"


def run(tmp_path, text, encoding="utf-8-sig"):
    path = tmp_path / "katalog.csv"
    path.write_bytes(text.encode(encoding))
    call_command("import_gjennomforinger", str(path))


def test_good_rows_are_imported_and_bad_ones_reported_by_line(tmp_path, org, tiltakstyper, capsys):
    text = (
        HEADER
        + GOOD
        + "UKJENT;X;Y AS;974760673;46;1203;01.08.2026;;3\n"
        + "AVKLARING;Avklaring;Y AS;974760674;46;1203;01.08.2026;;3\n"
        + "AVKLARING;Avklaring;Y AS;974760673;46;0403;01.08.2026;;3\n"
        + "AVKLARING;Avklaring;Y AS;974760673;46;1203;31.02.2026;;3\n"
        + "AVKLARING;Avklaring;Y AS;974760673;46;1203;01.08.2026;01.07.2026;3\n"
        + "AVKLARING;Avklaring;Y AS;974760673;46;1203;01.08.2026;;mange\n"
        + GOOD
        + "JOBBKLUBB;Jobbklubb Åsane;Y AS;974760673;46;1210;1.9.2026;;20\n"
    )
    with pytest.raises(CommandError):
        run(tmp_path, text, encoding="cp1252")
    err = capsys.readouterr().err
    assert "Linje 3: ukjent tiltakskode «UKJENT»" in err
    assert "Linje 4: organisasjonsnummeret" in err
    assert "Linje 5: enheten «0403» finnes ikke i fylket" in err
    assert "Linje 6: «31.02.2026» er en umulig dato" in err
    assert "Linje 7: sluttdatoen er før startdatoen" in err
    assert "Linje 8: antall plasser «mange» er ikke et tall" in err
    assert "Linje 9: samme gjennomføring står allerede på linje 2" in err
    assert sorted(Gjennomforing.objects.values_list("navn", flat=True)) == [
        "Arbeidstrening Fretex",
        "Jobbklubb Åsane",
    ]
    fretex = Gjennomforing.objects.get(navn="Arbeidstrening Fretex")
    assert {u.kode for u in fretex.enheter.all()} == {"1203", "OT-46"}
    assert Kataloghendelse.objects.filter(verb="katalog_importert").count() == 1


def test_rerun_updates_places_and_units_without_duplicates(tmp_path, org, tiltakstyper, capsys):
    run(tmp_path, HEADER + GOOD)
    run(tmp_path, HEADER + GOOD)
    assert "0 nye, 0 oppdatert, 1 uendret" in capsys.readouterr().out
    run(tmp_path, HEADER + GOOD.replace(";12\n", ";20\n").replace("1203,OT-46", "1210"))
    gjennomforing = Gjennomforing.objects.get()
    assert gjennomforing.antall_plasser == 20
    assert [u.kode for u in gjennomforing.enheter.all()] == ["1210"]


def test_missing_columns_end_the_command_with_exit_2(tmp_path, db):
    path = tmp_path / "katalog.csv"
    path.write_text("tiltakskode;navn\nA;B\n")
    with pytest.raises(CommandError) as error:
        call_command("import_gjennomforinger", str(path))
    assert error.value.returncode == 2
    assert "Mangler kolonne" in str(error.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("01.08.2026", (2026, 8, 1)), ("1.8.2026", (2026, 8, 1)), ("2024-02-29", (2024, 2, 29))],
)
def test_parse_day_reads_norwegian_and_iso_dates(text, expected):
    assert parse_day(text).timetuple()[:3] == expected


@pytest.mark.parametrize("text", ["29.02.2025", "2025-13-01", "01-08-2026", "", "1.8.26"])
def test_parse_day_refuses_impossible_or_unknown_dates(text):
    with pytest.raises(ValueError):
        parse_day(text)
