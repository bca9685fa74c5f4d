"""Joint work pages: notes, contacts, trekantsamtaler, actions, henvisninger, huskelapp."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases import selectors, services
from cases.access import case_access, log_access
from cases.forms import (
    ACTION_PREFIX,
    ActionForm,
    ActionFormSet,
    ContactForm,
    HuskelappForm,
    MeetingHoldForm,
    MeetingPlanForm,
    MeetingRegisterForm,
    NoteForm,
    ReasonForm,
    ReferralDecisionForm,
    ReferralForm,
    apply_service_error,
)
from cases.models import AccessLog, Case, Trekantsamtale
from cases.views.common import load_case, safe_next, saved, simple_form


@require_http_methods(["GET", "POST"])
def note_create(request, pk):
    return simple_form(
        request,
        pk,
        NoteForm,
        "Nytt notat",
        lambda a, d: services.note_add(
            access=a, text=d["text"], visibility=d["visibility"], category=d["category"]
        ),
        form_kwargs=lambda a: {"access": a},
        success="Notatet er lagret.",
    )


@require_http_methods(["GET", "POST"])
def contact_create(request, pk):
    return simple_form(
        request,
        pk,
        ContactForm,
        "Registrer kontakt",
        lambda a, d: services.contact_register(
            access=a,
            kind=d["kind"],
            happened_at=d["happened_at"],
            note=d["note"],
            category=d["category"],
        ),
        initial=lambda a: {
            "happened_at": timezone.localtime().replace(second=0, microsecond=0),
            "category": a.own_category,
        },
        success="Kontakten er registrert.",
    )


@require_http_methods(["GET", "POST"])
def meeting_plan(request, pk):
    return simple_form(
        request,
        pk,
        MeetingPlanForm,
        "Planlegg trekantsamtale",
        lambda a, d: services.trekantsamtale_plan(access=a, **d),
        success="Trekantsamtalen er planlagt.",
    )


@require_http_methods(["GET", "POST"])
def meeting_detail(request, pk, meeting_id):
    access = load_case(
        request,
        pk,
        needs=lambda access: access.sees_joint_work,
        refusal="Trekantsamtaler krever et gyldig samtykke.",
    )
    meeting = get_object_or_404(Trekantsamtale, pk=meeting_id, case=access.case)
    form = MeetingHoldForm(request.POST or None, initial={"held_on": timezone.localdate()})
    actions = ActionFormSet(request.POST or None, prefix=ACTION_PREFIX)
    if request.method == "POST" and form.is_valid() and actions.is_valid():
        items = _action_items(actions)
        try:
            services.trekantsamtale_hold(
                access=access,
                meeting_id=meeting.pk,
                held_on=form.cleaned_data["held_on"],
                referat=form.cleaned_data["referat"],
                actions=items,
                next_planned_at=form.cleaned_data["next_planned_at"],
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            return saved(
                request, access.case, "Referatet er lagret, og de avtalte tiltakene er fordelt."
            )
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "cases/meeting_detail.html",
        {
            "access": access,
            "case": access.case,
            "meeting": meeting,
            "form": form,
            "actions": actions,
        },
        status=status,
    )


def _action_items(actions) -> list[services.ActionInput]:
    return [
        services.ActionInput(
            f.cleaned_data["description"], f.cleaned_data["responsible"], f.cleaned_data["due_date"]
        )
        for f in actions.forms
        if f.cleaned_data.get("description")
    ]


@require_http_methods(["GET", "POST"])
def meeting_register(request, pk):
    """Register a trekantsamtale that was already held: time, participants, referat and the
    agreed actions in one go."""
    access = load_case(
        request,
        pk,
        needs=lambda access: access.may_plan_meetings,
        refusal="Trekantsamtaler krever et gyldig samtykke.",
    )
    form = MeetingRegisterForm(request.POST or None)
    actions = ActionFormSet(request.POST or None, prefix=ACTION_PREFIX)
    if request.method == "POST" and form.is_valid() and actions.is_valid():
        try:
            meeting = services.trekantsamtale_register_held(
                access=access, actions=_action_items(actions), **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, "Samtalen er registrert, og de avtalte tiltakene er fordelt.")
            return redirect("cases:meeting", pk=access.case.pk, meeting_id=meeting.pk)
    return render(
        request,
        "cases/meeting_register.html",
        {"access": access, "case": access.case, "form": form, "actions": actions},
        status=400 if request.method == "POST" else 200,
    )


@require_GET
def action_row(request, pk):
    """One more agreed-action row for the meeting forms (htmx), numbered after the rows the page
    has; it also bumps the formset's form count. `fjern` answers nothing, which removes a row."""
    case = Case.objects.filter(pk=pk).first()
    if case is None or case_access(request.user, case) is None:
        raise Http404("Fant ikke saken.")
    if "fjern" in request.GET:
        return HttpResponse("")
    try:
        index = int(request.GET.get(f"{ACTION_PREFIX}-TOTAL_FORMS", ""))
    except ValueError:
        return HttpResponse("Mangler antall rader.", status=400)
    if not 0 <= index < ActionFormSet.max_num:
        return HttpResponse("Du kan ikke legge til flere tiltak.", status=400)
    row = ActionForm(prefix=f"{ACTION_PREFIX}-{index}")
    return render(
        request,
        "cases/_action_row.html",
        {"case_pk": pk, "action_form": row, "total": index + 1, "oob": True},
    )


