"""Writes for the §14a vedtak and the aktivitetsplan (NAV's side of a case)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone

from accounts.models import Agency
from cases.access import CaseAccess
from cases.events import record_event
from cases.models import (
    Aktivitet,
    Aktivitetsplan,
    Behovsvurdering,
    CaseEvent,
    Category,
    Innsatsgruppe,
    Vedtak14a,
)
from cases.services.common import object_on_case, refresh_deadlines, require_open

# Varig and gradert varig tilpasset innsats need a second person (kvalitetssikrer/beslutter).
NEEDS_BESLUTTER = {
    Innsatsgruppe.GRADERT_VARIG_TILPASSET_INNSATS,
    Innsatsgruppe.VARIG_TILPASSET_INNSATS,
}
Verb = CaseEvent.Verb


def _refresh_deadlines(access: CaseAccess) -> None:
    refresh_deadlines(access.case.youth_id)


def _record_nav(access: CaseAccess, verb: str, summary: str, **kwargs) -> None:
    """§14a and aktivitetsplan events are NAV's, about arbeid og tiltak.

    Payload {"vedtak": id} marks a fattet vedtak only; drafts carry {"vedtak_utkast": id}.
    """
    record_event(
        access.case,
        access.user,
        verb,
        summary,
        agency=Agency.NAV,
        category=Category.ARBEID_TILTAK,
        **kwargs,
    )


def _require_nav(access: CaseAccess) -> None:
    if access.side != Agency.NAV:
        raise PermissionDenied("Bare NAV kan endre §14a-vedtak og aktivitetsplan.")
    require_open(access)


@transaction.atomic
def vedtak_draft(
    *, access: CaseAccess, innsatsgruppe: str, hovedmal: str, begrunnelse: str, kilder: str
) -> Vedtak14a:
    _require_nav(access)
    _require_begrunnelse(innsatsgruppe, begrunnelse)
    vedtak = Vedtak14a(
        youth=access.case.youth,
        case=access.case,
        nav_kontor=access.case.nav_kontor,
        veileder=access.user,
        innsatsgruppe=innsatsgruppe,
        hovedmal=hovedmal,
        begrunnelse=begrunnelse.strip(),
        kilder=kilder.strip(),
    )
    vedtak.full_clean()
    vedtak.save()
    _record_nav(
        access,
        Verb.VEDTAK_DRAFTED,
        f"Utkast til §14a-vedtak: {vedtak.get_innsatsgruppe_display()}",
        payload={"vedtak_utkast": vedtak.pk},
    )
    return vedtak


def _require_begrunnelse(innsatsgruppe: str, begrunnelse: str) -> None:
    if innsatsgruppe != Innsatsgruppe.STANDARD_INNSATS and not begrunnelse.strip():
        raise ValidationError(
            {"begrunnelse": "Begrunnelse er påkrevd for andre innsatsgrupper enn standard innsats."}
        )


def _draft(access: CaseAccess, vedtak_id: int) -> Vedtak14a:
    vedtak = object_on_case(Vedtak14a.objects.select_for_update(), vedtak_id, access.case)
    if vedtak.status != Vedtak14a.Status.UTKAST:
        raise ValidationError("Bare utkast kan endres eller slettes.")
    return vedtak


@transaction.atomic
def vedtak_update_draft(
    *,
    access: CaseAccess,
    vedtak_id: int,
    innsatsgruppe: str,
    hovedmal: str,
    begrunnelse: str,
    kilder: str,
) -> Vedtak14a:
    _require_nav(access)
    vedtak = _draft(access, vedtak_id)
    _require_begrunnelse(innsatsgruppe, begrunnelse)
    vedtak.innsatsgruppe, vedtak.hovedmal = innsatsgruppe, hovedmal
    vedtak.begrunnelse, vedtak.kilder = begrunnelse.strip(), kilder.strip()
    vedtak.full_clean()
    vedtak.save()
    _record_nav(
        access,
        Verb.VEDTAK_DRAFT_CHANGED,
        f"Utkast til §14a-vedtak endret: {vedtak.get_innsatsgruppe_display()}",
        payload={"vedtak_utkast": vedtak.pk},
    )
    return vedtak


@transaction.atomic
def vedtak_delete_draft(*, access: CaseAccess, vedtak_id: int) -> None:
    _require_nav(access)
    vedtak = _draft(access, vedtak_id)
    summary = f"Utkast til §14a-vedtak slettet: {vedtak.get_innsatsgruppe_display()}"
    vedtak.delete()
    _record_nav(access, Verb.VEDTAK_DRAFT_DELETED, summary)


@transaction.atomic
def vedtak_to_beslutter(*, access: CaseAccess, vedtak_id: int) -> Vedtak14a:
    _require_nav(access)
    vedtak = object_on_case(Vedtak14a.objects.select_for_update(), vedtak_id, access.case)
    if vedtak.status != Vedtak14a.Status.UTKAST:
        raise ValidationError("Bare utkast kan sendes til beslutter.")
    vedtak.status = Vedtak14a.Status.TIL_BESLUTTER
    vedtak.save()
    _record_nav(
        access,
        Verb.VEDTAK_SENT_TO_BESLUTTER,
        f"§14a-vedtak sendt til beslutter: {vedtak.get_innsatsgruppe_display()}",
        payload={"vedtak_utkast": vedtak.pk},
    )
    return vedtak


def current_vedtak(youth, *, before: Vedtak14a | None = None) -> Vedtak14a | None:
    fattet = Vedtak14a.objects.filter(youth=youth, status=Vedtak14a.Status.FATTET)
    if before is not None:
        fattet = fattet.exclude(pk=before.pk)
    return fattet.order_by("-vedtak_dato", F("fattet_at").desc(nulls_last=True), "-id").first()


@transaction.atomic
def vedtak_fatte(
    *, access: CaseAccess, vedtak_id: int, vedtak_dato: dt.date, change_reason: str = ""
) -> Vedtak14a:
    """Fatte a vedtak. A change of innsatsgruppe needs a stated reason; varig groups a beslutter."""
    _require_nav(access)
    vedtak = object_on_case(Vedtak14a.objects.select_for_update(), vedtak_id, access.case)
    if vedtak.status == Vedtak14a.Status.FATTET:
        raise ValidationError("Vedtaket er allerede fattet.")
    if vedtak_dato > timezone.localdate():
        raise ValidationError({"vedtak_dato": "Vedtaksdatoen kan ikke være fram i tid."})
    if vedtak_dato < access.case.youth.birth_date:
        raise ValidationError(
            {"vedtak_dato": "Vedtaksdatoen kan ikke være før ungdommen ble født."}
        )
    if vedtak.innsatsgruppe in NEEDS_BESLUTTER:
        if vedtak.status != Vedtak14a.Status.TIL_BESLUTTER:
            raise ValidationError(
                "Vedtak om varig eller gradert varig tilpasset innsats må til beslutter først."
            )
        if access.user == vedtak.veileder:
            raise PermissionDenied(
                "Beslutteren må være en annen enn veilederen som skrev vedtaket."
            )
        vedtak.beslutter = access.user
    previous = current_vedtak(vedtak.youth, before=vedtak)
    changed = previous is not None and previous.innsatsgruppe != vedtak.innsatsgruppe
    if changed and not change_reason.strip():
        raise ValidationError(
            {
                "change_reason": f"Innsatsgruppen endres fra «{previous.get_innsatsgruppe_display()}»: "
                "oppgi hvorfor."
            }
        )
    vedtak.status, vedtak.vedtak_dato, vedtak.change_reason = (
        Vedtak14a.Status.FATTET,
        vedtak_dato,
        change_reason.strip(),
    )
    vedtak.fattet_at = timezone.now()
    vedtak.full_clean()
    vedtak.save()
    summary = f"§14a-vedtak fattet {vedtak_dato:%d.%m.%Y}: {vedtak.get_innsatsgruppe_display()}"
    if changed:
        summary += f" (endret fra {previous.get_innsatsgruppe_display()})"
    _record_nav(
        access,
        Verb.VEDTAK_FATTET,
        summary,
        reason=vedtak.change_reason,
        payload={"vedtak": vedtak.pk},
    )
    _refresh_deadlines(access)
    return vedtak


def plan_for(case) -> Aktivitetsplan | None:
    return case.aktivitetsplaner.order_by("-id").first()


def _draft_plan(case) -> Aktivitetsplan:
    """The plan being worked on: the latest, or a new revision when the latest is godkjent."""
    plan = plan_for(case)
    if plan is not None and plan.godkjent_dato is None:
        return plan
    draft = Aktivitetsplan.objects.create(youth=case.youth, case=case, mal=plan.mal if plan else "")
    if plan is not None:
        for aktivitet in plan.aktiviteter.order_by("id"):
            aktivitet.pk, aktivitet.plan = None, draft
            aktivitet.save()
    return draft


@transaction.atomic
def plan_set_goal(*, access: CaseAccess, mal: str) -> Aktivitetsplan:
    _require_nav(access)
    plan = _draft_plan(access.case)
    plan.mal = mal.strip()
    plan.save()
    _record_nav(access, Verb.PLAN_GOAL_SET, f"Mål i aktivitetsplanen: {plan.mal}")
    return plan


@transaction.atomic
def aktivitet_add(
    *,
    access: CaseAccess,
    type: str,
    tittel: str,
    status: str,
    avtalt_med_nav: bool,
    fra_dato: dt.date | None,
    til_dato: dt.date | None,
    beskrivelse: str = "",
) -> Aktivitet:
    _require_nav(access)
    plan = _draft_plan(access.case)
    aktivitet = Aktivitet(
        plan=plan,
        type=type,
        tittel=tittel.strip(),
        status=status,
        avtalt_med_nav=avtalt_med_nav,
        fra_dato=fra_dato,
        til_dato=til_dato,
        beskrivelse=beskrivelse.strip(),
    )
    if fra_dato and til_dato and til_dato < fra_dato:
        raise ValidationError({"til_dato": "Sluttdatoen kan ikke være før startdatoen."})
    aktivitet.full_clean()
    aktivitet.save()
    _record_nav(
        access,
        Verb.AKTIVITET_ADDED,
        f"Aktivitet lagt til: {aktivitet.tittel} ({aktivitet.get_status_display()})",
        payload={"aktivitet": aktivitet.pk},
    )
    return aktivitet


def _aktivitet_to_change(access: CaseAccess, aktivitet_id: int) -> Aktivitet:
    """The activity as it stands in the plan being worked on. An approved plan stays as it was:
    the change goes into the new revision's copy of the activity."""
    current = plan_for(access.case)
    aktivitet = Aktivitet.objects.filter(pk=aktivitet_id, plan=current).first()
    if aktivitet is None:
        raise Http404("Fant ikke aktiviteten.")
    draft = _draft_plan(access.case)
    if draft.pk == current.pk:
        return aktivitet
    position = list(current.aktiviteter.order_by("id").values_list("pk", flat=True)).index(
        aktivitet.pk
    )
    return draft.aktiviteter.order_by("id")[position]


