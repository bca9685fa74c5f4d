"""Kombinasjonstiltak and their templates: the week adds up, the school part is never missing,
and adapted ordinary schooling was considered first. OT confirms, and its status code follows."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import Unit, User
from cases.access import case_access
from cases.models import OtStatus
from cases.services import case_set_ot_status
from measures import access
from measures.models import (
    AVSLUTTET,
    MAX_DAYS,
    Deltakelse,
    Kataloghendelse,
    Kombinasjonsmal,
    Kombinasjonstiltak,
    Tiltakstype,
    Utfall,
)
from measures.services.deltakelse import require_nav_editor

Verb = Kataloghendelse.Verb
SCHOOL_FIELDS = (
    "utdanningsprogram",
    "programomrade",
    "kompetansemal",
    "skoledager_per_uke",
    "tiltaksdager_per_uke",
    "laretid_maneder",
    "ansvar_nav",
    "ansvar_ot",
)


def check_school_part(fields: dict) -> None:
    """A combination without its school part is no combination; the week has five days."""
    errors = {}
    if not fields.get("utdanningsprogram"):
        errors["utdanningsprogram"] = "Skoledelen mangler: velg utdanningsprogram."
    school, work = fields.get("skoledager_per_uke") or 0, fields.get("tiltaksdager_per_uke") or 0
    if school < 1:
        errors["skoledager_per_uke"] = "Skoledelen mangler: minst én skoledag i uka."
    if school + work > MAX_DAYS:
        errors["tiltaksdager_per_uke"] = (
            f"Uka kan ha høyst {MAX_DAYS} dager: {school} skoledager + {work} tiltaksdager "
            f"er {school + work}."
        )
    if errors:
        raise ValidationError(errors)


def may_keep_templates(user: User, fylke: Unit | None) -> bool:
    """Administrators keep national templates; the coordinator keeps the county's own."""
    if access.is_admin(user):
        return True
    return fylke is not None and access.may_maintain_in(user, fylke)


def mal_opprett(
    *,
    actor: User,
    fylke: Unit | None,
    tiltakstype: Tiltakstype,
    navn: str,
    beskrivelse: str = "",
    **school,
) -> Kombinasjonsmal:
    if not may_keep_templates(actor, fylke):
        raise PermissionDenied("Bare administratorer og fylkeskoordinatorer lager maler.")
    check_school_part(school)
    with transaction.atomic():
        mal = Kombinasjonsmal.objects.create(
            fylke=fylke,
            tiltakstype=tiltakstype,
            navn=navn.strip(),
            beskrivelse=beskrivelse.strip(),
            created_by=actor,
            **school,
        )
        Kataloghendelse.objects.create(
            verb=Verb.MAL_OPPRETTET, actor=actor, tiltakstype=tiltakstype, summary=mal.navn
        )
    return mal


def fra_mal(mal: Kombinasjonsmal) -> dict:
    """The template's school part and split, to start a combination from."""
    return {name: getattr(mal, name) for name in SCHOOL_FIELDS}


def kombinasjon_opprett(
    *,
    actor: User,
    deltakelse: Deltakelse,
    skole: str,
    tilpasset_opplaering_vurdert: bool,
    tilpasset_opplaering_begrunnelse: str,
    mal: Kombinasjonsmal | None = None,
    **school,
) -> Kombinasjonstiltak:
    require_nav_editor(actor, deltakelse.case)
    if deltakelse.status in AVSLUTTET:
        raise ValidationError("Deltakelsen er avsluttet; meld på tiltaket på nytt først.")
    if hasattr(deltakelse, "kombinasjon"):
        raise ValidationError("Deltakelsen er allerede en del av et kombinasjonstiltak.")
    if mal is not None and mal.tiltakstype_id != deltakelse.gjennomforing.tiltakstype_id:
        raise ValidationError(
            {"mal": f"Malen gjelder {mal.tiltakstype.navn}, ikke dette tiltaket."}
        )
    errors = {}
    if not skole.strip():
        errors["skole"] = "Oppgi skolen."
    if not tilpasset_opplaering_vurdert or not tilpasset_opplaering_begrunnelse.strip():
        errors["tilpasset_opplaering_begrunnelse"] = (
            "Kombinasjonstiltak er unntaket: bekreft at tilpasset ordinær opplæring er vurdert "
            "først, og skriv hvorfor den ikke var nok."
        )
    if errors:
        raise ValidationError(errors)
    check_school_part(school)
    with transaction.atomic():
        kombinasjon = Kombinasjonstiltak.objects.create(
            case=deltakelse.case,
            deltakelse=deltakelse,
            mal=mal,
            skole=skole.strip(),
            tilpasset_opplaering_vurdert=True,
            tilpasset_opplaering_begrunnelse=tilpasset_opplaering_begrunnelse.strip(),
            created_by=actor,
            **school,
        )
        Kataloghendelse.objects.create(
            verb=Verb.KOMBINASJON_OPPRETTET,
            actor=actor,
            gjennomforing=deltakelse.gjennomforing,
            summary=f"{deltakelse.gjennomforing.navn} + {kombinasjon.skole}",
            payload={"case": deltakelse.case_id, "kombinasjon": kombinasjon.pk},
        )
    return kombinasjon


