"""The case page and its lifecycle: status, owner, OT status, school."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts.models import Agency
from cases import selectors, services
from cases.forms import (
    AssignForm,
    OtStatusForm,
    PeriodeEndForm,
    ReasonForm,
    SchoolForm,
    StatusForm,
)
from cases.models import Task
from cases.views.common import load_case, simple_form


def detail(request, pk):
    access = load_case(request, pk)
    services.case_mark_seen(access=access)
    case = access.case
    meetings = (
        case.trekantsamtaler.prefetch_related("actions").order_by("-planned_at")
        if access.sees_joint_work
        else []
    )
    actions = (
        list(
            case.actions.select_related("responsible_user", "done_by").order_by(
                "done_at", "due_date"
            )
        )
        if access.sees_joint_work
        else []
    )
    for action in actions:
        action.completion_shown = access.sees_completion(action)
    context = {
        "access": access,
        "case": case,
        "samtykker": case.samtykker.select_related("recorded_by"),
        "notes": selectors.notes_for(access),
        "timeline": selectors.timeline_for(access)[:100],
        "meetings": meetings,
        "actions": actions,
        "henvisninger": case.henvisninger.select_related("to_unit"),
        "inform_ot": case.tasks.filter(kind=Task.Kind.INFORMER_OT, done_at__isnull=True).first(),
        "huskelapp": case.tasks.filter(
            kind=Task.Kind.HUSKELAPP, owner_user=request.user, done_at__isnull=True
        ).first(),
        # Vedtak and deadlines are NAV's (work and tiltak) data.
        "frister": selectors.case_deadlines(case) if access.sees_work else None,
        "today": timezone.localdate(),
        "ivaretatt": selectors.ivaretatt_status(case, access.side),
        "oppfolging": selectors.oppfolging_panel(access),
    }
    return render(request, "cases/case_detail.html", context)


@require_http_methods(["GET", "POST"])
def status_change(request, pk):
    return simple_form(
        request,
        pk,
        StatusForm,
        "Endre status",
        lambda a, d: services.case_change_status(
            access=a, status=d["status"], outcome=d["outcome"], reason=d["reason"]
        ),
        form_kwargs=lambda a: {"case": a.case},
        success="Statusen er endret.",
    )


@require_http_methods(["GET", "POST"])
def periode_end(request, pk):
    """The form is the confirmation: the panel's button leads here, the POST ends the period."""
    return simple_form(
        request,
        pk,
        PeriodeEndForm,
        "Avslutt oppfølgingen hos oss",
        lambda a, d: services.periode_end(
            access=a, outcome=d["outcome"], reason=d["reason"], ended_on=d["ended_on"]
        ),
        success="Oppfølgingen hos dere er avsluttet.",
    )


@require_http_methods(["GET", "POST"])
def periode_reopen(request, pk):
    return simple_form(
        request,
        pk,
        ReasonForm,
        "Gjenåpne oppfølgingen hos oss",
        lambda a, d: services.periode_reopen(access=a, reason=d["reason"]),
        form_kwargs=lambda a: {"submit_label": "Gjenåpne oppfølgingen"},
        success="Oppfølgingen hos dere er gjenåpnet.",
    )


@require_http_methods(["GET", "POST"])
def assign(request, pk):
    return simple_form(
        request,
        pk,
        AssignForm,
        "Endre eier",
        lambda a, d: services.case_assign(access=a, owner=d["owner"], reason=d["reason"]),
        form_kwargs=lambda a: {"office": a.case.unit_for(a.side), "agency": a.side},
        success="Eieren er endret.",
    )


def _ot_only(view):
    """OT status and school situation are OT's data: NAV may read them (with samtykke), not edit."""

    def wrapped(request, pk):
        if request.user.agency != Agency.OT:
            # 404 for outsiders, before saying anything else; 403 (not logged) for NAV.
            load_case(request, pk, needs=lambda access: False, refusal="Bare OT kan endre dette.")
        return view(request, pk)

    return wrapped


@require_http_methods(["GET", "POST"])
@_ot_only
def ot_status(request, pk):
    return simple_form(
        request,
        pk,
        OtStatusForm,
        "Endre OT-status",
        lambda a, d: services.case_set_ot_status(
            access=a, ot_status=d["ot_status"], reason=d["reason"]
        ),
        initial=lambda a: {"ot_status": a.case.ot_status},
        success="OT-statusen er endret.",
    )


@require_http_methods(["GET", "POST"])
@_ot_only
def school(request, pk):
    return simple_form(
        request,
        pk,
        SchoolForm,
        "Skolesituasjon",
        lambda a, d: services.case_update_school(
            access=a,
            rett_til_vgo=d["rett_til_vgo"],
            school=d["school"],
            programme=d["programme"],
            next_intake=d["next_intake"],
        ),
        initial=lambda a: {
            "rett_til_vgo": a.case.rett_til_vgo,
            "school": a.case.school,
            "programme": a.case.programme,
            "next_intake": a.case.next_intake,
        },
        success="Skolesituasjonen er lagret.",
    )
