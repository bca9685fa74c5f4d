import json

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Unit
from cases.guarantees.indicators import guarantee_indicators
from cases.management.commands.sweep_guarantees import parse_day


class Command(BaseCommand):
    help = "Tildelingsbrev-indikatorene for et NAV-kontor og en periode, som JSON."

    def add_arguments(self, parser):
        parser.add_argument("--kontor", required=True, help="NAV-kontorets kode")
        parser.add_argument("--fra", required=True, help="første dag (ÅÅÅÅ-MM-DD)")
        parser.add_argument("--til", required=True, help="siste dag (ÅÅÅÅ-MM-DD)")

    def handle(self, *args, kontor, fra, til, **options):
        fra_dag, til_dag = parse_day(fra), parse_day(til)
        if til_dag < fra_dag:
            raise CommandError("--til kan ikke være før --fra.", returncode=2)
        unit = Unit.objects.filter(kode__iexact=kontor, type=Unit.Type.NAV_KONTOR).first()
        if unit is None:
            raise CommandError(f"Fant ikke NAV-kontoret «{kontor}».", returncode=2)
        report = {"kontor": unit.kode, "fra": fra_dag.isoformat(), "til": til_dag.isoformat()}
        report.update(guarantee_indicators(kontor_id=unit.pk, fra=fra_dag, til=til_dag))
        self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
