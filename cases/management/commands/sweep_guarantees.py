import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cases.guarantees import sweep
from nav_ot import outbox


def parse_day(value: str | None) -> dt.date:
    if not value:
        return timezone.localdate()
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Ugyldig dato «{value}»; bruk ÅÅÅÅ-MM-DD.", returncode=2) from exc


class Command(BaseCommand):
    help = "Oppdater alle garantifrister per i dag (eller --today). Samme dag to ganger endrer ingenting."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="dato (ÅÅÅÅ-MM-DD), standard er dagens dato i Oslo")

    def handle(self, *args, today=None, **options):
        with outbox.failures() as failed:
            result = sweep(today=parse_day(today))
        self.stdout.write(f"{result.created} nye frister, {result.changed} endret status.")
        # The sweep is committed and the varsler are in the outbox, so this is no failure (exit 0).
        if failed:
            self.stderr.write(
                "Advarsel: meldingskøen svarer ikke. Varslene er lagret og sendes på e-post "
                "når den periodiske jobben kjører igjen."
            )
