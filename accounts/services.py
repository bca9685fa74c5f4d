"""Writes for organisation units and users: onboarding a county from CSV files."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import DataError, IntegrityError, transaction

from accounts.models import Role, Unit, User, role_unit_problem
from nav_ot.csvimport import ImportReport, Row, database_refusal, field_limits

UNIT_COLUMNS = ("type", "kode", "navn", "overordnet")
USER_COLUMNS = ("brukernavn", "fornavn", "etternavn", "rolle", "enhet", "epost")


def unit_limits() -> dict[str, int]:
    return field_limits(
        {
            "type": (Unit, "type"),
            "kode": (Unit, "kode"),
            "navn": (Unit, "navn"),
            "overordnet": (Unit, "kode"),
            "kommune": (Unit, "kommune"),
        }
    )


def user_limits() -> dict[str, int]:
    return field_limits(
        {
            "brukernavn": (User, "username"),
            "fornavn": (User, "first_name"),
            "etternavn": (User, "last_name"),
            "rolle": (User, "role"),
            "enhet": (Unit, "kode"),
            "epost": (User, "email"),
        }
    )


# Parents before children, whatever the order in the file.
_UNIT_ORDER = {
    Unit.Type.FYLKE: 0,
    Unit.Type.NAV_KONTOR: 1,
    Unit.Type.OT_ENHET: 1,
    Unit.Type.TEAM: 2,
}


def _messages(error: ValidationError, model) -> str:
    if not hasattr(error, "message_dict"):
        return " ".join(error.messages)

    def label(name: str) -> str:
        return "" if name == "__all__" else f"{model._meta.get_field(name).verbose_name}: "

    return "; ".join(f"{label(name)}{' '.join(msgs)}" for name, msgs in error.message_dict.items())


def _save_row(instance, fields: dict, report: ImportReport, line: int) -> None:
    """Save one row in its own transaction; whatever it is refused for is reported by line."""
    try:
        with transaction.atomic():
            _save_if_changed(instance, fields, report)
    except ValidationError as error:
        report.error(line, _messages(error, type(instance)))
    except (DataError, IntegrityError) as error:
        report.error(line, database_refusal(error))


def _save_if_changed(instance, fields: dict, report: ImportReport) -> None:
    is_new = instance.pk is None
    changed = is_new or any(getattr(instance, name) != value for name, value in fields.items())
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    if not changed:
        report.unchanged += 1
        return
    instance.save()
    if is_new:
        report.created += 1
    else:
        report.updated += 1


def units_import(*, rows: Iterable[Row]) -> ImportReport:
    """Create or update units by kode. Bad rows are reported; the rest are imported."""
    report = ImportReport()
    seen: dict[str, int] = {}
    valid: list[tuple[int, Row, str]] = []
    for row in rows:
        if row.problem:
            report.error(row.line, row.problem)
            continue
        unit_type = row.get("type").lower().replace("-", "_")
        kode = row.get("kode")
        if unit_type not in Unit.Type.values:
            report.error(
                row.line,
                f"ukjent type «{row.get('type')}» (gyldige: {', '.join(Unit.Type.values)})",
            )
            continue
        if not kode:
            report.error(row.line, "kode mangler")
            continue
        if kode.lower() in seen:
            report.error(row.line, f"koden «{kode}» står allerede på linje {seen[kode.lower()]}")
            continue
        seen[kode.lower()] = row.line
        valid.append((_UNIT_ORDER[unit_type], row, unit_type))

    for _, row, unit_type in sorted(valid, key=lambda item: (item[0], item[1].line)):
        kode, parent_kode = row.get("kode"), row.get("overordnet")
        parent = None
        if parent_kode:
            parent = Unit.objects.filter(kode__iexact=parent_kode).first()
            if parent is None:
                report.error(row.line, f"overordnet enhet «{parent_kode}» finnes ikke")
                continue
        unit = Unit.objects.filter(kode__iexact=kode).first() or Unit(kode=kode)
        fields = {"type": unit_type, "navn": row.get("navn"), "parent": parent}
        if "kommune" in row.values:
            fields["kommune"] = row.get("kommune")
        _save_row(unit, fields, report, row.line)
    report.errors.sort()
    return report


def users_import(*, rows: Iterable[Row], password: str | None = None) -> ImportReport:
    """Create or update users by brukernavn. `password` is given to new users only."""
    report = ImportReport()
    seen: dict[str, int] = {}
    units = {unit.kode.lower(): unit for unit in Unit.objects.all()}
    for row in rows:
        if row.problem:
            report.error(row.line, row.problem)
            continue
        username = row.get("brukernavn")
        role = row.get("rolle").lower()
        unit_kode = row.get("enhet")
        email = row.get("epost")
        if not username:
            report.error(row.line, "brukernavn mangler")
            continue
        if username.lower() in seen:
            report.error(
                row.line,
                f"brukernavnet «{username}» står allerede på linje {seen[username.lower()]}",
            )
            continue
        seen[username.lower()] = row.line
        if role not in Role.values:
            report.error(
                row.line, f"ukjent rolle «{row.get('rolle')}» (gyldige: {', '.join(Role.values)})"
            )
            continue
        unit = units.get(unit_kode.lower()) if unit_kode else None
        if unit_kode and unit is None:
            report.error(row.line, f"enheten «{unit_kode}» finnes ikke")
            continue
        if problem := role_unit_problem(role, unit):
            report.error(row.line, problem)
            continue
        if email:
            try:
                validate_email(email)
            except ValidationError:
                report.error(row.line, f"ugyldig e-postadresse «{email}»")
                continue
        if not row.get("fornavn") or not row.get("etternavn"):
            report.error(row.line, "fornavn og etternavn må fylles ut")
            continue

        user = User.objects.filter(username__iexact=username).first()
        is_new = user is None
        if is_new:
            user = User(username=username)
            if password:
                user.set_password(password)
            else:
                user.set_unusable_password()
        is_admin = role == Role.ADMIN
        fields = {
            "first_name": row.get("fornavn"),
            "last_name": row.get("etternavn"),
            "email": email,
            "role": role,
            "unit": unit,
            "is_staff": is_admin,
            "is_superuser": is_admin,
        }
        _save_row(user, fields, report, row.line)
    return report
