import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cases.guarantees import sweep


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
        result = sweep(today=parse_day(today))
        self.stdout.write(f"{result.created} nye frister, {result.changed} endret status.")
