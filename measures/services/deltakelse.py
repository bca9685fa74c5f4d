"""Offering a place and moving a participation through NAV's statuses.

Places: used = DELTAR + VENTER_PA_OPPSTART; free = places − used. Giving a place locks the
gjennomføring's row, so two veiledere offering the last place at once cannot both get it: the
second waits for the first to commit, counts again and lands on the waiting list. Over-booking is
possible only with a stated reason, which is kept in the history.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import NAV_ROLES, User
from cases.access import case_access
from cases.models import Aktivitet, Case
from cases.services import aktivitet_add, aktivitet_set_status, current_vedtak, plan_for
from measures import access
from measures.eligibility import (
    gjennomforing_hindringer,
    stopp_hindringer,
    stopp_som_gjelder,
    type_hindringer,
)
from measures.models import (
    AVSLUTTET,
    OPPTAR_PLASS,
    TRENGER_AARSAK,
    Deltakelse,
    DeltakelseEndring,
    DeltakerAarsak,
    DeltakerStatus,
    Gjennomforing,
    Kataloghendelse,
)

S = DeltakerStatus
BAKGRUNN_MAX = 1000
# NAV's life of a participation; every status not listed here is final.
OVERGANGER: dict[str, frozenset[str]] = {
    S.KLADD: frozenset({S.UTKAST_TIL_PAMELDING, S.SOKT_INN, S.IKKE_AKTUELL, S.FEILREGISTRERT}),
    S.UTKAST_TIL_PAMELDING: frozenset({S.SOKT_INN, S.IKKE_AKTUELL, S.FEILREGISTRERT}),
    S.SOKT_INN: frozenset(
        {S.VURDERES, S.VENTELISTE, S.VENTER_PA_OPPSTART, S.IKKE_AKTUELL, S.FEILREGISTRERT}
    ),
    S.VURDERES: frozenset({S.VENTELISTE, S.VENTER_PA_OPPSTART, S.IKKE_AKTUELL, S.FEILREGISTRERT}),
    S.VENTELISTE: frozenset({S.VENTER_PA_OPPSTART, S.IKKE_AKTUELL, S.FEILREGISTRERT}),
    S.VENTER_PA_OPPSTART: frozenset({S.DELTAR, S.IKKE_AKTUELL, S.FEILREGISTRERT}),
    S.DELTAR: frozenset({S.HAR_SLUTTET, S.FULLFORT, S.AVBRUTT, S.FEILREGISTRERT}),
}


# How a participation shows in the youth's aktivitetsplan (an activity of type tiltak).
AKTIVITET_STATUS = {
    S.VENTELISTE: Aktivitet.Status.PLANLAGT,
    S.VENTER_PA_OPPSTART: Aktivitet.Status.PLANLAGT,
    S.DELTAR: Aktivitet.Status.GJENNOMFORES,
    S.FULLFORT: Aktivitet.Status.FULLFORT,
    S.HAR_SLUTTET: Aktivitet.Status.AVBRUTT,
    S.AVBRUTT: Aktivitet.Status.AVBRUTT,
    S.IKKE_AKTUELL: Aktivitet.Status.AVBRUTT,
    S.FEILREGISTRERT: Aktivitet.Status.AVBRUTT,
}


def aktivitet_tittel(deltakelse: Deltakelse) -> str:
    return f"Tiltak: {deltakelse.gjennomforing.navn}"[:200]


def _add_to_plan(actor: User, deltakelse: Deltakelse) -> None:
    gjennomforing = deltakelse.gjennomforing
    aktivitet_add(
        access=case_access(actor, deltakelse.case),
        type=Aktivitet.Type.TILTAK,
        tittel=aktivitet_tittel(deltakelse),
        status=AKTIVITET_STATUS[deltakelse.status],
        avtalt_med_nav=True,
        fra_dato=deltakelse.start_dato,
        til_dato=gjennomforing.slutt_dato,
        beskrivelse=f"{gjennomforing.tiltakstype.navn} hos {gjennomforing.arrangor.navn}.",
    )


def _follow_in_plan(actor: User, deltakelse: Deltakelse) -> None:
    """The activity in the current plan follows the participation's status (plans are revised
    by copying their activities, so it is found by its title in the latest plan)."""
    plan = plan_for(deltakelse.case)
    aktivitet = (
        plan.aktiviteter.filter(type=Aktivitet.Type.TILTAK, tittel=aktivitet_tittel(deltakelse))
        .order_by("-id")
        .first()
        if plan
        else None
    )
    status = AKTIVITET_STATUS.get(deltakelse.status)
    if aktivitet is None:
        _add_to_plan(actor, deltakelse)
    elif status and aktivitet.status != status:
        aktivitet_set_status(
            access=case_access(actor, deltakelse.case), aktivitet_id=aktivitet.pk, status=status
        )


def require_nav_editor(actor: User, case: Case) -> None:
    case_rights = case_access(actor, case)
    if case_rights is None or case_rights.side != "nav" or actor.role not in NAV_ROLES:
        raise PermissionDenied("Bare NAV-veiledere på saken kan melde på tiltak.")


def plasser_brukt(gjennomforing: Gjennomforing) -> int:
    return gjennomforing.deltakelser.filter(status__in=list(OPPTAR_PLASS)).count()


_UNSET = object()


def hindringer_for(
    case: Case,
    gjennomforing: Gjennomforing,
    start: dt.date,
    *,
    enhet_id: int | None,
    vedtak=_UNSET,
    stopp: list | None = None,
) -> list:
    """Why this youth cannot start in this gjennomføring on `start`, offered by the office
    `enhet_id` today (empty: they can). When checking many gjennomføringer for one youth, pass
    the youth's current `vedtak` and the office's `stopp` (from `stopp_som_gjelder`)."""
    if vedtak is _UNSET:
        vedtak = current_vedtak(case.youth)
    if stopp is None:
        stopp = list(stopp_som_gjelder(gjennomforing.fylke_id, enhet_id, timezone.localdate()))
    return (
        type_hindringer(
            gjennomforing.tiltakstype,
            innsatsgruppe=vedtak.innsatsgruppe if vedtak else None,
            fodselsdato=case.youth.birth_date,
            dag=start,
        )
        + gjennomforing_hindringer(gjennomforing, start=start)
        + stopp_hindringer(gjennomforing, stopp)
    )


def _check_extent(dager_per_uke: int | None, prosent: int | None, bakgrunn: str) -> None:
    errors = {}
    if dager_per_uke is not None and not 1 <= dager_per_uke <= 5:
        errors["dager_per_uke"] = "Dager per uke må være fra 1 til 5."
    if prosent is not None and not 1 <= prosent <= 100:
        errors["deltakelsesprosent"] = "Deltakelsesprosenten må være fra 1 til 100."
    if len(bakgrunn) > BAKGRUNN_MAX:
        errors["bakgrunnsinformasjon"] = (
            f"Bakgrunnsinformasjonen kan være høyst {BAKGRUNN_MAX} tegn (nå {len(bakgrunn)})."
        )
    if errors:
        raise ValidationError(errors)


def _history(deltakelse: Deltakelse, actor: User, *, overbooket: bool = False) -> None:
    DeltakelseEndring.objects.create(
        deltakelse=deltakelse,
        status=deltakelse.status,
        aarsak=deltakelse.aarsak,
        aarsak_tekst=deltakelse.aarsak_tekst,
        dager_per_uke=deltakelse.dager_per_uke,
        deltakelsesprosent=deltakelse.deltakelsesprosent,
        gyldig_fra=deltakelse.status_gyldig_fra,
        overbooket=overbooket,
        endret_av=actor,
    )


def _record(verb: str, actor: User, deltakelse: Deltakelse, summary: str) -> None:
    Kataloghendelse.objects.create(
        verb=verb,
        actor=actor,
        gjennomforing=deltakelse.gjennomforing,
        summary=summary[:500],
        payload={"deltakelse": deltakelse.pk, "case": deltakelse.case_id},
    )


def tilby_plass(
    *,
    actor: User,
    case: Case,
    gjennomforing: Gjennomforing,
    start_dato: dt.date,
    dager_per_uke: int | None = None,
    deltakelsesprosent: int | None = None,
    bakgrunnsinformasjon: str = "",
    overbook_begrunnelse: str = "",
) -> Deltakelse:
    """Offer the youth a place: a free place gives VENTER_PA_OPPSTART, a full one VENTELISTE."""
    require_nav_editor(actor, case)
    if not access.gjennomforinger_visible_to(actor).filter(pk=gjennomforing.pk).exists():
        raise PermissionDenied("Gjennomføringen tilbys ikke av enheten din.")
    _check_extent(dager_per_uke, deltakelsesprosent, bakgrunnsinformasjon)
    office = actor.unit.office.pk if actor.unit_id else None
    if hindringer := hindringer_for(case, gjennomforing, start_dato, enhet_id=office):
        raise ValidationError([h.melding for h in hindringer])
    with transaction.atomic():
        # The lock that keeps the last place from being given twice.
        locked = Gjennomforing.objects.select_for_update().get(pk=gjennomforing.pk)
        if (
            Deltakelse.objects.filter(case=case, gjennomforing=locked)
            .exclude(status__in=list(AVSLUTTET))
            .exists()
        ):
            raise ValidationError("Ungdommen er allerede meldt på denne gjennomføringen.")
        free = locked.antall_plasser - plasser_brukt(locked)
        overbook = free <= 0 and bool(overbook_begrunnelse.strip())
        status = S.VENTER_PA_OPPSTART if free > 0 or overbook else S.VENTELISTE
        deltakelse = Deltakelse.objects.create(
            case=case,
            youth_id=case.youth_id,
            gjennomforing=locked,
            status=status,
            status_gyldig_fra=timezone.localdate(),
            start_dato=start_dato,
            dager_per_uke=dager_per_uke,
            deltakelsesprosent=deltakelsesprosent,
            bakgrunnsinformasjon=bakgrunnsinformasjon.strip(),
            soknad_at=timezone.now(),
            overbooket_begrunnelse=overbook_begrunnelse.strip() if overbook else "",
            created_by=actor,
        )
        _history(deltakelse, actor, overbooket=overbook)
        _add_to_plan(actor, deltakelse)
        _record(
            Kataloghendelse.Verb.DELTAKER_PAMELDT,
            actor,
            deltakelse,
            f"{locked.navn}: {deltakelse.get_status_display()}"
            + (f" (overbooket: {deltakelse.overbooket_begrunnelse})" if overbook else ""),
        )
    return deltakelse


def _check_status_date(deltakelse: Deltakelse, status: str, gyldig_fra: dt.date) -> None:
    """A status cannot hold from before the one it follows, and a start (DELTAR) falls in the
    gjennomføring's period and outside its closed periods."""
    if gyldig_fra < deltakelse.status_gyldig_fra:
        raise ValidationError(
            {
                "gyldig_fra": f"«{S(status).label}» kan ikke gjelde fra før "
                f"«{deltakelse.get_status_display()}», som gjelder fra "
                f"{deltakelse.status_gyldig_fra:%d.%m.%Y}."
            }
        )
    if status == S.DELTAR:
        found = gjennomforing_hindringer(deltakelse.gjennomforing, start=gyldig_fra)
        if dates := [h.melding for h in found if h.kode in ("periode", "stengt_periode")]:
            raise ValidationError({"gyldig_fra": dates})


