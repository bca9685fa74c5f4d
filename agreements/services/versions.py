"""Writes on agreements and their versions: drafts, clauses, signing, revising, reading."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import Unit, User
from agreements.models import (
    Avtaleversjon,
    Forpliktelse,
    Klausul,
    Kontaktperson,
    Lesebekreftelse,
    Samarbeidsavtale,
)

OVERLAP_MESSAGE = "Perioden overlapper en annen versjon av avtalen."


def check_period(valid_from: dt.date, valid_to: dt.date | None) -> None:
    if valid_to is not None and valid_to < valid_from:
        raise ValidationError({"valid_to": "Perioden kan ikke slutte før den begynner."})


def require_draft(versjon: Avtaleversjon) -> None:
    if versjon.is_signed:
        raise ValidationError("En signert versjon kan ikke endres. Lag en revisjon i stedet.")


def _save_version(versjon: Avtaleversjon) -> Avtaleversjon:
    """Saves, turning the database's overlap refusal into a Norwegian message."""
    try:
        with transaction.atomic():
            versjon.save()
    except IntegrityError as error:
        if "versjon_periods_do_not_overlap" in str(error):
            raise ValidationError({"valid_from": OVERLAP_MESSAGE}) from error
        raise
    return versjon


@transaction.atomic
def avtale_opprett(
    *,
    kind: str,
    navn: str,
    fylke: Unit,
    enheter: list[Unit],
    valid_from: dt.date,
    valid_to: dt.date | None,
    parent: Samarbeidsavtale | None = None,
    malgrupper: str = "",
    prioriteringer: str = "",
    skole: str = "",
) -> Samarbeidsavtale:
    """A new agreement with its first draft version."""
    check_period(valid_from, valid_to)
    if kind == Samarbeidsavtale.Kind.LOKAL and parent is None:
        raise ValidationError({"parent": "En lokal avtale må høre under en fylkesavtale."})
    if parent is not None and parent.fylke_id != fylke.pk:
        raise ValidationError({"parent": "Fylkesavtalen må gjelde samme fylke."})
    outside = [u.navn for u in enheter if u.pk != fylke.pk and u.fylke != fylke]
    if outside:
        raise ValidationError({"enheter": f"Enheter utenfor fylket: {', '.join(outside)}."})
    avtale = Samarbeidsavtale.objects.create(
        kind=kind,
        navn=navn,
        fylke=fylke,
        parent=parent if kind == Samarbeidsavtale.Kind.LOKAL else None,
        malgrupper=malgrupper,
        prioriteringer=prioriteringer,
        skole=skole,
    )
    avtale.enheter.set(enheter)
    _save_version(Avtaleversjon(avtale=avtale, nummer=1, valid_from=valid_from, valid_to=valid_to))
    return avtale


def klausul_legg_til(
    versjon: Avtaleversjon, *, type: str, tekst: str, aldersgrense: int | None = None
) -> Klausul:
    require_draft(versjon)
    if not (tekst or "").strip():
        raise ValidationError({"tekst": "Skriv teksten i klausulen."})
    last = versjon.klausuler.aggregate(m=Max("rekkefolge"))["m"]
    return Klausul.objects.create(
        versjon=versjon,
        type=type,
        tekst=tekst.strip(),
        aldersgrense=aldersgrense,
        rekkefolge=(last or 0) + 1,
    )


def kontaktperson_legg_til(avtale: Samarbeidsavtale, *, user: User, rolle: str) -> Kontaktperson:
    covered = set(avtale.enheter.values_list("pk", flat=True)) | set(
        avtale.covered_offices().values_list("pk", flat=True)
    )
    if user.unit_id is None or user.unit.office.pk not in covered:
        raise ValidationError(
            {"user": "Kontaktpersonen må høre til en av enhetene avtalen gjelder."}
        )
    contact, _ = Kontaktperson.objects.get_or_create(
        avtale=avtale, user=user, rolle=rolle, defaults={"enhet": user.unit.office}
    )
    return contact


