"""Guarantee deadlines: the team lead's queue and actions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cases import selectors, services
from cases.access import log_access, youths_cases
from cases.forms import FristPauseForm, FristSignOffForm
from cases.models import AccessLog
from cases.tables import FristTable
from cases.views.common import PAGE_SIZE, require_nav_team_lead, safe_next
from nav_ot.pagination import paginate_table


def deadline_queue(request):
    require_nav_team_lead(request)
    filterset = selectors.deadline_queue(request.user, request.GET)
    table = FristTable(filterset.qs, order_by=request.GET.get("sort") or "frist")
    # Deep pages join only their own rows (youth, rule, vedtak, case and two veiledere each).
    paginate_table(table, request.GET.get("side"), PAGE_SIZE, deferred_join=True)
    shown = youths_cases(youth_id__in=[row.record.youth_id for row in table.page.object_list])
    log_access(request.user, shown, AccessLog.Action.LIST, request.path)
    return render(request, "cases/deadline_queue.html", {"filter": filterset, "table": table})


def _frist_action(request, run, message, form_class=None):
    """The queue's inline forms answer with a message on the queue, valid or not."""
    require_nav_team_lead(request)
    form = form_class(request.POST) if form_class else None
    try:
        if form is not None and not form.is_valid():
            raise ValidationError([m for errors in form.errors.values() for m in errors])
        run(form.cleaned_data if form is not None else {})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, message)
    return redirect(safe_next(request, reverse("cases:deadline_queue")))


@require_POST
def frist_sign_off(request, frist_id):
    return _frist_action(
        request,
        lambda d: services.frist_sign_off(
            actor=request.user, frist_id=frist_id, comment=d["comment"]
        ),
        "Bruddet er kvittert ut.",
        FristSignOffForm,
    )


@require_POST
def frist_pause(request, frist_id):
    return _frist_action(
        request,
        lambda d: services.frist_pause(
            actor=request.user,
            frist_id=frist_id,
            reason=d["reason"],
            today=timezone.localdate(),
        ),
        "Fristen er satt på pause.",
        FristPauseForm,
    )


@require_POST
def frist_resume(request, frist_id):
    return _frist_action(
        request,
        lambda d: services.frist_resume(
            actor=request.user, frist_id=frist_id, today=timezone.localdate()
        ),
        "Fristen løper igjen.",
    )
