"""Defensive reading of CSV exports: encodings, delimiters, headers and line numbers.

Exports from NAV's and OT's systems arrive as UTF-8 (with or without BOM), Windows-1252,
comma- or semicolon-separated. Every row keeps the line number it had in the file so that
problems can be reported the way a person would look them up.

The file is streamed: one physical line at a time, so a file of a million rows costs the memory
of one row. A row that cannot be trusted (an unclosed quote, too few or too many values, a
control character, a value longer than its column) still comes out, with `problem` set, so the
caller reports it by line and goes on with the good rows.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from django.core.management.base import CommandError

MAX_BYTES = 2 * 1024 * 1024 * 1024
# A quoted value may hold line breaks, but not more than this many lines: past it, the quote was
# never closed and would otherwise swallow the rest of the file.
MAX_LINES_PER_ROW = 10
# Errors printed in full; the rest are only counted by kind.
MAX_ERRORS_SHOWN = 200

# Line breaks and tabs may stand inside a quoted value; no other control character may.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class CsvFileError(Exception):
    """The file as a whole cannot be read (missing, too big, wrong columns)."""


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, str]
    problem: str | None = None  # set when the row cannot be trusted as a whole

    def get(self, column: str) -> str:
        return self.values.get(column, "")


def _kind(message: str) -> str:
    """The message without its particulars, so errors can be counted by kind."""
    return re.sub(r"\d+", "N", re.sub(r"«[^»]*»", "«…»", message))


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # the first MAX_ERRORS_SHOWN
    error_count: int = 0
    error_kinds: Counter = field(default_factory=Counter)

    def error(self, line: int, message: str) -> None:
        self.error_count += 1
        self.error_kinds[_kind(message)] += 1
        if len(self.errors) < MAX_ERRORS_SHOWN:
            self.errors.append((line, message))

    @property
    def ok(self) -> bool:
        return not self.error_count

    def summary(self) -> str:
        return (
            f"{self.created} nye, {self.updated} oppdatert, {self.unchanged} uendret, "
            f"{self.error_count} linjer med feil."
        )


def _encoding(path: Path) -> str:
    """The first of UTF-8 and Windows-1252 that decodes the whole file, read in blocks."""
    for encoding in ("utf-8-sig", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as raw:
                while block := raw.read(1024 * 1024):
                    decoder.decode(block)
                decoder.decode(b"", final=True)
            return encoding
        except UnicodeDecodeError:
            continue
    return "latin-1"


def _open(source: str | Path | bytes) -> io.TextIOBase:
    if isinstance(source, bytes):
        for encoding in ("utf-8-sig", "cp1252", "latin-1"):
            try:
                return io.StringIO(source.decode(encoding), newline="")
            except UnicodeDecodeError:
                continue
    path = Path(source)
    if not path.is_file():
        raise CsvFileError(f"Finner ikke filen {path}.")
    if path.stat().st_size > MAX_BYTES:
        raise CsvFileError(f"Filen er større enn {MAX_BYTES // (1024 * 1024)} MB.")
    return path.open(encoding=_encoding(path), newline="")


def _records(
    lines: Iterable[str], delimiter: str, width: int
) -> Iterator[tuple[int, list[str] | None]]:
    """(line number, cells) per record; cells None where a quote opened on that line never closes.

    A quoted value that runs past MAX_LINES_PER_ROW lines or the end of the file, or that spans
    lines and leaves the record with the wrong number of values, is taken for a quote that was
    never closed. The lines it took in are read again as records of their own, so one stray
    quote costs one row, not the rest of the file.
    """
    numbered = enumerate(lines, start=2)
    again: deque[tuple[int, str]] = deque()
    while (item := again.popleft() if again else next(numbered, None)) is not None:
        start, text = item
        if '"' not in text:
            yield start, text.rstrip("\r\n").split(delimiter)
            continue
        taken: list[tuple[int, str]] = []
        while (cells := _complete(text, taken, delimiter)) is None and len(
            taken
        ) < MAX_LINES_PER_ROW - 1:
            more = again.popleft() if again else next(numbered, None)
            if more is None:
                break
            taken.append(more)
        if cells is None or (taken and len(cells) != width):
            yield start, None
            again.extendleft(reversed(taken))
        else:
            yield start, cells


def _complete(text: str, taken: list[tuple[int, str]], delimiter: str) -> list[str] | None:
    """The cells of the record; None while a quoted value is still open, or while a value that
    spans lines is malformed (the quote that opened it was not the one that closed it)."""
    lines = [text, *(line for _, line in taken)]
    try:
        return next(csv.reader(lines, delimiter=delimiter, strict=True), [])
    except csv.Error as error:
        if taken or "unexpected end of data" in str(error):
            return None
    # Only strictness failed (a quote inside an unquoted value): read it as the csv module does.
    return next(csv.reader(lines, delimiter=delimiter), [])


def _problem(
    cells: list[str], header: list[str], required: set[str], limits: Mapping[str, int]
) -> str | None:
    # A short row has lost values, unless only optional columns are missing: exports leave out
    # the trailing empty ones.
    if missing := [column for column in header[len(cells) :] if column in required]:
        return "mangler verdier for kolonnene " + ", ".join(missing)
    if any(cell.strip() for cell in cells[len(header) :]):
        return (
            f"{len(cells)} verdier, men {len(header)} kolonner "
            "(en verdi med skilletegn må stå i anførselstegn)"
        )
    for column, cell in zip(header, cells, strict=False):
        if CONTROL_CHARACTERS.search(cell):
            return f"ugyldig tegn i feltet {column}"
        limit = limits.get(column)
        if limit is not None and len(cell.strip()) > limit:
            return f"{column} er for lang: {len(cell.strip())} tegn, høyst {limit}"
    return None


def read_rows(
    source: str | Path | bytes,
    *,
    required: Iterable[str],
    optional: Iterable[str] = (),
    limits: Mapping[str, int] | None = None,
) -> Iterator[Row]:
    """Rows with lower-cased, trimmed column names and trimmed values, streamed from the file.

    The file and its header are checked before this returns (CsvFileError); the rows are read
    as they are asked for. `limits` gives a column's longest allowed value.
    """
    text = _open(source)
    try:
        first_line = text.readline()
        if "\x00" in first_line:
            raise CsvFileError("Filen ser ikke ut til å være en CSV-fil (binært innhold).")
        if not first_line.strip():
            raise CsvFileError("Filen er tom.")
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
        header = [c.strip().lower() for c in next(csv.reader([first_line], delimiter=delimiter))]
        repeated = sorted({column for column in header if column and header.count(column) > 1})
        if repeated:
            raise CsvFileError("Kolonne(r) står mer enn én gang: " + ", ".join(repeated))
        required = list(required)
        missing = [column for column in required if column not in header]
        if missing:
            raise CsvFileError(
                "Mangler kolonne(r): " + ", ".join(missing) + ". Forventet: " + ",".join(required)
            )
    except BaseException:
        text.close()
        raise
    return _rows(text, header, set(required), set(optional), limits or {}, delimiter)


def _rows(
    text: io.TextIOBase,
    header: list[str],
    required: set[str],
    optional: set[str],
    limits: Mapping[str, int],
    delimiter: str,
) -> Iterator[Row]:
    known = required | optional
    with text:
        for line, cells in _records(text, delimiter, len(header)):
            if cells is None:
                yield Row(line=line, values={}, problem="uavsluttet anførselstegn")
                continue
            if not any(cell.strip() for cell in cells):
                continue
            values = {
                column: (cells[index].strip() if index < len(cells) else "")
                for index, column in enumerate(header)
                if column in known
            }
            yield Row(line=line, values=values, problem=_problem(cells, header, required, limits))


def database_refusal(error: Exception) -> str:
    """The message for a row the database refused: a rule the row checks did not know."""
    reason = (str(error).strip().splitlines() or ["ukjent feil"])[0]
    return f"databasen avviste linjen ({reason})"


def field_limits(columns: Mapping[str, tuple[type, str]]) -> dict[str, int]:
    """Each column's longest value, read from the model field it is stored in."""
    return {
        column: model._meta.get_field(name).max_length for column, (model, name) in columns.items()
    }


def print_report(command, report: ImportReport) -> None:
    """Write a report the way every import command does; exit code 1 when rows failed."""

    for line, message in report.errors:
        command.stderr.write(f"Linje {line}: {message}")
    if report.error_count > len(report.errors):
        command.stderr.write(
            f"… og {report.error_count - len(report.errors)} linjer til med feil. Feil etter type:"
        )
        for kind, count in report.error_kinds.most_common():
            command.stderr.write(f"{count:>9} × {kind}")
    command.stdout.write(report.summary())
    if report.error_count:
        raise CommandError("Noen linjer ble ikke importert (se over).", returncode=1)


def load_rows(
    path: str,
    *,
    required: Iterable[str],
    optional: Iterable[str] = (),
    limits: Mapping[str, int] | None = None,
) -> Iterator[Row]:
    """Open a file for a management command; unreadable files end the command (exit 2)."""

    try:
        return read_rows(path, required=required, optional=optional, limits=limits)
    except (CsvFileError, csv.Error, OSError) as exc:
        raise CommandError(f"Kan ikke lese {path}: {exc}", returncode=2) from exc