def endre_status(
    deltakelse: Deltakelse,
    *,
    actor: User,
    status: str,
    gyldig_fra: dt.date,
    aarsak: str = "",
    aarsak_tekst: str = "",
    overbook_begrunnelse: str = "",
) -> Deltakelse:
    """Move a participation along NAV's statuses; leaving the waiting list needs a free place."""
    require_nav_editor(actor, deltakelse.case)
    if status not in OVERGANGER.get(deltakelse.status, ()):
        raise ValidationError(
            f"Kan ikke gå fra «{deltakelse.get_status_display()}» til «{S(status).label}»."
        )
    if status in TRENGER_AARSAK and not aarsak:
        raise ValidationError({"aarsak": f"«{S(status).label}» krever en årsak."})
    if aarsak == DeltakerAarsak.ANNET and not aarsak_tekst.strip():
        raise ValidationError({"aarsak_tekst": "Skriv årsaken når den er «Annet»."})
    _check_status_date(deltakelse, status, gyldig_fra)
    with transaction.atomic():
        locked = Gjennomforing.objects.select_for_update().get(pk=deltakelse.gjennomforing_id)
        deltakelse = Deltakelse.objects.select_for_update().get(pk=deltakelse.pk)
        overbook = False
        if status in OPPTAR_PLASS and deltakelse.status not in OPPTAR_PLASS:
            if locked.antall_plasser - plasser_brukt(locked) <= 0:
                if not overbook_begrunnelse.strip():
                    raise ValidationError(
                        "Gjennomføringen er full. Overbooking krever en begrunnelse."
                    )
                overbook = True
                deltakelse.overbooket_begrunnelse = overbook_begrunnelse.strip()
        deltakelse.status, deltakelse.status_gyldig_fra = status, gyldig_fra
        deltakelse.aarsak, deltakelse.aarsak_tekst = aarsak, aarsak_tekst.strip()
        deltakelse.save()
        _history(deltakelse, actor, overbooket=overbook)
        _follow_in_plan(actor, deltakelse)
        _record(
            Kataloghendelse.Verb.DELTAKER_STATUS_ENDRET,
            actor,
            deltakelse,
            f"{locked.navn}: {deltakelse.get_status_display()}"
            + (f" ({deltakelse.get_aarsak_display()})" if aarsak else ""),
        )
    return deltakelse