@transaction.atomic
def aktivitet_update(
    *,
    access: CaseAccess,
    aktivitet_id: int,
    type: str,
    tittel: str,
    status: str,
    avtalt_med_nav: bool,
    fra_dato: dt.date | None,
    til_dato: dt.date | None,
    beskrivelse: str = "",
) -> Aktivitet:
    _require_nav(access)
    if fra_dato and til_dato and til_dato < fra_dato:
        raise ValidationError({"til_dato": "Sluttdatoen kan ikke være før startdatoen."})
    aktivitet = _aktivitet_to_change(access, aktivitet_id)
    aktivitet.type, aktivitet.tittel, aktivitet.status = type, tittel.strip(), status
    aktivitet.avtalt_med_nav, aktivitet.fra_dato, aktivitet.til_dato = (
        avtalt_med_nav,
        fra_dato,
        til_dato,
    )
    aktivitet.beskrivelse = beskrivelse.strip()
    aktivitet.full_clean()
    aktivitet.save()
    _record_nav(
        access,
        Verb.AKTIVITET_CHANGED,
        f"Aktivitet endret: {aktivitet.tittel} ({aktivitet.get_status_display()})",
        payload={"aktivitet": aktivitet.pk},
    )
    return aktivitet


@transaction.atomic
def aktivitet_remove(*, access: CaseAccess, aktivitet_id: int) -> None:
    _require_nav(access)
    aktivitet = _aktivitet_to_change(access, aktivitet_id)
    tittel = aktivitet.tittel
    aktivitet.delete()
    _record_nav(access, Verb.AKTIVITET_REMOVED, f"Aktivitet fjernet: {tittel}")


