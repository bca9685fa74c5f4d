"""Writes on the catalogue. Each write records one Kataloghendelse; refusals are Norwegian."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from stdnum.no import orgnr

from accounts.models import Unit, User
from measures import access
from measures.models import (
    Gjennomforing,
    Kataloghendelse,
    Kilde,
    StengtPeriode,
    Tiltaksarrangor,
    Tiltaksstopp,
    Tiltakstype,
)

Verb = Kataloghendelse.Verb


def _record(verb: str, actor: User | None, summary: str, **objects) -> None:
    Kataloghendelse.objects.create(verb=verb, actor=actor, summary=summary[:500], **objects)


ORGNR_MESSAGE = "Organisasjonsnummeret er ikke gyldig (ni siffer med riktig kontrollsiffer)."


def clean_orgnr(value: str) -> str:
    """Nine digits with a valid check digit (spaces allowed when typed)."""
    try:
        return orgnr.validate(value)
    except Exception as error:  # stdnum raises its own ValidationError family
        raise ValidationError({"arrangor_orgnr": ORGNR_MESSAGE}) from error


def arrangor_for(navn: str, organisasjonsnummer: str) -> Tiltaksarrangor:
    """The provider with this organisasjonsnummer, registered under `navn` the first time."""
    number = clean_orgnr(organisasjonsnummer)
    arrangor, _ = Tiltaksarrangor.objects.get_or_create(
        organisasjonsnummer=number, defaults={"navn": navn.strip()}
    )
    return arrangor


def _check_units(fylke: Unit, enheter: Iterable[Unit]) -> list[Unit]:
    enheter = list(enheter)
    outside = [unit.navn for unit in enheter if unit.fylke is None or unit.fylke.pk != fylke.pk]
    if outside:
        raise ValidationError({"enheter": "Enheter utenfor fylket: " + ", ".join(outside)})
    wrong = [
        unit.navn for unit in enheter if unit.type not in (Unit.Type.NAV_KONTOR, Unit.Type.OT_ENHET)
    ]
    if wrong:
        raise ValidationError({"enheter": "Bare NAV-kontor og OT-enheter: " + ", ".join(wrong)})
    return enheter


def check_period(start: dt.date, slutt: dt.date | None) -> None:
    if slutt is not None and slutt < start:
        raise ValidationError({"slutt_dato": "Sluttdatoen kan ikke være før startdatoen."})


def tiltakstype_opprett(*, actor: User, kilde: str, **fields) -> Tiltakstype:
    """Administrators add municipal tiltak and Kvalifiseringsprogrammet; NAV's come with data."""
    if not access.may_maintain_types(actor):
        raise PermissionDenied("Bare administratorer kan legge til tiltakstyper.")
    if kilde == Kilde.NAV:
        raise ValidationError(
            {"kilde": "NAVs tiltakstyper kommer fra NAVs katalog; legg til kommunale tiltak her."}
        )
    kode = fields["kode"].strip().upper()
    if Tiltakstype.objects.filter(kode=kode).exists():
        raise ValidationError({"kode": f"Tiltakskoden {kode} finnes allerede."})
    with transaction.atomic():
        tiltakstype = Tiltakstype.objects.create(kilde=kilde, **{**fields, "kode": kode})
        _record(
            Verb.TILTAKSTYPE_OPPRETTET,
            actor,
            f"{tiltakstype.navn} ({kode})",
            tiltakstype=tiltakstype,
        )
    return tiltakstype


def tiltakstype_endre(tiltakstype: Tiltakstype, *, actor: User, **fields) -> Tiltakstype:
    if not access.may_maintain_types(actor):
        raise PermissionDenied("Bare administratorer kan endre tiltakstyper.")
    kombineres = fields.pop("kan_kombineres_med", None)
    changed = {k: v for k, v in fields.items() if getattr(tiltakstype, k) != v}
    with transaction.atomic():
        if changed:
            for name, value in changed.items():
                setattr(tiltakstype, name, value)
            tiltakstype.full_clean()
            tiltakstype.save()
            _record(
                Verb.TILTAKSTYPE_ENDRET,
                actor,
                f"{tiltakstype.navn}: " + ", ".join(sorted(changed)),
                tiltakstype=tiltakstype,
            )
        if kombineres is not None:
            kombineres_endre(tiltakstype, actor=actor, kan_kombineres_med=kombineres)
    return tiltakstype


