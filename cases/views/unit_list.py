"""Enhetens saker, bulk assignment and saksmengde."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from cases import selectors, services
from cases.access import cases_visible_to, log_access, may_sort_on
from cases.forms import (
    BulkAssignForm,
)
from cases.models import AccessLog
from cases.tables import CaseTable
from cases.views.common import PAGE_SIZE, require_case_worker, safe_next
from nav_ot.pagination import CappedPaginator, paginate_table


def unit_list(request):
    require_case_worker(request)
    filterset = selectors.unit_cases(request.user, request.GET)
    order_by = request.GET.get("sort") or "-created_at"
    if not may_sort_on(request.user.agency, order_by):
        order_by = "-created_at"
    table = CaseTable(filterset.qs, user=request.user, order_by=order_by)
    paginate_table(table, request.GET.get("side"), PAGE_SIZE)
    searched = bool(filterset.form.is_valid() and filterset.form.cleaned_data.get("q"))
    log_access(
        request.user,
        [row.record for row in table.page.object_list],
        AccessLog.Action.SEARCH if searched else AccessLog.Action.LIST,
        request.path,
    )
    bulk_form = BulkAssignForm(user=request.user, visible_cases=cases_visible_to(request.user))
    return render(
        request,
        "cases/unit_list.html",
        {"filter": filterset, "table": table, "bulk_form": bulk_form},
    )


@require_POST
def bulk_assign(request):
    require_case_worker(request)
    form = BulkAssignForm(
        request.POST, user=request.user, visible_cases=cases_visible_to(request.user)
    )
    if not form.is_valid():
        messages.error(request, "Velg minst én sak og hvem sakene skal fordeles til.")
    else:
        result = services.cases_bulk_assign(
            user=request.user,
            case_ids=[c.pk for c in form.cleaned_data["cases"]],
            owner=form.cleaned_data["owner"],
            reason=form.cleaned_data["reason"],
        )
        name = form.cleaned_data["owner"].get_full_name()
        messages.success(
            request,
            ngettext(
                "%(n)d sak fordelt til %(name)s.",
                "%(n)d saker fordelt til %(name)s.",
                result.changed,
            )
            % {"n": result.changed, "name": name},
        )
        if result.refused:
            messages.warning(
                request,
                ngettext(
                    "%(n)d sak ble ikke endret: bare teamledere fordeler andres saker.",
                    "%(n)d saker ble ikke endret: bare teamledere fordeler andres saker.",
                    result.refused,
                )
                % {"n": result.refused},
            )
    return redirect(safe_next(request, reverse("cases:list")))


CASELOAD_PAGE_SIZE = 50


def caseload(request):
    if not request.user.is_team_lead:
        raise PermissionDenied("Saksmengde per veileder er for teamledere.")
    owners = selectors.caseload_per_owner(request.user)
    page = CappedPaginator(owners, CASELOAD_PAGE_SIZE).get_page(request.GET.get("side"))
    return render(request, "cases/caseload.html", {"page": page})