@transaction.atomic
def versjon_signer(versjon: Avtaleversjon, *, by: User) -> Avtaleversjon:
    """The draft becomes the active version; the one it revises is replaced from the day before."""
    versjon = Avtaleversjon.objects.select_for_update().get(pk=versjon.pk)
    require_draft(versjon)
    if not versjon.klausuler.exists():
        raise ValidationError("En avtale uten klausuler kan ikke signeres.")
    previous = (
        Avtaleversjon.objects.select_for_update()
        .filter(avtale=versjon.avtale, status=Avtaleversjon.Status.AKTIV)
        .first()
    )
    if previous is not None:
        if previous.valid_from >= versjon.valid_from:
            raise ValidationError({"valid_from": OVERLAP_MESSAGE})
        previous.status = Avtaleversjon.Status.ERSTATTET
        # The revised version ends the day before its successor starts (the one change a signed
        # version allows), only now that the successor is signed.
        if previous.valid_to is None or previous.valid_to >= versjon.valid_from:
            previous.valid_to = versjon.valid_from - dt.timedelta(days=1)
        previous.save(update_fields=["status", "valid_to"])
    versjon.status = Avtaleversjon.Status.AKTIV
    versjon.signed_at = timezone.now()
    versjon.signed_by = by
    versjon.save(update_fields=["status", "signed_at", "signed_by"])
    return versjon


@transaction.atomic
def versjon_revider(
    avtale: Samarbeidsavtale,
    *,
    valid_from: dt.date,
    valid_to: dt.date | None,
    minor: bool,
    endringsnotat: str = "",
) -> Avtaleversjon:
    """A new draft with a copy of the current clauses and obligations.

    The current version keeps its period until the draft is signed; an abandoned draft is
    deleted with `versjon_slett_utkast` and changes nothing.
    """
    check_period(valid_from, valid_to)
    versions = Avtaleversjon.objects.select_for_update().filter(avtale=avtale)
    if versions.filter(status=Avtaleversjon.Status.UTKAST).exists():
        raise ValidationError("Avtalen har allerede et utkast. Signer eller slett det først.")
    current = versions.exclude(status=Avtaleversjon.Status.UTKAST).order_by("-nummer").first()
    if current is None:
        raise ValidationError("Avtalen har ingen signert versjon å revidere.")
    if current.valid_from >= valid_from:
        raise ValidationError({"valid_from": OVERLAP_MESSAGE})
    draft = _save_version(
        Avtaleversjon(
            avtale=avtale,
            nummer=current.nummer + 1,
            valid_from=valid_from,
            valid_to=valid_to,
            minor=minor,
            endringsnotat=endringsnotat,
        )
    )
    for klausul in current.klausuler.prefetch_related("forpliktelser"):
        obligations = list(klausul.forpliktelser.all())
        klausul.pk = None
        klausul.versjon = draft
        klausul.save()
        for forpliktelse in obligations:
            forpliktelse.pk = None
            forpliktelse.klausul = klausul
            forpliktelse.save()
    return draft


def klausul_endre(klausul: Klausul, *, tekst: str, aldersgrense: int | None) -> Klausul:
    require_draft(klausul.versjon)
    if not (tekst or "").strip():
        raise ValidationError({"tekst": "Skriv teksten i klausulen."})
    klausul.tekst, klausul.aldersgrense = tekst.strip(), aldersgrense
    klausul.save(update_fields=["tekst", "aldersgrense"])
    return klausul


def klausul_slett(klausul: Klausul) -> None:
    require_draft(klausul.versjon)
    klausul.delete()


def lesebekreftelse_registrer(user: User, versjon: Avtaleversjon) -> Lesebekreftelse:
    if not versjon.is_signed:
        raise ValidationError("Bare en signert versjon kan bekreftes lest.")
    confirmation, _ = Lesebekreftelse.objects.get_or_create(user=user, versjon=versjon)
    return confirmation


def forpliktelse_opprett(
    klausul: Klausul, *, beskrivelse: str, kind: str, rrule: str
) -> Forpliktelse:
    from agreements.services.obligations import validate_rrule

    require_draft(klausul.versjon)
    return Forpliktelse.objects.create(
        klausul=klausul, beskrivelse=beskrivelse, kind=kind, rrule=validate_rrule(rrule)
    )


@transaction.atomic
def versjon_slett_utkast(versjon: Avtaleversjon) -> None:
    """An abandoned draft goes, with its clauses and obligations; signed versions never do."""
    require_draft(versjon)
    versjon.delete()