def kombineres_endre(
    tiltakstype: Tiltakstype, *, actor: User, kan_kombineres_med: Iterable[Tiltakstype]
) -> tuple[list[Tiltakstype], list[Tiltakstype]]:
    """Say which types `tiltakstype` can be combined with (both ways: the relation is
    symmetrical). Returns (added, removed); a change is recorded with both lists."""
    if not access.may_maintain_combinations(actor):
        raise PermissionDenied(
            "Bare fylkeskoordinatorer og administratorer kan endre hva tiltak kan kombineres med."
        )
    wanted = {t.pk: t for t in kan_kombineres_med}
    if tiltakstype.pk in wanted:
        raise ValidationError(
            {"kan_kombineres_med": f"{tiltakstype.navn} kan ikke kombineres med seg selv."}
        )
    with transaction.atomic():
        # The type's row lock: two editors of the same type save one after the other.
        Tiltakstype.objects.select_for_update().get(pk=tiltakstype.pk)
        current = {t.pk: t for t in tiltakstype.kan_kombineres_med.all()}
        added = sorted((wanted[pk] for pk in wanted.keys() - current.keys()), key=str)
        removed = sorted((current[pk] for pk in current.keys() - wanted.keys()), key=str)
        if not added and not removed:
            return [], []
        tiltakstype.kan_kombineres_med.add(*added)
        tiltakstype.kan_kombineres_med.remove(*removed)
        parts = [f"lagt til {', '.join(map(str, added))}"] if added else []
        parts += [f"fjernet {', '.join(map(str, removed))}"] if removed else []
        _record(
            Verb.KOMBINERES_ENDRET,
            actor,
            f"{tiltakstype.navn} kan kombineres med: {'; '.join(parts)}",
            tiltakstype=tiltakstype,
            payload={"lagt_til": [t.kode for t in added], "fjernet": [t.kode for t in removed]},
        )
    return added, removed


def gjennomforing_opprett(
    *,
    actor: User,
    fylke: Unit,
    tiltakstype: Tiltakstype,
    arrangor_navn: str,
    arrangor_orgnr: str,
    enheter: Iterable[Unit],
    navn: str,
    start_dato: dt.date,
    slutt_dato: dt.date | None,
    antall_plasser: int,
    apen_for_pamelding: bool = True,
    kontaktpersoner: str = "",
) -> Gjennomforing:
    if not access.may_maintain_in(actor, fylke):
        raise PermissionDenied("Bare fylkeskoordinatoren kan registrere gjennomføringer.")
    if not tiltakstype.aktiv:
        raise ValidationError({"tiltakstype": f"{tiltakstype.navn} tilbys ikke lenger."})
    check_period(start_dato, slutt_dato)
    enheter = _check_units(fylke, enheter)
    with transaction.atomic():
        gjennomforing = Gjennomforing.objects.create(
            tiltakstype=tiltakstype,
            arrangor=arrangor_for(arrangor_navn, arrangor_orgnr),
            fylke=fylke,
            navn=navn.strip(),
            start_dato=start_dato,
            slutt_dato=slutt_dato,
            antall_plasser=antall_plasser,
            apen_for_pamelding=apen_for_pamelding,
            kontaktpersoner=kontaktpersoner,
        )
        gjennomforing.enheter.set(enheter)
        _record(
            Verb.GJENNOMFORING_OPPRETTET,
            actor,
            f"{gjennomforing.navn}: {antall_plasser} plasser",
            gjennomforing=gjennomforing,
        )
    return gjennomforing


def gjennomforing_endre(
    gjennomforing: Gjennomforing, *, actor: User, enheter: Iterable[Unit] | None = None, **fields
) -> Gjennomforing:
    if not access.may_maintain_in(actor, gjennomforing.fylke):
        raise PermissionDenied("Bare fylkeskoordinatoren kan endre gjennomføringen.")
    check_period(
        fields.get("start_dato", gjennomforing.start_dato),
        fields.get("slutt_dato", gjennomforing.slutt_dato),
    )
    changed = {k: v for k, v in fields.items() if getattr(gjennomforing, k) != v}
    with transaction.atomic():
        for name, value in changed.items():
            setattr(gjennomforing, name, value)
        gjennomforing.save()
        if enheter is not None:
            gjennomforing.enheter.set(_check_units(gjennomforing.fylke, enheter))
        _record(
            Verb.GJENNOMFORING_ENDRET,
            actor,
            f"{gjennomforing.navn}: " + (", ".join(sorted(changed)) or "enheter"),
            gjennomforing=gjennomforing,
            payload={k: str(v) for k, v in changed.items()},
        )
    return gjennomforing


