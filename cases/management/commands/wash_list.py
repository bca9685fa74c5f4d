from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Unit, User
from cases.washing import ListFileError, wash_file, write_result

# Exports are logged per person; a run from the command line without --bruker is logged on
# this account (inactive, cannot log in).
SYSTEM_USERNAME = "system.listevask"


class Command(BaseCommand):
    help = (
        "Vask OTs liste mot registeret og skriv NAVs arbeidsfil "
        "(rad,fnr,navn,resultat,svar,sak,treff_fnr) eller, med --for-ot, OTs fil "
        "(rad,fnr,navn,resultat,svar)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="OTs liste (CSV eller XLSX)")
        parser.add_argument("--ot-enhet", required=True, help="OT-enhetens kode")
        parser.add_argument("--out", help="fil å skrive til; standard er standard ut")
        parser.add_argument("--for-ot", action="store_true", help="skriv OTs fil")
        parser.add_argument("--bruker", help="brukernavnet eksporten logges på")

    def handle(self, *args, file, ot_enhet, out=None, for_ot=False, bruker=None, **options):
        unit = Unit.objects.filter(kode__iexact=ot_enhet, type=Unit.Type.OT_ENHET).first()
        if unit is None:
            raise CommandError(f"Fant ikke OT-enheten «{ot_enhet}».", returncode=2)
        user = self._user(bruker)
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Finner ikke filen {file}.", returncode=2)
        try:
            session = wash_file(
                user=user, ot_enhet=unit, data=path.read_bytes(), file_name=path.name
            )
        except ListFileError as exc:
            raise CommandError(f"Kan ikke lese {file}: {exc}", returncode=2) from exc
        if out:
            with open(out, "w", newline="", encoding="utf-8") as handle:
                write_result(handle, session, user=user, for_ot=for_ot)
        else:
            write_result(_Lines(self.stdout), session, user=user, for_ot=for_ot)
        counts = ", ".join(f"{name} {count}" for name, count in session.counts.items())
        self.stderr.write(f"Listevask {session.id}: {counts}.")
        for rad, problem in session.rows.exclude(problem="").values_list("rad", "problem")[:200]:
            self.stderr.write(f"Rad {rad}: {problem}")

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
