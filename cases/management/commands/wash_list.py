from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Unit, User
from cases.washing import ListFileError, wash_file, wash_register, write_result

# Exports are logged per person; a run from the command line without --bruker is logged on
# this account (inactive, cannot log in).
SYSTEM_USERNAME = "system.listevask"


class Command(BaseCommand):
    help = (
        "Vask OTs liste mot registeret og skriv NAVs arbeidsfil "
        "(rad,fnr,navn,resultat,svar,sak,treff_fnr) eller, med --for-ot, OTs fil "
        "(rad,fnr,navn,resultat,svar). Med --nav-kontor KODE er FILE NAVs liste for det "
        "NAV-kontoret, vasket mot OTs oppfølging i OT-enheten (samme fylke): begge har OTs svar, "
        "kun_nav er NAVs rader OT ikke følger, kun_ot er OTs ungdommer som mangler på listen. "
        "Med --trekant og uten FILE vaskes ungdommene som allerede er i Trekant: OT-enhetens "
        "(eller, med --nav-kontor, NAV-kontorets) egne ungdommer mot den andre sidens oppfølging."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", nargs="?", help="listen (CSV eller XLSX); utelates med --trekant"
        )
        parser.add_argument("--ot-enhet", required=True, help="OT-enhetens kode")
        parser.add_argument(
            "--nav-kontor", help="NAV-kontorets kode: listen er NAVs (samme fylke som OT-enheten)"
        )
        parser.add_argument(
            "--trekant",
            action="store_true",
            help="vask ungdommene som allerede er i Trekant, uten fil",
        )
        parser.add_argument("--out", help="fil å skrive til; standard er standard ut")
        parser.add_argument("--for-ot", action="store_true", help="skriv OTs fil")
        parser.add_argument("--bruker", help="brukernavnet eksporten logges på")

    def handle(
        self,
        *args,
        file,
        ot_enhet,
        nav_kontor=None,
        trekant=False,
        out=None,
        for_ot=False,
        bruker=None,
        **options,
    ):
        unit = Unit.objects.filter(kode__iexact=ot_enhet, type=Unit.Type.OT_ENHET).first()
        if unit is None:
            raise CommandError(f"Fant ikke OT-enheten «{ot_enhet}».", returncode=2)
        office = None
        if nav_kontor:
            office = Unit.objects.filter(kode__iexact=nav_kontor, type=Unit.Type.NAV_KONTOR).first()
            if office is None:
                raise CommandError(f"Fant ikke NAV-kontoret «{nav_kontor}».", returncode=2)
        if trekant == bool(file):
            raise CommandError("Oppgi enten en fil eller --trekant.", returncode=2)
        user = self._user(bruker)
        try:
            if trekant:
                session = wash_register(user=user, ot_enhet=unit, nav_kontor=office)
            else:
                session = self._wash_file(user, unit, office, file)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages), returncode=2) from exc
        if out:
            with open(out, "w", newline="", encoding="utf-8") as handle:
                write_result(handle, session, user=user, for_ot=for_ot)
        else:
            write_result(_Lines(self.stdout), session, user=user, for_ot=for_ot)
        counts = ", ".join(f"{name} {count}" for name, count in session.counts.items())
        self.stderr.write(f"Listevask {session.id}: {counts}.")
        for rad, problem in session.rows.exclude(problem="").values_list("rad", "problem")[:200]:
            self.stderr.write(f"Rad {rad}: {problem}")

    def _wash_file(self, user, unit, office, file):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Finner ikke filen {file}.", returncode=2)
        try:
            return wash_file(
                user=user,
                ot_enhet=unit,
                nav_kontor=office,
                data=path.read_bytes(),
                file_name=path.name,
            )
        except ListFileError as exc:
            raise CommandError(f"Kan ikke lese {file}: {exc}", returncode=2) from exc

    def _user(self, username):
        if username:
            user = User.objects.filter(username__iexact=username, is_active=True).first()
            if user is None:
                raise CommandError(f"Fant ikke brukeren «{username}».", returncode=2)
            return user
        user, created = User.objects.get_or_create(
            username=SYSTEM_USERNAME, defaults={"is_active": False}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        return user


class _Lines:
    """CSV target that writes through the command's stdout without extra newlines."""

    def __init__(self, stream):
        self.stream = stream

    def write(self, text):
        self.stream.write(text, ending="")
