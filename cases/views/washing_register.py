"""Washing the youth already in Trekant from the web: each side for its own unit, through the
same outbox, task and progress page as an uploaded list."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.models import Agency
from cases.access import washing_offices, washing_units
from cases.forms import RegisterWashForm
from cases.models import direction_label
from cases.washing.uploads import register_queue


@require_http_methods(["GET", "POST"])
def register(request):
    agency = getattr(request.user, "agency", None)
    office = washing_offices(request.user).first() if agency == Agency.NAV else None
    if (agency == Agency.NAV and office is None) or not washing_units(request.user).exists():
        raise PermissionDenied("Listevask er for OT-rådgivere og NAV-ansatte.")
    form = RegisterWashForm(
        request.POST or None, units=washing_units(request.user).order_by("navn")
    )
    if request.method == "POST" and form.is_valid():
        try:
            queued = register_queue(
                user=request.user, ot_enhet=form.cleaned_data["ot_enhet"], nav_kontor=office
            )
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("cases:washing_progress", pk=queued.pk)
    side = Agency.NAV if office is not None else Agency.OT
    context = {"form": form, "direction": direction_label(side, "register", office)}
    return render(request, "cases/washing/register.html", context)