def endre_omfang(
    deltakelse: Deltakelse,
    *,
    actor: User,
    gyldig_fra: dt.date,
    dager_per_uke: int | None,
    deltakelsesprosent: int | None,
) -> Deltakelse:
    """Days per week and participation percentage change over time: each change is kept with
    the date it is valid from, beside the status history."""
    require_nav_editor(actor, deltakelse.case)
    if deltakelse.status in AVSLUTTET:
        raise ValidationError("Deltakelsen er avsluttet og kan ikke endres.")
    _check_extent(dager_per_uke, deltakelsesprosent, "")
    with transaction.atomic():
        deltakelse = Deltakelse.objects.select_for_update().get(pk=deltakelse.pk)
        deltakelse.dager_per_uke, deltakelse.deltakelsesprosent = dager_per_uke, deltakelsesprosent
        deltakelse.save(update_fields=["dager_per_uke", "deltakelsesprosent"])
        DeltakelseEndring.objects.create(
            deltakelse=deltakelse,
            status=deltakelse.status,
            aarsak=deltakelse.aarsak,
            aarsak_tekst=deltakelse.aarsak_tekst,
            dager_per_uke=dager_per_uke,
            deltakelsesprosent=deltakelsesprosent,
            gyldig_fra=gyldig_fra,
            endret_av=actor,
        )
        _record(
            Kataloghendelse.Verb.DELTAKER_OMFANG_ENDRET,
            actor,
            deltakelse,
            f"{deltakelse.gjennomforing.navn}: {dager_per_uke or '–'} dager per uke, "
            f"{deltakelsesprosent or '–'} % fra {gyldig_fra:%d.%m.%Y}",
        )
    return deltakelse
