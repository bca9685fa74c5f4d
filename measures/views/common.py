"""What the tiltak pages share: the form-submit helper, the 400 form page, who is asking."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render

from cases.access import case_get_for_user
from measures import access
from nav_ot.forms import apply_service_error

PAGE_SIZE = 25


def written(request, form, write, success: str):
    """For a valid POSTed form: run `write(**cleaned_data)` and say `success`; return what it
    wrote, or None when there was nothing to write or the service refused (on the form)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = write(**form.cleaned_data)
    except ValidationError as error:
        apply_service_error(form, error)
        return None
    messages.success(request, success)
    return result or True


def form_page(request, template: str, context: dict):
    """A form page: 400 when a submitted form came back with errors."""
    return render(request, template, context, status=400 if context["form"].is_bound else 200)


def fylke_for(user):
    fylke = access.coordinator_fylke(user)
    if fylke is None and access.is_admin(user) and user.unit_id:
        fylke = user.unit.fylke
    if fylke is None:
        raise PermissionDenied("Bare fylkeskoordinatoren kan registrere gjennomføringer.")
    return fylke


def nav_case(request, case_id: int):
    case_rights = case_get_for_user(user=request.user, case_id=case_id, path=request.path)
    if case_rights.side != "nav":
        raise PermissionDenied("Bare NAV melder på tiltak.")
    return case_rights
