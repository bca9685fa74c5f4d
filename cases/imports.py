"""Onboarding an office's caseload from an export: youth, their case, §14a vedtak and plans."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import NAV_ROLES, Unit, User
from cases.models import (
    Aktivitetsplan,
    Case,
    CaseEvent,
    CaseStatus,
    Hovedmal,
    Innsatsgruppe,
    Vedtak14a,
    Youth,
)
from nav_ot.csvimport import ImportReport, Row
from nav_ot.identity import birth_date as fnr_birth_date
from nav_ot.identity import validate_fnr

CASELOAD_COLUMNS = (
    "fnr",
    "fornavn",
    "etternavn",
    "nav_kontor",
    "innsatsgruppe",
    "vedtak_dato",
    "aktivitetsplan_godkjent_dato",
)
CASELOAD_OPTIONAL = ("veileder", "hovedmal")


ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class RowError(Exception):
    pass


def _date(value: str, column: str, *, required: bool) -> dt.date | None:
    if not value:
        if required:
            raise RowError(f"{column} mangler")
        return None
    try:
        if not ISO_DATE.match(value):
            raise ValueError
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise RowError(f"{column} «{value}» er ikke en dato på formen ÅÅÅÅ-MM-DD") from None
    if day > timezone.localdate():
        raise RowError(f"{column} {value} er fram i tid")
    return day


def _parse(row: Row, offices: dict[str, Unit], users: dict[str, User]) -> dict:
    if row.problem:
        raise RowError(row.problem)
    fnr = "".join(row.get("fnr").split())
    try:
        validate_fnr(fnr)
    except ValidationError as error:
        raise RowError(" ".join(error.messages)) from None
    if not row.get("fornavn") or not row.get("etternavn"):
        raise RowError("fornavn og etternavn må fylles ut")
    office = offices.get(row.get("nav_kontor").lower())
    if office is None:
        raise RowError(f"NAV-kontoret «{row.get('nav_kontor')}» finnes ikke")
    gruppe = row.get("innsatsgruppe").upper()
    if gruppe not in Innsatsgruppe.values:
        raise RowError(f"ukjent innsatsgruppe «{row.get('innsatsgruppe')}»")
    vedtak_dato = _date(row.get("vedtak_dato"), "vedtak_dato", required=True)
    plan_dato = _date(
        row.get("aktivitetsplan_godkjent_dato"), "aktivitetsplan_godkjent_dato", required=False
    )
    hovedmal = row.get("hovedmal").upper()
    if hovedmal and hovedmal not in Hovedmal.values:
        raise RowError(f"ukjent hovedmål «{row.get('hovedmal')}»")
    veileder = None
    if username := row.get("veileder"):
        veileder = users.get(username.lower())
        if (
            veileder is None
            or veileder.role not in NAV_ROLES
            or veileder.unit.office.pk != office.pk
        ):
            raise RowError(f"veilederen «{username}» finnes ikke ved {office.navn}")
    born = fnr_birth_date(fnr)
    if vedtak_dato < born:
        raise RowError("vedtak_dato er før fødselsdatoen")
    return dict(
        fnr=fnr,
        first_name=row.get("fornavn"),
        last_name=row.get("etternavn"),
        office=office,
        innsatsgruppe=gruppe,
        vedtak_dato=vedtak_dato,
        plan_dato=plan_dato,
        hovedmal=hovedmal,
        veileder=veileder,
        birth_date=born,
    )


def _apply(data: dict) -> bool:
    """Save one row; True when anything was created."""
    created = False
    youth, new_youth = Youth.objects.get_or_create(
        fnr=data["fnr"],
        defaults={
            "first_name": data["first_name"],
            "last_name": data["last_name"],
            "birth_date": data["birth_date"],
        },
    )
    if not new_youth and (youth.first_name.lower(), youth.last_name.lower()) != (
        data["first_name"].lower(),
        data["last_name"].lower(),
    ):
        raise RowError(
            f"fødselsnummeret er registrert med et annet navn ({youth.full_name}); rett filen eller Trekant"
        )
    created |= new_youth
    case = youth.cases.exclude(status=CaseStatus.AVSLUTTET).first()
    if case is None:
        case = Case.objects.create(
            youth=youth,
            nav_kontor=data["office"],
            nav_veileder=data["veileder"],
            status=CaseStatus.AKTIV,
        )
        CaseEvent.objects.create(
            case=case,
            verb=CaseEvent.Verb.OPENED,
            agency="nav",
            summary=f"Sak opprettet ved import av saksportefølje ({data['office'].navn})",
        )
        created = True
    elif case.nav_kontor_id is None:
        case.nav_kontor, case.nav_veileder = data["office"], data["veileder"]
        case.save()
        created = True
    _, new_vedtak = Vedtak14a.objects.get_or_create(
        youth=youth,
        vedtak_dato=data["vedtak_dato"],
        innsatsgruppe=data["innsatsgruppe"],
        status=Vedtak14a.Status.FATTET,
        defaults={
            "case": case,
            "nav_kontor": data["office"],
            "veileder": data["veileder"],
            "hovedmal": data["hovedmal"],
            "imported": True,
        },
    )
    created |= new_vedtak
    if data["plan_dato"]:
        _, new_plan = Aktivitetsplan.objects.get_or_create(
            youth=youth, godkjent_dato=data["plan_dato"], imported=True, defaults={"case": case}
        )
        created |= new_plan
    return created


def caseload_import(*, rows: list[Row], dry_run: bool = False) -> ImportReport:
    report = ImportReport()
    offices = {u.kode.lower(): u for u in Unit.objects.filter(type=Unit.Type.NAV_KONTOR)}
    users = {
        u.username.lower(): u
        for u in User.objects.filter(role__in=NAV_ROLES).select_related("unit__parent")
    }
    seen: dict[tuple, int] = {}
    with transaction.atomic():
        for row in rows:
            try:
                data = _parse(row, offices, users)
                key = (data["fnr"], data["vedtak_dato"], data["innsatsgruppe"])
                if key in seen:
                    raise RowError(f"samme vedtak står allerede på linje {seen[key]}")
                seen[key] = row.line
                with transaction.atomic():
                    if _apply(data):
                        report.created += 1
                    else:
                        report.unchanged += 1
            except RowError as error:
                report.error(row.line, str(error))
        if dry_run:
            transaction.set_rollback(True)
    return report