@transaction.atomic
def aktivitet_set_status(*, access: CaseAccess, aktivitet_id: int, status: str) -> Aktivitet:
    _require_nav(access)
    aktivitet = Aktivitet.objects.filter(pk=aktivitet_id, plan=plan_for(access.case)).first()
    if aktivitet is None:
        raise Http404("Fant ikke aktiviteten.")
    old = aktivitet.get_status_display()
    aktivitet.status = status
    aktivitet.full_clean()
    aktivitet.save()
    _record_nav(
        access,
        Verb.AKTIVITET_STATUS_CHANGED,
        f"Aktivitet «{aktivitet.tittel}»: {old} → {aktivitet.get_status_display()}",
        payload={"aktivitet": aktivitet.pk, "status": status},
    )
    return aktivitet


@transaction.atomic
def plan_approve(*, access: CaseAccess, godkjent_dato: dt.date) -> Aktivitetsplan:
    """Godkjent on a date: the date the guarantee engine counts."""
    _require_nav(access)
    plan = plan_for(access.case)
    if plan is None or not (plan.mal or plan.aktiviteter.exists()):
        raise ValidationError("Planen må ha et mål eller minst én aktivitet før den godkjennes.")
    if godkjent_dato > timezone.localdate():
        raise ValidationError({"godkjent_dato": "Godkjenningsdatoen kan ikke være fram i tid."})
    if plan.godkjent_dato is not None:
        # A revised plan is a new plan; the approved one stays as it was approved.
        raise ValidationError("Planen er allerede godkjent.")
    plan.godkjent_dato = godkjent_dato
    plan.save()
    _record_nav(access, Verb.PLAN_GODKJENT, f"Aktivitetsplan godkjent {godkjent_dato:%d.%m.%Y}")
    _refresh_deadlines(access)
    return plan


@transaction.atomic
def behovsvurdering_record(*, access: CaseAccess, har_bedt_om_hjelp: bool, dato: dt.date, **fields):
    """Only when the youth has asked for help (the sources are explicit about this)."""
    _require_nav(access)
    if not har_bedt_om_hjelp:
        raise ValidationError(
            {"har_bedt_om_hjelp": "En behovsvurdering gjøres bare når ungdommen har bedt om hjelp."}
        )
    if dato > timezone.localdate():
        raise ValidationError({"dato": "Datoen kan ikke være fram i tid."})
    vurdering = Behovsvurdering(case=access.case, dato=dato, created_by=access.user, **fields)
    vurdering.full_clean()
    vurdering.save()
    _record_nav(
        access,
        Verb.BEHOVSVURDERING_RECORDED,
        f"Behovsvurdering {dato:%d.%m.%Y}: {vurdering.get_utfall_display()}",
    )
    return vurdering
