"""NAV's oppfølging pages: §14a vedtak, aktivitetsplan, behovsvurdering."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts.models import Agency
from cases import selectors
from cases.forms import (
    AktivitetForm,
    BehovsvurderingForm,
    PlanApproveForm,
    PlanGoalForm,
    VedtakFatteForm,
    VedtakForm,
    apply_service_error,
)
from cases.models import Aktivitet, Vedtak14a
from cases.services import oppfolging
from cases.views.common import load_case, posted_id, saved


def _nav_side(request, pk):
    return load_case(
        request,
        pk,
        needs=lambda access: access.side == Agency.NAV,
        refusal="§14a-vedtak og aktivitetsplan er NAVs. OT ser dem med samtykke på saken.",
    )


@require_http_methods(["GET", "POST"])
def vedtak_page(request, pk):

    access = _nav_side(request, pk)
    handling = request.POST.get("handling")
    vurdering = access.case.behovsvurderinger.order_by("-dato", "-id").first()
    form = VedtakForm(
        request.POST if handling == "utkast" else None,
        initial=VedtakForm.initial_from(vurdering),
    )
    fatte_form = VedtakFatteForm(
        request.POST if handling == "fatte" else None, initial={"vedtak_dato": timezone.localdate()}
    )
    for each in (form, fatte_form):
        each.helper.form_tag = False
    fatte_form.helper.inputs = []
    if request.method == "POST":
        try:
            if handling == "utkast" and form.is_valid():
                oppfolging.vedtak_draft(access=access, **form.cleaned_data)
                return saved(request, access.case, "Utkastet er lagret.")
            if handling == "beslutter":
                oppfolging.vedtak_to_beslutter(
                    access=access, vedtak_id=posted_id(request, "vedtak", "vedtak")
                )
                return saved(request, access.case, "Vedtaket er sendt til beslutter.")
            if handling == "fatte" and fatte_form.is_valid():
                oppfolging.vedtak_fatte(
                    access=access,
                    vedtak_id=posted_id(request, "vedtak", "vedtak"),
                    vedtak_dato=fatte_form.cleaned_data["vedtak_dato"],
                    change_reason=fatte_form.cleaned_data["change_reason"],
                )
                return saved(request, access.case, "Vedtaket er fattet.")
        except ValidationError as error:
            apply_service_error(fatte_form if handling == "fatte" else form, error)
    vedtak = selectors.case_vedtak(access.case).select_related("veileder", "beslutter")
    return render(
        request,
        "cases/vedtak.html",
        {
            "access": access,
            "case": access.case,
            "form": form,
            "fatte_form": fatte_form,
            "vedtak": vedtak,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def vedtak_draft_page(request, pk, vedtak_id):
    """One saved draft: read it, change it or delete it (a fattet vedtak is never changed)."""
    access = _nav_side(request, pk)
    vedtak = get_object_or_404(
        Vedtak14a.objects.select_related("veileder"), pk=vedtak_id, case=access.case
    )
    editable = vedtak.status == Vedtak14a.Status.UTKAST
    handling = request.POST.get("handling")
    form = VedtakForm(
        request.POST if handling == "endre" else None,
        initial={
            "innsatsgruppe": vedtak.innsatsgruppe,
            "hovedmal": vedtak.hovedmal,
            "begrunnelse": vedtak.begrunnelse,
            "kilder": vedtak.kilder,
        },
    )
    form.helper.form_tag = False
    form.helper.inputs = []
    if request.method == "POST":
        if not editable:
            raise PermissionDenied("Bare utkast kan endres eller slettes.")
        try:
            if handling == "slett":
                oppfolging.vedtak_delete_draft(access=access, vedtak_id=vedtak.pk)
                messages.success(request, "Utkastet er slettet.")
                return redirect("cases:vedtak", pk=access.case.pk)
            if handling == "endre" and form.is_valid():
                oppfolging.vedtak_update_draft(
                    access=access, vedtak_id=vedtak.pk, **form.cleaned_data
                )
                messages.success(request, "Utkastet er endret.")
                return redirect("cases:vedtak", pk=access.case.pk)
        except ValidationError as error:
            apply_service_error(form, error)
    return render(
        request,
        "cases/vedtak_draft.html",
        {
            "access": access,
            "case": access.case,
            "vedtak": vedtak,
            "form": form,
            "editable": editable,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def aktivitetsplan_page(request, pk):

    access = load_case(
        request,
        pk,
        needs=lambda access: access.sees_work,
        refusal="Aktivitetsplanen krever samtykke som dekker arbeid og tiltak.",
    )
    handling = request.POST.get("handling")
    plan = oppfolging.plan_for(access.case)
    goal_form = PlanGoalForm(
        request.POST if handling == "mal" else None, initial={"mal": plan.mal if plan else ""}
    )
    aktivitet_form = AktivitetForm(request.POST if handling == "aktivitet" else None)
    approve_form = PlanApproveForm(
        request.POST if handling == "godkjenn" else None,
        initial={"godkjent_dato": timezone.localdate()},
    )
    for form, name in (
        (goal_form, "mal"),
        (aktivitet_form, "aktivitet"),
        (approve_form, "godkjenn"),
    ):
        form.helper.form_tag = False
        form.helper.inputs = []
        form.handling = name
    if request.method == "POST":
        if access.side != Agency.NAV:
            raise PermissionDenied("Bare NAV kan endre aktivitetsplanen.")
        actions = {
            "mal": (
                goal_form,
                lambda d: oppfolging.plan_set_goal(access=access, **d),
                "Målet er lagret.",
            ),
            "aktivitet": (
                aktivitet_form,
                lambda d: oppfolging.aktivitet_add(access=access, **d),
                "Aktiviteten er lagt til.",
            ),
            "godkjenn": (
                approve_form,
                lambda d: oppfolging.plan_approve(access=access, **d),
                "Planen er godkjent.",
            ),
        }
        if handling == "status":
            try:
                oppfolging.aktivitet_set_status(
                    access=access,
                    aktivitet_id=posted_id(request, "aktivitet", "aktivitet"),
                    status=request.POST.get("status", ""),
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                return redirect("cases:aktivitetsplan", pk=pk)
        if handling in actions:
            form, run, message = actions[handling]
            if form.is_valid():
                try:
                    run(form.cleaned_data)
                except ValidationError as error:
                    apply_service_error(form, error)
                else:
                    messages.success(request, message)
                    return redirect("cases:aktivitetsplan", pk=pk)
    plan = oppfolging.plan_for(access.case)
    return render(
        request,
        "cases/aktivitetsplan.html",
        {
            "access": access,
            "case": access.case,
            "plan": plan,
            "aktiviteter": plan.aktiviteter.all() if plan else [],
            "statuses": Aktivitet.Status.choices,
            "goal_form": goal_form,
            "aktivitet_form": aktivitet_form,
            "approve_form": approve_form,
            "print": request.GET.get("utskrift") == "1",
            "vedtak": oppfolging.current_vedtak(access.case.youth),
            "today": timezone.localdate(),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def aktivitet_page(request, pk, aktivitet_id):
    """Change or remove one activity; on an approved plan the change starts a new revision."""
    access = _nav_side(request, pk)
    plan = oppfolging.plan_for(access.case)
    aktivitet = get_object_or_404(Aktivitet, pk=aktivitet_id, plan=plan)
    handling = request.POST.get("handling")
    form = AktivitetForm(
        request.POST if handling == "endre" else None,
        initial={
            name: getattr(aktivitet, name)
            for name in ("type", "tittel", "status", "avtalt_med_nav", "fra_dato", "til_dato")
        },
    )
    form.helper.form_tag = False
    form.helper.inputs = []
    if request.method == "POST":
        try:
            if handling == "fjern":
                oppfolging.aktivitet_remove(access=access, aktivitet_id=aktivitet.pk)
                messages.success(request, "Aktiviteten er fjernet.")
                return redirect("cases:aktivitetsplan", pk=pk)
            if handling == "endre" and form.is_valid():
                oppfolging.aktivitet_update(
                    access=access, aktivitet_id=aktivitet.pk, **form.cleaned_data
                )
                messages.success(request, "Aktiviteten er endret.")
                return redirect("cases:aktivitetsplan", pk=pk)
        except ValidationError as error:
            apply_service_error(form, error)
    return render(
        request,
        "cases/aktivitet.html",
        {"access": access, "case": access.case, "plan": plan, "aktivitet": aktivitet, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def behovsvurdering_page(request, pk):

    access = load_case(
        request,
        pk,
        needs=lambda access: access.sees_work,
        refusal="Behovsvurderingen krever samtykke som dekker arbeid og tiltak.",
    )
    form = BehovsvurderingForm(
        request.POST or None,
        initial={"dato": timezone.localdate(), "rett_til_vgo": access.case.rett_til_vgo},
    )
    if request.method == "POST":
        if access.side != Agency.NAV:
            raise PermissionDenied("Bare NAV gjør behovsvurderinger.")
        if form.is_valid():
            try:
                oppfolging.behovsvurdering_record(access=access, **form.cleaned_data)
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                return saved(request, access.case, "Behovsvurderingen er lagret.")
    return render(
        request,
        "cases/behovsvurdering.html",
        {
            "access": access,
            "case": access.case,
            "form": form,
            "vurderinger": access.case.behovsvurderinger.select_related("created_by"),
        },
        status=400 if form.is_bound and form.errors else 200,
    )
