"""Offering a place from the case, moving a participation's status, and the under-20 queue."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cases.access import log_access
from cases.models import AccessLog
from cases.services import current_vedtak
from measures import access, forms, selectors, services
from measures.eligibility import stopp_som_gjelder
from measures.models import Deltakelse, DeltakerStatus
from measures.views.common import PAGE_SIZE, form_page, nav_case, written
from nav_ot.forms import apply_service_error
from nav_ot.pagination import CappedPaginator


def tilby(request, case_id: int):
    """Choose a gjennomføring for the youth: free places and why-not shown for each."""
    case_rights = nav_case(request, case_id)
    case = case_rights.case
    vedtak = current_vedtak(case.youth)
    found = selectors.gjennomforinger_for(request.user, apne=True)
    page = selectors.page_with_places(
        CappedPaginator(found, PAGE_SIZE).get_page(request.GET.get("side"))
    )
    day = timezone.localdate()
    office = request.user.unit.office
    stopp = list(stopp_som_gjelder(office.fylke.pk, office.pk, day)) if office.fylke else []
    rows = [
        (
            g,
            services.hindringer_for(
                case, g, max(day, g.start_dato), enhet_id=office.pk, vedtak=vedtak, stopp=stopp
            ),
        )
        for g in page
    ]
    return render(
        request,
        "measures/tilby.html",
        {"case": case, "vedtak": vedtak, "page": page, "rows": rows},
    )


def tilby_gjennomforing(request, case_id: int, pk: int):
    case_rights = nav_case(request, case_id)
    gjennomforing = get_object_or_404(
        selectors.with_places(access.gjennomforinger_visible_to(request.user)).select_related(
            "tiltakstype", "arrangor"
        ),
        pk=pk,
    )
    form = forms.TilbyForm(
        request.POST or None,
        initial={"start_dato": max(timezone.localdate(), gjennomforing.start_dato)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            deltakelse = services.tilby_plass(
                actor=request.user,
                case=case_rights.case,
                gjennomforing=gjennomforing,
                **form.cleaned_data,
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            if deltakelse.status == DeltakerStatus.VENTELISTE:
                position = (
                    selectors.venteliste(gjennomforing)
                    .filter(soknad_at__lte=deltakelse.soknad_at)
                    .count()
                )
                messages.info(
                    request,
                    f"Gjennomføringen er full. Ungdommen står som nummer {position} på ventelisten.",
                )
            else:
                messages.success(request, "Ungdommen er meldt på og venter på oppstart.")
            return redirect("cases:detail", case_rights.case.pk)
    wait = None
    if gjennomforing.ledige <= 0:
        wait = selectors.estimert_ventetid(
            gjennomforing, timezone.localdate(), gjennomforing.venter + 1
        )
    return render(
        request,
        "measures/tilby_form.html",
        {"case": case_rights.case, "g": gjennomforing, "form": form, "ventetid": wait},
        status=400 if form.is_bound else 200,
    )


def deltakelse_status(request, deltakelse_id: int):
    deltakelse = get_object_or_404(
        Deltakelse.objects.select_related("gjennomforing__tiltakstype"), pk=deltakelse_id
    )
    case_rights = nav_case(request, deltakelse.case_id)
    allowed = sorted(services.OVERGANGER.get(deltakelse.status, ()))
    if not allowed:
        messages.info(request, "Deltakelsen er avsluttet og kan ikke endres.")
        return redirect("cases:detail", case_rights.case.pk)
    form = forms.StatusForm(
        request.POST or None, allowed=allowed, initial={"gyldig_fra": timezone.localdate()}
    )
    write = partial(services.endre_status, deltakelse, actor=request.user)
    if written(request, form, write, "Statusen er endret."):
        return redirect("cases:detail", case_rights.case.pk)
    omfang = forms.OmfangForm(
        prefix="omfang",
        initial={
            "gyldig_fra": timezone.localdate(),
            "dager_per_uke": deltakelse.dager_per_uke,
            "deltakelsesprosent": deltakelse.deltakelsesprosent,
        },
    )
    return form_page(
        request,
        "measures/status_form.html",
        {"case": case_rights.case, "d": deltakelse, "form": form, "omfang": omfang},
    )


@require_POST
def deltakelse_omfang(request, deltakelse_id: int):
    deltakelse = get_object_or_404(Deltakelse, pk=deltakelse_id)
    case_rights = nav_case(request, deltakelse.case_id)
    form = forms.OmfangForm(request.POST, prefix="omfang")
    write = partial(services.endre_omfang, deltakelse, actor=request.user)
    if written(request, form, write, "Omfanget er endret."):
        return redirect("cases:detail", case_rights.case.pk)
    return form_page(request, "measures/form.html", {"form": form, "title": "Endre omfang"})


def uten_tilbud(request):
    """Under-20s still without an offer (G1), longest wait first, for NAV."""
    page = CappedPaginator(selectors.under_20_uten_tilbud(request.user), PAGE_SIZE).get_page(
        request.GET.get("side")
    )
    today = timezone.localdate()
    rows = [(frist, (today - frist.startdato).days) for frist in page]
    log_access(
        request.user,
        [frist.case_id for frist in page if frist.case_id],
        AccessLog.Action.LIST,
        request.path,
    )
    return render(request, "measures/uten_tilbud.html", {"page": page, "rows": rows})
