"""What every case page shares: loading the case (404 + access log), form pages, redirects."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.core.validators import MaxLengthValidator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from cases.access import CaseAccess, case_get_for_user
from cases.forms import (
    apply_service_error,
)
from cases.models import AccessLog
from nav_ot.forms import TEXT_MAX_LENGTH, no_control_characters

PAGE_SIZE = 25


def load_case(request, pk: int, *, needs: Callable[[CaseAccess], bool] | None = None, refusal=""):
    """The case or 404. A page that `needs` more of the case answers 403 with `refusal` when the
    user lacks it, and the refused read is not logged. `?utskrift=1` is logged as a print."""

    def require(access: CaseAccess) -> None:
        if needs is not None and not needs(access):
            raise PermissionDenied(refusal)

    printing = request.method == "GET" and request.GET.get("utskrift") == "1"
    return case_get_for_user(
        user=request.user,
        case_id=pk,
        path=request.path,
        action=AccessLog.Action.PRINT if printing else AccessLog.Action.VIEW,
        require=require,
    )


def require_case_worker(request):
    if request.user.agency is None:
        raise PermissionDenied("Bare NAV- og OT-ansatte har saker.")


def form_page(
    request, access, form, title: str, *, template: str = "cases/case_form.html", extra=None
):
    context = {
        "access": access,
        "case": access.case if access else None,
        "form": form,
        "title": title,
    }
    context.update(extra or {})
    return render(
        request, template, context, status=400 if form.is_bound and not form.is_valid() else 200
    )


def posted_id(request, name: str, what: str) -> int:
    """An id a form posts in a hidden field; anything else is a bad request, not a crash."""
    value = request.POST.get(name, "")
    if not re.fullmatch(r"[0-9]{1,12}", value):
        raise BadRequest(f"Mangler eller ugyldig {what}.")
    return int(value)


def posted_text(request, name: str, *, max_length: int = TEXT_MAX_LENGTH) -> str:
    """Free text a page posts without a form (a message, a reason), held to the same bounds a
    form's field is (nav_ot.forms): ValidationError for control characters or too long a text."""
    value = request.POST.get(name, "").strip()
    no_control_characters(value)
    MaxLengthValidator(max_length)(value)
    return value


def safe_next(request, default: str) -> str:
    target = request.POST.get("next") or ""
    # Only paths: redirect() would take a bare word for a view name and fail to reverse it.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def saved(request, case, message: str):
    messages.success(request, message)
    return redirect("cases:detail", pk=case.pk)


def simple_form(
    request, pk, form_class, title, run, *, form_kwargs=None, initial=None, success="Lagret."
):
    access = load_case(request, pk)
    kwargs = (form_kwargs or (lambda a: {}))(access)
    form = form_class(request.POST or None, initial=(initial or (lambda a: {}))(access), **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            run(access, form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            return saved(request, access.case, success)
    return form_page(request, access, form, title)


def require_nav_team_lead(request):
    if not request.user.leads_deadlines:
        raise PermissionDenied("Garantifristene for enheten er for NAV-teamledere.")
