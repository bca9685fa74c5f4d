"""Import of a catalogue file of gjennomføringer: set-based, bad rows reported by line.

A row is keyed by (tiltakskode, organisasjonsnummer, navn, startdato): a known gjennomføring is
updated (period, places, units), a new one created. Lookups are loaded once, writes go in bulk.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import Unit, User
from measures.models import Gjennomforing, Kataloghendelse, Tiltaksarrangor, Tiltakstype
from measures.services.catalogue import clean_orgnr
from nav_ot.csvimport import ImportReport, Row
from nav_ot.dates import parse_day

COLUMNS = (
    "tiltakskode",
    "navn",
    "arrangor",
    "organisasjonsnummer",
    "fylke",
    "enheter",
    "startdato",
    "sluttdato",
    "plasser",
)
LIMITS = {"tiltakskode": 60, "navn": 200, "arrangor": 200, "enheter": 2000}
MAX_PLACES = 100_000
EARLIEST, LATEST = dt.date(2000, 1, 1), dt.date(2100, 12, 31)


def _date(text: str) -> dt.date:
    day = parse_day(text)
    if not EARLIEST <= day <= LATEST:
        raise ValueError(f"datoen «{text}» er utenfor {EARLIEST.year}–{LATEST.year}")
    return day


def gjennomforinger_import(*, rows: Iterable[Row], actor: User | None = None) -> ImportReport:
    report = ImportReport()
    types = {t.kode: t for t in Tiltakstype.objects.filter(aktiv=True)}
    units = {
        u.kode.lower(): u
        for u in Unit.objects.filter(
            type__in=[Unit.Type.FYLKE, Unit.Type.NAV_KONTOR, Unit.Type.OT_ENHET]
        ).select_related("parent")
    }
    parsed: dict[tuple, tuple[int, dict, list[Unit]]] = {}
    for row in rows:
        if row.problem:
            report.error(row.line, row.problem)
            continue
        try:
            kode = row.get("tiltakskode").upper()
            if kode not in types:
                raise ValueError(f"ukjent tiltakskode «{row.get('tiltakskode')}»")
            fylke = units.get(row.get("fylke").lower())
            if fylke is None or fylke.type != Unit.Type.FYLKE:
                raise ValueError(f"ukjent fylke «{row.get('fylke')}»")
            enheter = []
            for code in filter(None, (c.strip() for c in row.get("enheter").split(","))):
                unit = units.get(code.lower())
                if unit is None or unit.type == Unit.Type.FYLKE or unit.parent_id != fylke.pk:
                    raise ValueError(f"enheten «{code}» finnes ikke i fylket")
                enheter.append(unit)
            try:
                orgnr = clean_orgnr(row.get("organisasjonsnummer"))
            except ValidationError:
                raise ValueError(
                    f"organisasjonsnummeret «{row.get('organisasjonsnummer')}» er ikke gyldig"
                ) from None
            start = _date(row.get("startdato"))
            slutt = _date(row.get("sluttdato")) if row.get("sluttdato") else None
            if slutt is not None and slutt < start:
                raise ValueError("sluttdatoen er før startdatoen")
            plasser = int(row.get("plasser"))
            if not 0 <= plasser <= MAX_PLACES:
                raise ValueError(f"antall plasser må være 0–{MAX_PLACES}")
            navn = row.get("navn")
            if not navn or not row.get("arrangor"):
                raise ValueError("navn og arrangør må fylles ut")
        except ValueError as error:
            message = str(error)
            if message.startswith("invalid literal"):
                message = f"antall plasser «{row.get('plasser')}» er ikke et tall"
            report.error(row.line, message)
            continue
        key = (kode, orgnr, navn.lower(), start)
        if key in parsed:
            report.error(row.line, f"samme gjennomføring står allerede på linje {parsed[key][0]}")
            continue
        fields = {
            "tiltakstype": types[kode],
            "arrangor_navn": row.get("arrangor"),
            "orgnr": orgnr,
            "fylke": fylke,
            "navn": navn,
            "start_dato": start,
            "slutt_dato": slutt,
            "antall_plasser": plasser,
        }
        parsed[key] = (row.line, fields, enheter)

    with transaction.atomic():
        _write(parsed, report, actor)
    report.errors.sort()
    return report


def _write(parsed: dict, report: ImportReport, actor: User | None) -> None:
    if not parsed:
        return
    numbers = {fields["orgnr"] for _, fields, _ in parsed.values()}
    arrangorer = {
        a.organisasjonsnummer: a
        for a in Tiltaksarrangor.objects.filter(organisasjonsnummer__in=numbers)
    }
    new = [
        Tiltaksarrangor(navn=fields["arrangor_navn"], organisasjonsnummer=fields["orgnr"])
        for _, fields, _ in parsed.values()
        if fields["orgnr"] not in arrangorer
    ]
    for arrangor in {a.organisasjonsnummer: a for a in new}.values():
        arrangorer[arrangor.organisasjonsnummer] = arrangor
    Tiltaksarrangor.objects.bulk_create([a for a in arrangorer.values() if a.pk is None])
    existing = {
        (g.tiltakstype.kode, g.arrangor.organisasjonsnummer, g.navn.lower(), g.start_dato): g
        for g in Gjennomforing.objects.filter(
            arrangor__organisasjonsnummer__in=numbers
        ).select_related("tiltakstype", "arrangor")
    }
    to_create, to_update, units_for = [], [], []
    for key, (_, fields, enheter) in parsed.items():
        values = {
            "tiltakstype": fields["tiltakstype"],
            "arrangor": arrangorer[fields["orgnr"]],
            "fylke": fields["fylke"],
            "navn": fields["navn"],
            "start_dato": fields["start_dato"],
            "slutt_dato": fields["slutt_dato"],
            "antall_plasser": fields["antall_plasser"],
        }
        known = existing.get(key)
        if known is None:
            gjennomforing = Gjennomforing(**values)
            to_create.append(gjennomforing)
            report.created += 1
        else:
            gjennomforing = known
            changed = any(
                getattr(known, name) != values[name]
                for name in ("slutt_dato", "antall_plasser", "fylke")
            ) or {u.pk for u in known.enheter.all()} != {u.pk for u in enheter}
            if changed:
                for name in ("slutt_dato", "antall_plasser", "fylke"):
                    setattr(known, name, values[name])
                to_update.append(known)
                report.updated += 1
            else:
                report.unchanged += 1
        units_for.append((gjennomforing, enheter))
    Gjennomforing.objects.bulk_create(to_create)
    Gjennomforing.objects.bulk_update(to_update, ["slutt_dato", "antall_plasser", "fylke"])
    through = Gjennomforing.enheter.through
    through.objects.filter(gjennomforing__in=to_update).delete()
    changed_ids = {g.pk for g in to_create} | {g.pk for g in to_update}
    through.objects.bulk_create(
        [
            through(gjennomforing_id=g.pk, unit_id=unit.pk)
            for g, enheter in units_for
            if g.pk in changed_ids
            for unit in enheter
        ]
    )
    Kataloghendelse.objects.create(
        verb=Kataloghendelse.Verb.KATALOG_IMPORTERT,
        actor=actor,
        summary=report.summary(),
    )
