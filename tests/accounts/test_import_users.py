import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import Role, User

pytestmark = pytest.mark.django_db

HEADER = "brukernavn,fornavn,etternavn,rolle,enhet,epost\n"


def run(tmp_path, capsys, body, *args):
    path = tmp_path / "brukere.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    try:
        call_command("import_users", str(path), *args)
        code = 0
    except CommandError as exc:
        code = exc.returncode
    out = capsys.readouterr()
    return code, out.out, out.err


def test_creates_users_with_roles_units_and_password(org, tmp_path, capsys, rf):
    body = (
        "kari,Kari,Nordmann,nav_veileder,1203,kari@nav.no\n"
        "ola,Ola,Hansen,ot_radgiver,OT-46,\n"
        "nina,Nina,Solberg,fylkeskoordinator,46,nina@vlfk.no\n"
        "sjef,Siri,Admin,admin,46,\n"
        "team1,Tor,Team,nav_veileder,1203-UNG,\n"
    )
    code, out, err = run(tmp_path, capsys, body, "--password", "Startpassord-2026")
    assert code == 0, err
    assert "5 nye" in out
    kari = User.objects.get(username="kari")
    assert (kari.role, kari.unit.kode, kari.email) == (Role.NAV_VEILEDER, "1203", "kari@nav.no")
    assert not kari.is_staff
    admin = User.objects.get(username="sjef")
    assert admin.is_staff and admin.is_superuser
    assert authenticate(rf.post("/"), username="kari", password="Startpassord-2026") == kari


def test_without_password_new_users_cannot_log_in(org, tmp_path, capsys):
    run(tmp_path, capsys, "kari,Kari,Nordmann,nav_veileder,1203,\n")
    assert not User.objects.get(username="kari").has_usable_password()


def test_rerun_updates_but_keeps_password_and_never_duplicates(org, tmp_path, capsys):
    run(
        tmp_path,
        capsys,
        "kari,Kari,Nordmann,nav_veileder,1203,\n",
        "--password",
        "Forste-passord-1",
    )
    code, out, _ = run(
        tmp_path,
        capsys,
        "KARI,Kari,Nordmann,nav_teamleder,1203,\n",
        "--password",
        "Annet-passord-2",
    )
    assert code == 0
    assert "0 nye, 1 oppdatert" in out
    assert User.objects.filter(username__iexact="kari").count() == 1
    kari = User.objects.get(username="kari")
    assert kari.role == Role.NAV_TEAMLEDER
    assert kari.check_password("Forste-passord-1")


def test_bad_rows_reported_by_line_number(org, tmp_path, capsys):
    body = (
        "ok1,Kari,Nordmann,nav_veileder,1203,\n"
        "feilrolle,Per,Pan,sjef,1203,\n"
        "feilenhet,Per,Pan,nav_veileder,9999,\n"
        "feilagency,Per,Pan,ot_radgiver,1203,\n"
        "feilepost,Per,Pan,nav_veileder,1203,ikke-en-epost\n"
        ",Uten,Brukernavn,nav_veileder,1203,\n"
        "ok1,Kari,Dobbel,nav_veileder,1203,\n"
        "koord,Nina,Solberg,fylkeskoordinator,1203,\n"
        "utennavn,,,nav_veileder,1203,\n"
    )
    code, out, err = run(tmp_path, capsys, body)
    assert code == 1
    assert "Linje 3: ukjent rolle «sjef»" in err
    assert "Linje 4: enheten «9999» finnes ikke" in err
    assert "Linje 5: OT-rådgiver må høre til en OT-enhet" in err
    assert "Linje 6: ugyldig e-postadresse «ikke-en-epost»" in err
    assert "Linje 7: brukernavn mangler" in err
    assert "Linje 8: brukernavnet «ok1» står allerede på linje 2" in err
    assert "Linje 9: En fylkeskoordinator må høre til et fylke." in err
    assert "Linje 10: fornavn og etternavn må fylles ut" in err
    assert list(User.objects.values_list("username", flat=True)) == ["ok1"]


def test_invalid_username_characters_are_a_row_error(org, tmp_path, capsys):
    code, _, err = run(tmp_path, capsys, "ola nordmann,Ola,Nordmann,nav_veileder,1203,\n")
    assert code == 1
    assert "Linje 2: brukernavn:" in err
    assert not User.objects.exists()


def test_weak_password_is_refused_before_anything_is_imported(org, tmp_path, capsys):
    path = tmp_path / "brukere.csv"
    path.write_text(HEADER + "kari,Kari,Nordmann,nav_veileder,1203,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="For svakt passord") as excinfo:
        call_command("import_users", str(path), "--password", "123")
    assert excinfo.value.returncode == 2
    assert not User.objects.exists()


def test_nul_bytes_and_overlong_values_are_reported_and_the_rows_after_them_imported(
    org, tmp_path, capsys
):
    body = (
        "kari,Kari\x00,Nordmann,nav_veileder,1203,\n"
        f"{'x' * 151},Ola,Hansen,nav_veileder,1203,\n"
        "nina,Nina,Solberg,fylkeskoordinator,46,\n"
    )
    code, out, err = run(tmp_path, capsys, body)
    assert code == 1
    assert "Linje 2: ugyldig tegn i feltet fornavn" in err
    assert "Linje 3: brukernavn er for lang: 151 tegn, høyst 150" in err
    assert list(User.objects.values_list("username", flat=True)) == ["nina"]
