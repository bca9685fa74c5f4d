"""Reading OT's or NAV's list: CSV (through nav_ot.csvimport) or XLSX, defensively.

Columns are recognised by their Norwegian headers; a user may correct the mapping. Each row
comes out with its data row number (from 1) and, when it cannot be used, the reason: bad rows
are reported, good rows are never lost.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from stdnum.exceptions import ValidationError as StdnumError
from stdnum.no import fodselsnummer

from nav_ot.csvimport import CONTROL_CHARACTERS, CsvFileError, read_rows
from nav_ot.dates import ImpossibleDate, parse_day
from nav_ot.identity import birth_date

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 200_000

# The fields a list can carry, and the headers each is known by (lower case).
HEADERS: dict[str, tuple[str, ...]] = {
    "fnr": ("fødselsnummer", "fodselsnummer", "fnr", "fødselsnr", "personnummer", "d-nummer"),
    "fornavn": ("fornavn",),
    "etternavn": ("etternavn",),
    "navn": ("navn", "fullt navn"),
    "fodselsdato": ("fødselsdato", "fodselsdato", "født", "fdato"),
    "skole": ("skole",),
    "ot_status": ("ot-status", "otstatus", "ot status", "status"),
}
LIMITS = {"fnr": 30, "fornavn": 100, "etternavn": 100, "navn": 200, "skole": 200, "ot_status": 20}


class ListFileError(Exception):
    """The file as a whole cannot be read; the message is for the user, in Norwegian."""


@dataclass(frozen=True)
class ListRow:
    rad: int
    fnr: str = ""  # digits, when a valid fødselsnummer or D-nummer
    fnr_as_typed: str = ""
    first_name: str = ""
    last_name: str = ""
    birth_date: dt.date | None = None
    school: str = ""
    ot_status: str = ""
    problem: str = ""  # why the row cannot be used; empty when it can
    note: str = ""  # a problem with one field that the rest of the row survives


def detect_mapping(header: list[str]) -> dict[str, str]:
    """Field → the header it is read from, for the headers we recognise."""
    found = {}
    cleaned = [h.strip().lstrip("\ufeff").lower() for h in header]
    for field, names in HEADERS.items():
        for name in names:
            if name in cleaned:
                found[field] = header[cleaned.index(name)]
                break
    return found


def _problem_with_mapping(mapping: Mapping[str, str]) -> str | None:
    has_name = "navn" in mapping or {"fornavn", "etternavn"} <= mapping.keys()
    if "fnr" not in mapping and not (has_name and "fodselsdato" in mapping):
        return (
            "Fant ikke kolonnene som trengs: Fødselsnummer, eller Fornavn, Etternavn og "
            "Fødselsdato. Kontroller kolonneoverskriftene."
        )
    return None


def clean_fnr(typed: str) -> tuple[str, str]:
    """(digits, problem): a number typed with spaces, dots or dashes is the same number."""
    digits = re.sub(r"[\s.\-]", "", typed)
    if not digits:
        return "", ""
    try:
        fodselsnummer.validate(digits)
    except StdnumError:
        return "", f"ugyldig fødselsnummer «{typed[:30]}»"
    return digits, ""


def parse_date(value) -> tuple[dt.date | None, str]:
    """A birth date from a CSV text or an XLSX date cell, with the row's problem if unreadable."""
    if value is None or value == "":
        return None, ""
    if isinstance(value, dt.datetime):
        return value.date(), ""
    if isinstance(value, dt.date):
        return value, ""
    text = str(value).strip()
    try:
        return parse_day(text), ""
    except ImpossibleDate:
        return None, f"umulig fødselsdato «{text[:20]}»"
    except ValueError:
        return None, f"ugyldig fødselsdato «{text[:20]}» (bruk dd.mm.åååå)"


def _split_name(full: str) -> tuple[str, str]:
    """«Etternavn, Fornavn» or «Fornavn Mellomnavn Etternavn»."""
    if "," in full:
        last, _, first = full.partition(",")
        return first.strip(), last.strip()
    parts = full.split()
    if len(parts) < 2:
        return "", full.strip()
    return " ".join(parts[:-1]), parts[-1]


def _row(rad: int, values: Mapping[str, str], problem: str | None) -> ListRow:
    if problem:
        return ListRow(rad=rad, problem=problem)
    typed = values.get("fnr", "")
    fnr, fnr_problem = clean_fnr(typed)
    first, last = values.get("fornavn", ""), values.get("etternavn", "")
    if not (first or last) and values.get("navn"):
        first, last = _split_name(values["navn"])
    born, date_problem = parse_date(values.get("fodselsdato"))
    if fnr and born is None:
        born = birth_date(fnr)
    notes = "; ".join(p for p in (fnr_problem, date_problem) if p)
    problem = ""
    if not fnr and not (last and born):
        problem = notes or ("mangler fødselsnummer, og navn og fødselsdato er ikke begge fylt ut")
    return ListRow(
        rad=rad,
        fnr=fnr,
        fnr_as_typed=typed[:30],
        first_name=first[:100],
        last_name=last[:100],
        birth_date=born,
        school=values.get("skole", "")[:200],
        ot_status=values.get("ot_status", "").upper()[:20],
        problem=problem,
        note=notes,
    )


