import os

from django.core.management.base import BaseCommand, CommandError

from nav_ot.demo import demo_data_present, demo_seed
from nav_ot.demo_accounts import DEMO_LOGINS, DEMO_PASSWORD


class Command(BaseCommand):
    help = (
        "Last inn demodata: fylker, NAV-kontor, OT-enheter, brukere i alle roller og ungdommer "
        "med gyldige fødselsnummer. Samme --seed gir samme data; kan kjøres på nytt uten duplikater."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--youth", type=int, default=300, help="antall ungdommer (standard 300)"
        )
        parser.add_argument("--seed", type=int, default=2026, help="frø for tilfeldige data")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="gjør ingenting hvis databasen har enheter fra før",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="last demodata også i en ekstern database (DATABASE_URL satt)",
        )

    def handle(self, *args, youth, seed, if_empty, force, **options):
        if youth < 0 or youth > 100_000:
            raise CommandError("--youth må være mellom 0 og 100000.")
        # Demo data brings a known admin password: never into a real database by accident.
        if os.environ.get("DATABASE_URL") and not force:
            raise CommandError(
                "DATABASE_URL er satt: demodata lastes bare i den innebygde databasen. "
                "Bruk --force hvis dette virkelig er en demo- eller testdatabase."
            )
        if if_empty and demo_data_present():
            self.stdout.write("Databasen har data fra før; demodata lastes ikke på nytt.")
            return
        result = demo_seed(youth=youth, seed=seed)
        self.stdout.write(
            f"Demodata klar: {result.units} enheter, {result.users} brukere, {result.youth} ungdommer, "
            f"{result.cases} nye saker."
        )
        self.stdout.write(
            f"Innlogginger (passord {DEMO_PASSWORD}): " + ", ".join(u for u, _ in DEMO_LOGINS)
        )
