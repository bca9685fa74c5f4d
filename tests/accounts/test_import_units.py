import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import Unit

pytestmark = pytest.mark.django_db


def write(tmp_path, text, encoding="utf-8", name="enheter.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def run(path, capsys):
    try:
        call_command("import_units", path)
        code = 0
    except CommandError as exc:
        code = exc.returncode
    out = capsys.readouterr()
    return code, out.out, out.err


GOOD = """type,kode,navn,overordnet
team,1203-UNG,Ungdomsteamet,1203
nav_kontor,1203,NAV Bergenhus,46
fylke,46,Vestland,
ot_enhet,OT-46,OT Vestland,46
"""


def test_imports_children_before_parents_in_the_file(tmp_path, capsys):
    code, out, err = run(write(tmp_path, GOOD), capsys)
    assert code == 0, err
    assert "4 nye" in out
    team = Unit.objects.get(kode="1203-UNG")
    assert team.parent.kode == "1203"
    assert team.parent.parent.kode == "46"
    assert team.agency == "nav"
    assert Unit.objects.get(kode="OT-46").agency == "ot"


def test_rerun_is_idempotent_and_updates_names(tmp_path, capsys):
    run(write(tmp_path, GOOD), capsys)
    code, out, _ = run(write(tmp_path, GOOD), capsys)
    assert code == 0
    assert "0 nye, 0 oppdatert, 4 uendret" in out
    changed = GOOD.replace("NAV Bergenhus", "NAV Bergen sentrum")
    code, out, _ = run(write(tmp_path, changed), capsys)
    assert "0 nye, 1 oppdatert, 3 uendret" in out
    assert Unit.objects.count() == 4
    assert Unit.objects.get(kode="1203").navn == "NAV Bergen sentrum"


def test_bad_rows_are_reported_by_line_and_the_rest_imported(tmp_path, capsys):
    text = """type,kode,navn,overordnet
fylke,46,Vestland,
kommune,9999,Feil type,46
nav_kontor,1203,NAV Bergenhus,77
nav_kontor,,Uten kode,46
team,T1,Team under fylke,46
fylke,46,Duplikat,
ot_enhet,OT-46,OT Vestland,46
"""
    code, out, err = run(write(tmp_path, text), capsys)
    assert code == 1
    assert "Linje 3: ukjent type «kommune»" in err
    assert "Linje 4: overordnet enhet «77» finnes ikke" in err
    assert "Linje 5: kode mangler" in err
    assert "Linje 6:" in err and "må ligge under NAV-kontor eller OT-enhet" in err
    assert "Linje 7: koden «46» står allerede på linje 2" in err
    assert set(Unit.objects.values_list("kode", flat=True)) == {"46", "OT-46"}


def test_semicolon_windows_1252_export_with_bom_less_header_case(tmp_path, capsys):
    text = "Type;Kode;Navn;Overordnet;Kommune\r\nfylke;18;Nordland;\r\nnav_kontor;1804;NAV Bodø;18;Bodø\r\n"
    code, out, err = run(write(tmp_path, text, encoding="cp1252"), capsys)
    assert code == 0, err
    kontor = Unit.objects.get(kode="1804")
    assert kontor.navn == "NAV Bodø"
    assert kontor.kommune == "Bodø"


def test_utf8_bom_is_accepted(tmp_path, capsys):
    code, _, err = run(write(tmp_path, GOOD, encoding="utf-8-sig"), capsys)
    assert code == 0, err
    assert Unit.objects.count() == 4


@pytest.mark.parametrize(
    "content, message",
    [
        ("kode,navn\n46,Vestland\n", "Mangler kolonne(r): type, overordnet"),
        ("", "Filen er tom"),
        ("\x00\x01\x02binary", "binært innhold"),
    ],
)
def test_unreadable_files_stop_with_a_clear_message(tmp_path, capsys, content, message):
    with pytest.raises(CommandError) as excinfo:
        call_command("import_units", write(tmp_path, content))
    assert excinfo.value.returncode == 2
    assert message in str(excinfo.value)
    assert Unit.objects.count() == 0


def test_missing_file(tmp_path):
    with pytest.raises(CommandError, match="Finner ikke filen"):
        call_command("import_units", str(tmp_path / "finnes-ikke.csv"))


def test_type_change_that_would_orphan_children_or_members_is_refused(tmp_path, capsys):
    from tests.factories import UserFactory

    run(write(tmp_path, GOOD), capsys)
    UserFactory(username="kari", role="nav_veileder", unit=Unit.objects.get(kode="1203"))
    # The office becomes an OT unit: its team and its NAV-veileder would no longer fit.
    changed = GOOD.replace("nav_kontor,1203,NAV Bergenhus,46", "ot_enhet,1203,NAV Bergenhus,46")
    code, _, err = run(write(tmp_path, changed, name="2.csv"), capsys)
    assert code == 1
    assert "Kan ikke bli «OT-enhet»" in err or "Kan ikke endre typen" in err
    assert Unit.objects.get(kode="1203").type == "nav_kontor"
    # A fylke turned into a team under its own child would make a loop.
    loop = "type,kode,navn,overordnet\nteam,46,Vestland,1203\n"
    code, _, err = run(write(tmp_path, loop, name="3.csv"), capsys)
    assert code == 1
    assert Unit.objects.get(kode="46").type == "fylke"


def test_codes_are_unique_regardless_of_case(tmp_path, capsys):
    from django.db import IntegrityError

    run(write(tmp_path, GOOD), capsys)
    with pytest.raises(IntegrityError):
        Unit.objects.create(
            type="ot_enhet", kode="ot-46", navn="Dobbel", parent=Unit.objects.get(kode="46")
        )


def test_misaligned_row_is_reported(tmp_path, capsys):
    text = "type,kode,navn,overordnet\nfylke,46,Vestland,\nteam,T1,Team A, Oslo,46\n"
    code, _, err = run(write(tmp_path, text), capsys)
    assert code == 1
    assert "Linje 3: 5 verdier, men 4 kolonner" in err


def test_nul_bytes_and_overlong_values_are_reported_and_the_rows_after_them_imported(
    tmp_path, capsys
):
    text = (
        "type,kode,navn,overordnet\nfylke,46,Vestland,\n"
        "nav_kontor,1203,NAV\x00Bergenhus,46\n"
        f"nav_kontor,1210,{'Å' * 300},46\n"
        "ot_enhet,OT-46,OT Vestland,46\n"
    )
    code, out, err = run(write(tmp_path, text), capsys)
    assert code == 1
    assert "Linje 3: ugyldig tegn i feltet navn" in err
    assert "Linje 4: navn er for lang: 300 tegn, høyst 200" in err
    assert set(Unit.objects.values_list("kode", flat=True)) == {"46", "OT-46"}


def test_a_row_the_database_refuses_is_reported_and_the_rows_after_it_imported(tmp_path, capsys):
    from django.db import connection

    # A rule only the database knows (a constraint added after the import was written).
    with connection.cursor() as cursor:
        cursor.execute(
            "ALTER TABLE accounts_unit ADD CONSTRAINT test_no_zorro CHECK (navn <> 'Zorro')"
        )
    text = "type,kode,navn,overordnet\nfylke,46,Zorro,\nfylke,34,Innlandet,\n"
    code, _, err = run(write(tmp_path, text), capsys)
    assert code == 1
    assert "Linje 2: databasen avviste linjen (" in err and "test_no_zorro" in err
    assert list(Unit.objects.values_list("kode", flat=True)) == ["34"]
