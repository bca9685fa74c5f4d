from django.core.management.base import BaseCommand

from measures.imports import COLUMNS, LIMITS, gjennomforinger_import
from nav_ot.csvimport import load_rows, print_report


class Command(BaseCommand):
    help = (
        "Importer gjennomføringer fra en katalogfil (CSV, ; eller ,; kolonner: "
        + ",".join(COLUMNS)
        + "). enheter er enhetskoder skilt med komma; datoer dd.mm.åååå. Kan kjøres på nytt: "
        "samme tiltakskode, organisasjonsnummer, navn og startdato oppdaterer periode, plasser og "
        "enheter. Feil rapporteres per linje; de gode linjene importeres."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV-fil")

    def handle(self, *args, file, **options):
        rows = load_rows(file, required=COLUMNS, limits=LIMITS)
        print_report(self, gjennomforinger_import(rows=rows))
