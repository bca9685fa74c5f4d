"""Overføringer: asking another office to take over a side, and answering such requests."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from cases import selectors, services
from cases.access import log_access
from cases.forms import RegisterYouthForm, TransferDecisionForm, TransferForm
from cases.models import AccessLog, CaseStatus
from cases.views.common import PAGE_SIZE, posted_text, require_case_worker, simple_form
from nav_ot.pagination import CappedPaginator


@require_http_methods(["GET", "POST"])
def transfer_create(request, pk):
    return simple_form(
        request,
        pk,
        TransferForm,
        "Overfør saken til et annet kontor",
        lambda a, d: services.overforing_request(
            access=a, to_unit=d["to_unit"], reason=d["reason"]
        ),
        form_kwargs=lambda a: {"access": a},
        success="Overføringen er bedt om. Kontoret som mottar saken, svarer under Overføringer.",
    )


def transfers(request):
    require_case_worker(request)
    # Two lists on one page, each paginated in SQL: `side` pages the first, `ut` the second.
    incoming_page = CappedPaginator(
        selectors.overforinger_to_answer(request.user).order_by("created_at", "pk"), PAGE_SIZE
    ).get_page(request.GET.get("side"))
    outgoing_page = CappedPaginator(
        selectors.overforinger_waiting_on_others(request.user).order_by("created_at", "pk"),
        PAGE_SIZE,
    ).get_page(request.GET.get("ut"))
    incoming, outgoing = list(incoming_page.object_list), list(outgoing_page.object_list)
    # The answering office reads the youth before it has the case: that read is logged too.
    log_access(
        request.user,
        [overforing.case_id for overforing in incoming + outgoing],
        AccessLog.Action.VIEW,
        request.path,
    )
    for overforing in incoming:
        overforing.form = TransferDecisionForm(prefix=f"o{overforing.pk}")
        overforing.form.helper.form_action = f"{request.path}{overforing.pk}/svar/"
    return render(
        request,
        "cases/transfers.html",
        {
            "incoming": incoming,
            "outgoing": outgoing,
            "incoming_page": incoming_page,
            "outgoing_page": outgoing_page,
            "incoming_query": urlencode({"ut": outgoing_page.number}),
            "outgoing_query": urlencode({"side": incoming_page.number}),
        },
    )


@require_POST
def transfer_decide(request, overforing_id):
    require_case_worker(request)
    form = TransferDecisionForm(request.POST, prefix=f"o{overforing_id}")
    if not form.is_valid():
        messages.error(request, "Velg om overføringen godtas eller avvises.")
        return redirect("cases:transfers")
    data = form.cleaned_data
    try:
        if data["decision"] == "accept":
            overforing = services.overforing_accept(
                user=request.user, overforing_id=overforing_id, reason=data["reason"]
            )
            messages.success(request, f"Saken er overført til {overforing.to_unit.navn}.")
        else:
            services.overforing_reject(
                user=request.user, overforing_id=overforing_id, reason=data["reason"]
            )
            messages.success(request, "Overføringen er avvist.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("cases:transfers")


@require_POST
def transfer_withdraw(request, overforing_id):
    require_case_worker(request)
    services.overforing_withdraw(user=request.user, overforing_id=overforing_id)
    messages.success(request, "Overføringen er trukket.")
    return redirect("cases:transfers")


@require_POST
def register_transfer(request):
    """From registration: ask the office that follows the youth up to hand the case over. The
    user posts the registration data again (not an id), as the duplicate page showed it."""
    require_case_worker(request)
    form = RegisterYouthForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, "Opplysningene om ungdommen er ugyldige. Registrer på nytt.")
        return redirect("cases:register")
    data = form.cleaned_data
    youth = services.youth_find_existing(
        fnr=data["fnr"],
        first_name=data["first_name"],
        last_name=data["last_name"],
        birth_date=data["birth_date"],
    )
    case = youth and youth.cases.exclude(status=CaseStatus.AVSLUTTET).first()
    if case is None:
        messages.error(request, "Fant ingen åpen sak for ungdommen. Registrer på nytt.")
        return redirect("cases:register")
    try:
        overforing = services.overforing_ask(
            actor=request.user, case=case, reason=posted_text(request, "reason")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("cases:register")
    messages.success(request, f"{overforing.from_unit.navn} er bedt om å overføre saken til dere.")
    return redirect("cases:transfers")
