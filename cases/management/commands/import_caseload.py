from django.core.management.base import BaseCommand

from cases.imports import CASELOAD_COLUMNS, CASELOAD_OPTIONAL, caseload_import, caseload_limits
from nav_ot.csvimport import load_rows, print_report


class Command(BaseCommand):
    help = (
        "Importer et kontors saksportefølje fra CSV: fnr,fornavn,etternavn,nav_kontor,innsatsgruppe,vedtak_dato,"
        "aktivitetsplan_godkjent_dato[,veileder,hovedmal]; én linje per vedtak, datoer ÅÅÅÅ-MM-DD. "
        "Kan kjøres på nytt uten å endre noe. --dry-run sjekker bare."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="sjekk filen uten å lagre noe")

    def handle(self, *args, file, dry_run=False, **options):
        rows = load_rows(
            file, required=CASELOAD_COLUMNS, optional=CASELOAD_OPTIONAL, limits=caseload_limits()
        )
        report = caseload_import(rows=rows, dry_run=dry_run)
        if dry_run:
            self.stdout.write("Tørrkjøring: ingenting ble lagret.")
        print_report(self, report)
