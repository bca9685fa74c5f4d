from django.core.management.base import BaseCommand

from accounts.services import UNIT_COLUMNS, unit_limits, units_import
from nav_ot.csvimport import load_rows, print_report


class Command(BaseCommand):
    help = (
        "Importer enheter fra CSV (kolonner: type,kode,navn,overordnet[,kommune]; type er "
        "fylke|nav_kontor|ot_enhet|team; overordnet er kode til overordnet enhet). "
        "Kan kjøres på nytt: eksisterende enheter oppdateres."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV-fil")

    def handle(self, *args, file, **options):
        rows = load_rows(file, required=UNIT_COLUMNS, optional=("kommune",), limits=unit_limits())
        print_report(self, units_import(rows=rows))
