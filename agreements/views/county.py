"""The fylkeskoordinator's county view: counts per office, never a youth's name."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from accounts.models import Unit
from agreements import access, selectors


def _fylke(request) -> Unit:
    fylke_id = access.coordinator_fylke_id(request.user)
    if fylke_id is None:
        raise PermissionDenied("Fylkesoversikten er for fylkeskoordinatorer.")
    return Unit.objects.get(pk=fylke_id)


def county(request):
    fylke = _fylke(request)
    today = timezone.localdate()
    avtaler = []
    for avtale in fylke.avtaler.order_by("kind", "navn"):
        versjon = selectors.current_version(avtale)
        statuses = selectors.obligation_statuses(versjon, today) if versjon else []
        avtaler.append(
            {
                "avtale": avtale,
                "versjon": versjon,
                "forfalt": sum(s.status == "forfalt" for s in statuses),
                "snart": sum(s.status == "snart" for s in statuses),
                "oppfylt": sum(s.status == "oppfylt" for s in statuses),
            }
        )
    rows = selectors.office_rows(fylke, today)
    return render(
        request,
        "agreements/county.html",
        {
            "fylke": fylke,
            "avtaler": avtaler,
            "rows": rows,
            # The oldest office's figures: the page is as fresh as that.
            "beregnet": min((row["beregnet"] for row in rows), default=None),
        },
    )


def county_office(request, pk):
    fylke = _fylke(request)
    office = Unit.objects.filter(pk=pk, parent=fylke, type=Unit.Type.NAV_KONTOR).first()
    if office is None:
        raise Http404("Fant ikke kontoret.")
    return render(
        request,
        "agreements/county_office.html",
        {"fylke": fylke, "office": office, "caseload": selectors.caseload(office)},
    )
