"""The wash_list command's output contract, and what crosses to OT without a samtykke."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from cases.access import case_access
from cases.models import AccessLog
from tests.cases.washing.conftest import HEADER, csv_bytes, line
from tests.factories import YouthFactory, give_samtykke, open_case, years_ago


@pytest.fixture
def listed(personas, org, nav_youth, tmp_path):
    """OT's list: one youth NAV follows, a fuzzy spelling, one unknown, one bad row; and one
    youth NAV follows that the list lacks."""
    missing = YouthFactory(first_name="Nora", last_name="Lie", birth_date=years_ago(20))
    open_case(personas["veileder"], youth=missing)
    fuzzy = YouthFactory(first_name="Kjærsti", last_name="Bjørnstad", birth_date=years_ago(22))
    open_case(personas["veileder"], youth=fuzzy)
    path = tmp_path / "otliste.csv"
    path.write_bytes(
        csv_bytes(
            HEADER,
            line(nav_youth),
            line(fuzzy, fnr="", first="Kjaersti", last="Bjoernstad"),
            line(fnr="", first="Ukjent", last="Person", born=years_ago(20)),
            line(fnr="999", first="=cmd|' /C calc'!A0", last="", born=None),
        )
    )
    return {"path": path, "nav_youth": nav_youth, "fuzzy": fuzzy, "missing": missing}


def run(path, *extra):
    out = io.StringIO()
    call_command(
        "wash_list", str(path), "--ot-enhet", "OT-46", *extra, stdout=out, stderr=io.StringIO()
    )
    return list(csv.reader(io.StringIO(out.getvalue())))


def test_nav_file_contract(listed):
    header, *body = run(listed["path"])
    assert header == ["rad", "fnr", "navn", "resultat", "svar", "sak", "treff_fnr"]
    youth, fuzzy = listed["nav_youth"], listed["fuzzy"]
    case = youth.cases.get()
    assert body[0] == [
        "1",
        youth.fnr,
        "Søren Håland",
        "begge",
        "ivaretatt",
        str(case.id),
        youth.fnr,
    ]
    assert body[1][:5] == ["2", "", "Kjaersti Bjoernstad", "mulig_treff", ""]
    assert body[1][5:] == ["", fuzzy.fnr]  # the best candidate, never linked
    assert body[2] == ["3", "", "Ukjent Person", "kun_ot", "", "", ""]
    assert body[3][0] == "4" and body[3][3] == "ugyldig"
    assert body[3][2].startswith("'=")  # never a live formula
    missing = listed["missing"]
    assert body[4] == ["", missing.fnr, "Nora Lie", "kun_nav", "ivaretatt",
                       str(missing.cases.get().id), missing.fnr]  # fmt: skip
    assert len(body) == 5


def test_ot_file_has_only_the_allowed_answer(listed, tmp_path):
    out = tmp_path / "ot.csv"
    run(listed["path"], "--for-ot", "--out", str(out))
    header, *body = list(csv.reader(out.open(encoding="utf-8")))
    assert header == ["rad", "fnr", "navn", "resultat", "svar"]
    assert all(len(r) == 5 for r in body)
    assert [r[3] for r in body] == ["begge", "under_avklaring", "kun_ot", "ugyldig", "kun_nav"]
    assert {r[4] for r in body} <= {"ivaretatt", "ikke_ivaretatt", "har_flyttet", ""}
    text = out.read_text(encoding="utf-8")
    fuzzy = listed["fuzzy"]
    assert fuzzy.fnr not in text  # the candidate's identity stays with NAV


def test_a_samtykke_does_not_widen_the_ot_file(listed, personas, tmp_path):
    case = listed["nav_youth"].cases.get()
    give_samtykke(case_access(personas["veileder"], case))
    rows = run(listed["path"], "--for-ot")
    assert rows[0] == ["rad", "fnr", "navn", "resultat", "svar"]
    assert rows[1][4] == "ivaretatt"


def test_each_youth_written_is_logged_as_an_export(listed, personas):
    run(listed["path"], "--bruker", "veileder")
    logged = AccessLog.objects.filter(action=AccessLog.Action.EXPORT, user=personas["veileder"])
    # The best candidate's number is in NAV's file (treff_fnr): an export of that youth too.
    assert {entry.youth for entry in logged} == {
        listed["nav_youth"],
        listed["missing"],
        listed["fuzzy"],
    }


def test_rerunning_the_same_file_gives_the_same_file(listed):
    assert run(listed["path"]) == run(listed["path"])


def test_unknown_unit_and_unreadable_file_exit_2(listed, tmp_path):
    with pytest.raises(CommandError, match="OT-enheten") as error:
        call_command("wash_list", str(listed["path"]), "--ot-enhet", "NOPE")
    assert error.value.returncode == 2
    empty = tmp_path / "tom.csv"
    empty.write_bytes(b"")
    with pytest.raises(CommandError, match="tom") as error:
        call_command("wash_list", str(empty), "--ot-enhet", "OT-46")
    assert error.value.returncode == 2
