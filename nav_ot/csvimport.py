"""Defensive reading of CSV exports: encodings, delimiters, headers and line numbers.

Exports from NAV's and OT's systems arrive as UTF-8 (with or without BOM), Windows-1252,
comma- or semicolon-separated. Every row keeps the line number it had in the file so that
problems can be reported the way a person would look them up.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.core.management.base import CommandError

MAX_BYTES = 50 * 1024 * 1024


class CsvFileError(Exception):
    """The file as a whole cannot be read (missing, too big, wrong columns)."""


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, str]
    problem: str | None = None  # set when the row cannot be trusted as a whole

    def get(self, column: str) -> str:
        return self.values.get(column, "")


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    def error(self, line: int, message: str) -> None:
        self.errors.append((line, message))

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        return (
            f"{self.created} nye, {self.updated} oppdatert, {self.unchanged} uendret, "
            f"{len(self.errors)} linjer med feil."
        )


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def read_rows(
    source: str | Path | bytes, *, required: Iterable[str], optional: Iterable[str] = ()
) -> Iterator[Row]:
    """Yield rows with lower-cased, trimmed column names and trimmed values."""
    if isinstance(source, bytes):
        raw = source
    else:
        path = Path(source)
        if not path.is_file():
            raise CsvFileError(f"Finner ikke filen {path}.")
        if path.stat().st_size > MAX_BYTES:
            raise CsvFileError(f"Filen er større enn {MAX_BYTES // (1024 * 1024)} MB.")
        raw = path.read_bytes()
    if b"\x00" in raw[:4096]:
        raise CsvFileError("Filen ser ikke ut til å være en CSV-fil (binært innhold).")
    text = _decode(raw)
    if not text.strip():
        raise CsvFileError("Filen er tom.")

    first_line = text.splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [column.strip().lower() for column in next(reader)]
    repeated = sorted({column for column in header if column and header.count(column) > 1})
    if repeated:
        raise CsvFileError("Kolonne(r) står mer enn én gang: " + ", ".join(repeated))
    required = list(required)
    missing = [column for column in required if column not in header]
    if missing:
        raise CsvFileError(
            "Mangler kolonne(r): " + ", ".join(missing) + ". Forventet: " + ",".join(required)
        )
    known = set(required) | set(optional)
    next_line = reader.line_num + 1
    for cells in reader:
        # A quoted value may span several physical lines: report where the row starts.
        line, next_line = next_line, reader.line_num + 1
        if not any(cell.strip() for cell in cells):
            continue
        values = {
            column: (cells[index].strip() if index < len(cells) else "")
            for index, column in enumerate(header)
            if column in known
        }
        problem = None
        if any(cell.strip() for cell in cells[len(header) :]):
            problem = (
                f"{len(cells)} verdier, men {len(header)} kolonner "
                "(en verdi med skilletegn må stå i anførselstegn)"
            )
        yield Row(line=line, values=values, problem=problem)


def print_report(command, report: ImportReport) -> None:
    """Write a report the way every import command does; exit code 1 when rows failed."""

    for line, message in report.errors:
        command.stderr.write(f"Linje {line}: {message}")
    command.stdout.write(report.summary())
    if report.errors:
        raise CommandError("Noen linjer ble ikke importert (se over).", returncode=1)


def load_rows(path: str, *, required: Iterable[str], optional: Iterable[str] = ()) -> list[Row]:
    """Read a whole file for a management command; unreadable files end the command (exit 2)."""

    try:
        return list(read_rows(path, required=required, optional=optional))
    except (CsvFileError, csv.Error) as exc:
        raise CommandError(f"Kan ikke lese {path}: {exc}", returncode=2) from exc
