import csv

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Unit
from cases.guarantees import deadlines_as_of
from cases.management.commands.sweep_guarantees import parse_day

COLUMNS = ["fnr", "garanti", "startdato", "frist", "status", "oppfylt_dato"]


class Command(BaseCommand):
    help = "Skriv garantifristene som CSV (fnr,garanti,startdato,frist,status,oppfylt_dato)."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="dato fristene vurderes per (ÅÅÅÅ-MM-DD)")
        parser.add_argument("--kontor", help="bare vedtak fra dette NAV-kontoret (kode)")
        parser.add_argument("--out", help="fil å skrive til; standard er standard ut")

    def handle(self, *args, today=None, kontor=None, out=None, **options):
        day = parse_day(today)
        if (
            kontor
            and not Unit.objects.filter(kode__iexact=kontor, type=Unit.Type.NAV_KONTOR).exists()
        ):
            raise CommandError(f"Fant ikke NAV-kontoret «{kontor}».", returncode=2)
        rows = deadlines_as_of(today=day, kontor=kontor)
        if out:
            with open(out, "w", newline="", encoding="utf-8") as handle:
                _write(csv.writer(handle, lineterminator="\n"), rows)
            self.stderr.write(f"{len(rows)} frister skrevet til {out}.")
        else:
            _write(csv.writer(_Lines(self.stdout), lineterminator="\n"), rows)


def _write(writer, rows) -> None:
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(
            [
                row.fnr,
                row.garanti,
                row.startdato.isoformat(),
                row.frist.isoformat() if row.frist else "",
                row.status,
                row.oppfylt_dato.isoformat() if row.oppfylt_dato else "",
            ]
        )


class _Lines:
    """csv.writer target that writes through the command's stdout without extra newlines."""

    def __init__(self, stream):
        self.stream = stream

    def write(self, text):
        self.stream.write(text, ending="")
