from django.core.management.base import BaseCommand, CommandError

from accounts.models import Unit, User
from cases.access import log_access, youths_cases
from cases.guarantees import deadlines_as_of
from cases.management.commands.sweep_guarantees import parse_day
from cases.models import AccessLog
from nav_ot.exports import write_csv

COLUMNS = ["fnr", "garanti", "startdato", "frist", "status", "oppfylt_dato"]


class Command(BaseCommand):
    help = "Skriv garantifristene som CSV (fnr,garanti,startdato,frist,status,oppfylt_dato)."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="dato fristene vurderes per (ÅÅÅÅ-MM-DD)")
        parser.add_argument("--kontor", help="bare vedtak fra dette NAV-kontoret (kode)")
        parser.add_argument("--out", help="fil å skrive til; standard er standard ut")
        parser.add_argument(
            "--bruker",
            required=True,
            help="brukernavnet til den som tar ut fristene (føres i tilgangsloggen per ungdom)",
        )

    def handle(self, *args, today=None, kontor=None, out=None, bruker="", **options):
        user = User.objects.filter(username__iexact=bruker, is_active=True).first()
        if user is None:
            raise CommandError(f"Fant ingen aktiv bruker «{bruker}».", returncode=2)
        day = parse_day(today)
        if (
            kontor
            and not Unit.objects.filter(kode__iexact=kontor, type=Unit.Type.NAV_KONTOR).exists()
        ):
            raise CommandError(f"Fant ikke NAV-kontoret «{kontor}».", returncode=2)
        rows = deadlines_as_of(today=day, kontor=kontor)
        shown = youths_cases(youth__fnr__in=[row.fnr for row in rows])
        log_access(user, shown, AccessLog.Action.EXPORT, "manage.py export_deadlines")
        if out:
            with open(out, "w", newline="", encoding="utf-8") as handle:
                _write(handle, rows)
            self.stderr.write(f"{len(rows)} frister skrevet til {out}.")
        else:
            _write(_Lines(self.stdout), rows)


def _write(stream, rows) -> None:
    """Through the one export writer, which neutralises formula-like text."""
    write_csv(
        stream,
        COLUMNS,
        (
            [row.fnr, row.garanti, row.startdato, row.frist, row.status, row.oppfylt_dato]
            for row in rows
        ),
        lineterminator="\n",
    )


class _Lines:
    """CSV target that writes through the command's stdout without extra newlines."""

    def __init__(self, stream):
        self.stream = stream

    def write(self, text):
        self.stream.write(text, ending="")