@require_http_methods(["GET", "POST"])
def meeting_cancel(request, pk, meeting_id):
    return simple_form(
        request,
        pk,
        ReasonForm,
        "Avlys trekantsamtale",
        lambda a, d: services.trekantsamtale_cancel(
            access=a, meeting_id=meeting_id, reason=d["reason"]
        ),
        form_kwargs=lambda a: {"submit_label": "Avlys samtalen"},
        success="Samtalen er avlyst.",
    )


@require_POST
def action_done(request, pk, action_id):
    access = load_case(
        request,
        pk,
        needs=lambda access: access.sees_joint_work,
        refusal="Avtalte tiltak krever et gyldig samtykke.",
    )
    action = services.action_complete(access=access, action_id=action_id)
    messages.success(request, f"«{action.description}» er markert som utført.")
    return redirect(safe_next(request, reverse("cases:detail", args=[pk])))


@require_http_methods(["GET", "POST"])
def referral_create(request, pk):
    return simple_form(
        request,
        pk,
        ReferralForm,
        "Henvis til den andre parten",
        lambda a, d: services.henvisning_send(access=a, to_unit=d["to_unit"], message=d["message"]),
        form_kwargs=lambda a: {"access": a},
        success="Henvisningen er sendt.",
    )


@require_http_methods(["GET", "POST"])
def referral_decide(request, referral_id):
    henvisning = get_object_or_404(selectors.henvisninger_waiting_for(request.user), pk=referral_id)
    # The receiving unit reads the youth before it has access to the case: log that read too.
    log_access(request.user, [henvisning.case], AccessLog.Action.VIEW, request.path)
    form = ReferralDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.henvisning_decide(
                user=request.user,
                henvisning_id=henvisning.pk,
                accept=form.cleaned_data["decision"] == "accept",
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            if form.cleaned_data["decision"] == "accept":
                return saved(
                    request, henvisning.case, "Henvisningen er akseptert. Saken er nå også deres."
                )
            messages.success(request, "Henvisningen er avvist.")
            return redirect("cases:mine")
    return render(
        request,
        "cases/referral_decide.html",
        {"henvisning": henvisning, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@require_POST
def inform_ot_ack(request, pk):
    access = load_case(request, pk)
    services.inform_ot_acknowledge(access=access)
    return saved(request, access.case, "Bekreftet: OT kjenner til ungdommen.")


@require_http_methods(["GET", "POST"])
def huskelapp(request, pk):
    if request.method == "POST" and request.POST.get("ferdig"):
        access = load_case(request, pk)
        services.huskelapp_done(access=access)
        return saved(request, access.case, "Huskelappen er fjernet.")
    return simple_form(
        request,
        pk,
        HuskelappForm,
        "Huskelapp",
        lambda a, d: services.huskelapp_set(access=a, text=d["text"], due_date=d["due_date"]),
        success="Huskelappen er lagret.",
    )