def _require_ot(actor: User, case) -> object:
    rights = case_access(actor, case)
    if rights is None or rights.side != "ot":
        raise PermissionDenied("Bare OT på saken kan bekrefte.")
    if not rights.sees_work:
        raise PermissionDenied("OT ser NAVs tiltak bare med samtykke for arbeid og tiltak.")
    return rights


def kombinasjon_ot_bekreft(*, actor: User, kombinasjon: Kombinasjonstiltak) -> Kombinasjonstiltak:
    """OT confirms the combination; its status code becomes OTKO."""
    rights = _require_ot(actor, kombinasjon.case)
    if kombinasjon.ot_bekreftet_at is not None:
        raise ValidationError("Kombinasjonstiltaket er allerede bekreftet.")
    with transaction.atomic():
        kombinasjon.ot_bekreftet_at, kombinasjon.ot_bekreftet_av = timezone.now(), actor
        kombinasjon.save(update_fields=["ot_bekreftet_at", "ot_bekreftet_av"])
        case_set_ot_status(
            access=rights,
            ot_status=OtStatus.OTKO,
            reason=f"Kombinasjonstiltak bekreftet: {kombinasjon.skole} og "
            f"{kombinasjon.deltakelse.gjennomforing.navn}.",
        )
        Kataloghendelse.objects.create(
            verb=Verb.KOMBINASJON_BEKREFTET,
            actor=actor,
            gjennomforing=kombinasjon.deltakelse.gjennomforing,
            summary=f"OT bekreftet: {kombinasjon.skole}",
            payload={"case": kombinasjon.case_id, "kombinasjon": kombinasjon.pk},
        )
    return kombinasjon


def tiltak_ot_bekreft(*, actor: User, deltakelse: Deltakelse) -> None:
    """OT confirms a NAV tiltak on its own: the status code becomes OTAP."""
    rights = _require_ot(actor, deltakelse.case)
    if hasattr(deltakelse, "kombinasjon"):
        raise ValidationError("Dette er et kombinasjonstiltak; bekreft kombinasjonen (OTKO).")
    if deltakelse.status in AVSLUTTET:
        raise ValidationError("Deltakelsen er avsluttet.")
    case_set_ot_status(
        access=rights,
        ot_status=OtStatus.OTAP,
        reason=f"Tiltak i regi av NAV bekreftet: {deltakelse.gjennomforing.navn}.",
    )


def kombinasjon_utfall(
    *, actor: User, kombinasjon: Kombinasjonstiltak, utfall: str
) -> Kombinasjonstiltak:
    rights = case_access(actor, kombinasjon.case)
    if rights is None or (rights.side == "ot" and not rights.sees_work):
        raise PermissionDenied("Du har ikke tilgang til kombinasjonstiltaket.")
    if utfall not in Utfall.values:
        raise ValidationError({"utfall": "Ukjent utfall."})
    with transaction.atomic():
        kombinasjon.utfall = utfall
        kombinasjon.save(update_fields=["utfall"])
        Kataloghendelse.objects.create(
            verb=Verb.KOMBINASJON_UTFALL,
            actor=actor,
            gjennomforing=kombinasjon.deltakelse.gjennomforing,
            summary=f"{kombinasjon.skole}: {kombinasjon.get_utfall_display()}",
            payload={"case": kombinasjon.case_id, "kombinasjon": kombinasjon.pk},
        )
    return kombinasjon