def _csv_header(data: bytes) -> list[str]:
    raw_line = data.split(b"\n", 1)[0]
    try:
        first_line = raw_line.decode("utf-8-sig")
    except UnicodeDecodeError:
        first_line = raw_line.decode("cp1252", errors="replace")
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    return [h.strip().strip('"') for h in first_line.strip("\r").split(delimiter)]


def _csv_rows(data: bytes, mapping: Mapping[str, str] | None) -> Iterator[ListRow]:
    header = [h.lower() for h in _csv_header(data)]
    mapping = {k: v.lower() for k, v in (mapping or detect_mapping(header)).items()}
    if problem := _problem_with_mapping(mapping):
        raise ListFileError(problem)
    by_header = {column: field for field, column in mapping.items()}
    limits = {column: LIMITS[field] for column, field in by_header.items() if field in LIMITS}
    try:
        rows = read_rows(data, required=(), optional=by_header, limits=limits)
    except CsvFileError as exc:
        raise ListFileError(str(exc)) from exc
    for rad, row in enumerate(rows, start=1):
        if rad > MAX_ROWS:
            raise ListFileError(f"Filen har mer enn {MAX_ROWS} rader.")
        values = {by_header[column]: value for column, value in row.values.items()}
        yield _row(rad, values, row.problem)


def _xlsx_rows(data: bytes, mapping: Mapping[str, str] | None) -> Iterator[ListRow]:
    from openpyxl import load_workbook

    try:
        # Formulas are read as their text, never evaluated; a cell holding one makes its row bad.
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ListFileError("Kan ikke lese Excel-filen.") from exc
    try:
        # The first sheet whose first row has headers we know (an export may add a cover sheet).
        for sheet in book.worksheets:
            rows = sheet.iter_rows(values_only=True)
            header_cells = next(rows, None) or ()
            header = ["" if c is None else str(c).strip() for c in header_cells]
            found = mapping or detect_mapping(header)
            if _problem_with_mapping(found) is None:
                break
        else:
            raise ListFileError(_problem_with_mapping({}))
        index = {
            field: [h.lower() for h in header].index(column.lower())
            for field, column in found.items()
            if column.lower() in [h.lower() for h in header]
        }
        rad = 0
        for cells in rows:
            if not any(c not in (None, "") for c in cells):
                continue
            rad += 1
            if rad > MAX_ROWS:
                raise ListFileError(f"Filen har mer enn {MAX_ROWS} rader.")
            values, problem = {}, None
            for field, position in index.items():
                value = cells[position] if position < len(cells) else None
                if isinstance(value, str):
                    value = value.strip()
                    if value.startswith("="):
                        problem = problem or f"formel i feltet {header[position]}"
                    elif CONTROL_CHARACTERS.search(value) or "\x00" in value:
                        problem = problem or f"ugyldig tegn i feltet {header[position]}"
                    elif field in LIMITS and len(value) > LIMITS[field]:
                        problem = problem or f"{header[position]} er for lang"
                elif isinstance(value, float) and value.is_integer():
                    value = str(int(value))
                values[field] = (
                    value
                    if isinstance(value, dt.date)
                    else ("" if value is None else str(value))
                    if field != "fodselsdato"
                    else value
                )
            yield _row(rad, {k: v for k, v in values.items()}, problem)
    finally:
        book.close()


def read_list(
    data: bytes, file_name: str, mapping: Mapping[str, str] | None = None
) -> Iterator[ListRow]:
    """The rows of a list file; ListFileError when the file as a whole cannot be read."""
    if _check_file(data, file_name):
        return _xlsx_rows(data, mapping)
    return _csv_rows(data, mapping)


def _check_file(data: bytes, file_name: str) -> bool:
    """True for an XLSX file; ListFileError when the file cannot be a list at all."""
    if not data.strip():
        raise ListFileError("Filen er tom.")
    if len(data) > MAX_FILE_BYTES:
        raise ListFileError(f"Filen er større enn {MAX_FILE_BYTES // (1024 * 1024)} MB.")
    if data[:2] == b"PK" or file_name.lower().endswith(".xlsx"):
        return True
    if b"\x00" in data.split(b"\n", 1)[0]:
        raise ListFileError("Filen ser ikke ut til å være en CSV- eller Excel-fil.")
    return False


def read_header(data: bytes, file_name: str) -> list[str]:
    """The column headers, for the user to confirm or correct the mapping: in an XLSX, of the
    first sheet whose headers we recognise (else the first sheet's)."""
    if not _check_file(data, file_name):
        return [h for h in _csv_header(data) if h][:50]
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ListFileError("Kan ikke lese Excel-filen.") from exc
    try:
        first = None
        for sheet in book.worksheets:
            cells = next(sheet.iter_rows(values_only=True, max_row=1), None) or ()
            header = [str(c).strip()[:100] for c in cells if c not in (None, "")][:50]
            first = header if first is None else first
            if _problem_with_mapping(detect_mapping(header)) is None:
                return header
        return first or []
    finally:
        book.close()


def mapping_is_complete(header: list[str]) -> bool:
    """Every header is one we know and the needed ones are there: no need to ask the user."""
    mapping = detect_mapping(header)
    return _problem_with_mapping(mapping) is None and len(mapping) == len(header)


def mapping_problem(mapping: Mapping[str, str]) -> str | None:
    return _problem_with_mapping(mapping)
