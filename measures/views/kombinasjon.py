"""Kombinasjonstiltak and their templates, and OT's confirmation."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cases.access import case_get_for_user
from measures import access, forms, selectors, services
from measures.models import ANSVAR_NAV, ANSVAR_OT, Deltakelse, Kombinasjonstiltak
from measures.views.common import form_page, nav_case, written


def maler(request):
    fylke = request.user.unit.fylke if request.user.unit_id else None
    return render(
        request,
        "measures/maler.html",
        {
            "maler": selectors.maler_for(request.user),
            "may_create": services.may_keep_templates(request.user, fylke),
        },
    )


def mal_create(request):
    fylke = access.coordinator_fylke(request.user)
    if not services.may_keep_templates(request.user, fylke):
        raise PermissionDenied("Bare administratorer og fylkeskoordinatorer lager maler.")
    form = forms.KombinasjonsmalForm(
        request.POST or None,
        initial={"ansvar_nav": ANSVAR_NAV, "ansvar_ot": ANSVAR_OT, "laretid_maneder": 0},
    )
    write = partial(services.mal_opprett, actor=request.user, fylke=fylke)
    if written(request, form, write, "Malen er lagret. Veilederne kan bruke den nå."):
        return redirect("measures:maler")
    return form_page(request, "measures/form.html", {"form": form, "title": "Ny kombinasjonsmal"})


def kombinasjon_create(request, deltakelse_id: int):
    deltakelse = get_object_or_404(
        Deltakelse.objects.select_related("gjennomforing__tiltakstype"), pk=deltakelse_id
    )
    case_rights = nav_case(request, deltakelse.case_id)
    templates = selectors.maler_for(request.user).filter(
        tiltakstype=deltakelse.gjennomforing.tiltakstype
    )
    mal_id = request.GET.get("mal", "")
    chosen = templates.filter(pk=mal_id).first() if mal_id.isdigit() else None
    initial = {"ansvar_nav": ANSVAR_NAV, "ansvar_ot": ANSVAR_OT, "laretid_maneder": 0}
    if chosen:
        initial |= services.fra_mal(chosen) | {"mal": chosen.pk}
    form = forms.KombinasjonForm(request.POST or None, initial=initial)
    write = partial(services.kombinasjon_opprett, actor=request.user, deltakelse=deltakelse)
    success = "Kombinasjonstiltaket er opprettet. OT må bekrefte det."
    if kombinasjon := written(request, form, write, success):
        return redirect("measures:kombinasjon", kombinasjon.pk)
    return form_page(
        request,
        "measures/kombinasjon_form.html",
        {
            "case": case_rights.case,
            "deltakelse": deltakelse,
            "templates": templates,
            "chosen": chosen,
            "form": form,
        },
    )


def _kombinasjon_for(request, pk: int) -> tuple[Kombinasjonstiltak, object]:
    kombinasjon = get_object_or_404(
        Kombinasjonstiltak.objects.select_related(
            "deltakelse__gjennomforing__tiltakstype", "deltakelse__gjennomforing__arrangor", "mal"
        ),
        pk=pk,
    )
    case_rights = case_get_for_user(
        user=request.user, case_id=kombinasjon.case_id, path=request.path
    )
    if case_rights.side != "nav" and not case_rights.sees_work:
        raise PermissionDenied(
            "OT ser kombinasjonstiltaket bare med samtykke for arbeid og tiltak."
        )
    return kombinasjon, case_rights


def kombinasjon_detail(request, pk: int):
    kombinasjon, case_rights = _kombinasjon_for(request, pk)
    return render(
        request,
        "measures/kombinasjon.html",
        {
            "k": kombinasjon,
            "case": case_rights.case,
            "is_ot": case_rights.side == "ot",
            "utfall_form": forms.UtfallForm(initial={"utfall": kombinasjon.utfall}),
        },
    )


@require_POST
def kombinasjon_bekreft(request, pk: int):
    kombinasjon, _ = _kombinasjon_for(request, pk)
    try:
        services.kombinasjon_ot_bekreft(actor=request.user, kombinasjon=kombinasjon)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, "Kombinasjonstiltaket er bekreftet, og OT-status er satt til OTKO."
        )
    return redirect("measures:kombinasjon", kombinasjon.pk)


@require_POST
def kombinasjon_utfall(request, pk: int):
    kombinasjon, _ = _kombinasjon_for(request, pk)
    form = forms.UtfallForm(request.POST)
    if form.is_valid():
        services.kombinasjon_utfall(
            actor=request.user, kombinasjon=kombinasjon, utfall=form.cleaned_data["utfall"]
        )
        messages.success(request, "Utfallet er registrert.")
        return redirect("measures:kombinasjon", kombinasjon.pk)
    return render(
        request,
        "measures/form.html",
        {"form": form, "title": "Registrer utfall"},
        status=400,
    )


@require_POST
def tiltak_bekreft(request, deltakelse_id: int):
    deltakelse = get_object_or_404(Deltakelse, pk=deltakelse_id)
    case_rights = case_get_for_user(
        user=request.user, case_id=deltakelse.case_id, path=request.path
    )
    try:
        services.tiltak_ot_bekreft(actor=request.user, deltakelse=deltakelse)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Tiltaket er bekreftet, og OT-status er satt til OTAP.")
    return redirect("cases:detail", case_rights.case.pk)
