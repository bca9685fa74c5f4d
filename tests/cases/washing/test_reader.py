"""Reading OT's list: encodings, delimiters, headers, XLSX, and bad rows reported by line."""

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from cases.washing import ListFileError, read_list
from tests.cases.washing.conftest import csv_bytes

FNR = "05080756846"  # generated with nav_ot.identity.generate_fnr
EXCEL_DATE = dt.datetime(2007, 3, 4)  # noqa: DTZ001 (Excel dates have no time zone)  # a valid test number; checked below


def _rows(data, name="liste.csv", mapping=None):
    return list(read_list(data, name, mapping))


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp1252"])
@pytest.mark.parametrize("delimiter", [";", ","])
def test_encodings_and_delimiters(encoding, delimiter):
    data = csv_bytes(
        delimiter.join(["Fødselsnummer", "Fornavn", "Etternavn", "Fødselsdato"]),
        delimiter.join(["", "Søren", "Håland", "04.03.2007"]),
        encoding=encoding,
    )
    [row] = _rows(data)
    assert (row.rad, row.first_name, row.last_name) == (1, "Søren", "Håland")
    assert row.birth_date == dt.date(2007, 3, 4)
    assert not row.problem


def test_a_number_typed_with_spaces_or_dots_is_the_number():
    from stdnum.no import fodselsnummer

    fodselsnummer.validate(FNR)
    data = csv_bytes("fnr;navn", "050807 568.46;Håland, Søren")
    [row] = _rows(data)
    assert row.fnr == FNR
    assert (row.first_name, row.last_name) == ("Søren", "Håland")
    assert row.birth_date == dt.date(2007, 8, 5)  # from the number


def test_bad_rows_are_reported_by_line_and_good_rows_kept():
    data = csv_bytes(
        "Fødselsnummer;Fornavn;Etternavn;Fødselsdato",
        "12345678901;Ola;Nordmann;",  # invalid number and no date: cannot be used
        ";Kari;Nordmann;31.02.2008",  # impossible date
        ";Per;Hansen;01.02.2008",
        ";Nul\x00l;Hansen;01.02.2008",
        "12345678901;Lise;Berg;01.02.2008",  # invalid number, but name and date still match
    )
    rows = _rows(data)
    assert [r.rad for r in rows] == [1, 2, 3, 4, 5]
    assert "ugyldig fødselsnummer" in rows[0].problem
    assert "umulig fødselsdato" in rows[1].problem
    assert not rows[2].problem
    assert "ugyldig tegn" in rows[3].problem
    assert not rows[4].problem and "ugyldig fødselsnummer" in rows[4].note


def test_a_corrected_mapping_reads_unknown_headers():
    data = csv_bytes("Personident;Given;Family;Born", ";Søren;Håland;04.03.2007")
    with pytest.raises(ListFileError, match="Fant ikke kolonnene"):
        _rows(data)
    mapping = {"fnr": "Personident", "fornavn": "Given", "etternavn": "Family",
               "fodselsdato": "Born"}  # fmt: skip
    [row] = _rows(data, mapping=mapping)
    assert row.last_name == "Håland"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "tom"),
        (b"\x00\x01\x02binary", "CSV"),
        (b"a" * (21 * 1024 * 1024), "større enn"),
    ],
)
def test_unreadable_files_get_one_clear_message(data, message):
    with pytest.raises(ListFileError, match=message):
        _rows(data)


def _xlsx(sheets):
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_xlsx_takes_the_sheet_with_the_list_and_never_a_formula():
    data = _xlsx(
        [
            ("Forside", [["Liste fra VIGO OT"], ["Eksportert 01.12.2026"]]),
            (
                "Liste",
                [
                    ["Fødselsnummer", "Fornavn", "Etternavn", "Fødselsdato", "OT-status"],
                    [None, "Søren", "Håland", EXCEL_DATE, "otap"],
                    [None, '=HYPERLINK("http://x")', "Berg", "01.02.2008", "OTOV"],
                ],
            ),
        ]
    )
    rows = _rows(data, "liste.xlsx")
    assert rows[0].birth_date == dt.date(2007, 3, 4) and rows[0].ot_status == "OTAP"
    assert "formel" in rows[1].problem
    assert rows[1].first_name == ""  # the formula is not carried on


def test_a_broken_xlsx_is_a_message():
    with pytest.raises(ListFileError, match="Excel"):
        _rows(b"PK\x03\x04 not really a zip", "liste.xlsx")