def gjennomforing_stopp(
    gjennomforing: Gjennomforing, *, actor: User, dato: dt.date, aarsak: str, begrunnelse: str
) -> Gjennomforing:
    if not access.may_maintain_in(actor, gjennomforing.fylke):
        raise PermissionDenied("Bare fylkeskoordinatoren kan stoppe gjennomføringen.")
    if gjennomforing.is_stopped:
        raise ValidationError("Gjennomføringen er allerede stoppet.")
    if aarsak == "ANNET" and not begrunnelse.strip():
        raise ValidationError({"begrunnelse": "Skriv hvorfor når årsaken er «Annet»."})
    with transaction.atomic():
        gjennomforing.stoppet_dato, gjennomforing.stoppaarsak = dato, aarsak
        gjennomforing.stoppbegrunnelse = begrunnelse.strip()
        gjennomforing.apen_for_pamelding = False
        gjennomforing.save()
        _record(
            Verb.GJENNOMFORING_STOPPET,
            actor,
            f"{gjennomforing.navn} stoppet {dato:%d.%m.%Y}: {gjennomforing.get_stoppaarsak_display()}",
            gjennomforing=gjennomforing,
        )
    return gjennomforing


def stengt_periode_legg_til(
    gjennomforing: Gjennomforing,
    *,
    actor: User,
    fra_dato: dt.date,
    til_dato: dt.date,
    begrunnelse: str = "",
) -> StengtPeriode:
    if not access.may_maintain_in(actor, gjennomforing.fylke):
        raise PermissionDenied("Bare fylkeskoordinatoren kan endre gjennomføringen.")
    if til_dato < fra_dato:
        raise ValidationError({"til_dato": "Perioden kan ikke slutte før den begynner."})
    with transaction.atomic():
        periode = StengtPeriode.objects.create(
            gjennomforing=gjennomforing,
            fra_dato=fra_dato,
            til_dato=til_dato,
            begrunnelse=begrunnelse.strip(),
        )
        _record(
            Verb.STENGT_PERIODE_LAGT_TIL,
            actor,
            f"{gjennomforing.navn}: stengt {fra_dato:%d.%m.%Y}–{til_dato:%d.%m.%Y}",
            gjennomforing=gjennomforing,
        )
    return periode


def tiltaksstopp_kunngjor(
    *,
    actor: User,
    fylke: Unit,
    enhet: Unit | None,
    tiltakstype: Tiltakstype | None,
    fra_dato: dt.date,
    til_dato: dt.date | None,
    aarsak: str,
    begrunnelse: str = "",
) -> Tiltaksstopp:
    """Announce a budget or place stop; it shows to every affected veileder at once."""
    if not access.may_maintain_in(actor, fylke):
        raise PermissionDenied("Bare fylkeskoordinatoren kan kunngjøre tiltaksstopp.")
    check_period(fra_dato, til_dato)
    if enhet is not None:
        _check_units(fylke, [enhet])
    if aarsak == "ANNET" and not begrunnelse.strip():
        raise ValidationError({"begrunnelse": "Skriv hvorfor når årsaken er «Annet»."})
    with transaction.atomic():
        stopp = Tiltaksstopp.objects.create(
            fylke=fylke,
            enhet=enhet,
            tiltakstype=tiltakstype,
            fra_dato=fra_dato,
            til_dato=til_dato,
            aarsak=aarsak,
            begrunnelse=begrunnelse.strip(),
            kunngjort_av=actor,
        )
        _record(
            Verb.TILTAKSSTOPP_KUNNGJORT,
            actor,
            f"Tiltaksstopp for {tiltakstype.navn if tiltakstype else 'alle tiltak'} "
            f"({enhet.navn if enhet else fylke.navn}) fra {fra_dato:%d.%m.%Y}",
            tiltakstype=tiltakstype,
        )
    return stopp
