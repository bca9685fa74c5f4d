from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.services import USER_COLUMNS, user_limits, users_import
from nav_ot.csvimport import load_rows, print_report


class Command(BaseCommand):
    help = (
        "Importer brukere fra CSV (kolonner: brukernavn,fornavn,etternavn,rolle,enhet,epost). "
        "Kan kjøres på nytt: eksisterende brukere oppdateres. --password gis bare til nye brukere; "
        "uten den må en administrator sette passord."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV-fil")
        parser.add_argument("--password", help="passord for nye brukere")

    def handle(self, *args, file, password=None, **options):
        if password is not None:
            try:
                validate_password(password)
            except ValidationError as error:
                raise CommandError(
                    "For svakt passord: " + " ".join(error.messages), returncode=2
                ) from error
        rows = load_rows(file, required=USER_COLUMNS, limits=user_limits())
        print_report(self, users_import(rows=rows, password=password))
