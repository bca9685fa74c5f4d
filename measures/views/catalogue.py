"""Catalogue pages: tiltakstyper, gjennomføringer, the coordinator's maintenance, free places,
the report. Thin: access from measures/access.py, rules in services, reads in selectors."""

from __future__ import annotations

from functools import partial

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from measures import access, forms, reports, selectors, services
from measures.models import Tiltakstype
from measures.views.common import PAGE_SIZE, form_page, fylke_for, written
from nav_ot.exports import csv_response, xlsx_response
from nav_ot.pagination import CappedPaginator


def katalog(request):
    filters = forms.KatalogFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    types = selectors.tiltakstyper(
        gruppe=data.get("gruppe", ""), innsatsgruppe=data.get("innsatsgruppe", "")
    )
    return render(
        request,
        "measures/katalog.html",
        {
            "filters": filters,
            "tiltakstyper": types,
            "may_add_type": access.may_maintain_types(request.user),
            "may_combine": access.may_maintain_combinations(request.user),
            "may_stop": access.coordinator_fylke(request.user) is not None,
        },
    )


def gjennomforinger(request):
    filters = forms.GjennomforingFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    found = selectors.gjennomforinger_for(
        request.user,
        tiltakstype=data.get("tiltakstype"),
        apne=data.get("apne", False),
        q=data.get("q", ""),
    )
    page = selectors.page_with_places(
        CappedPaginator(found, PAGE_SIZE).get_page(request.GET.get("side"))
    )
    query = request.GET.copy()
    query.pop("side", None)
    return render(
        request,
        "measures/gjennomforinger.html",
        {
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
            "may_create": access.may_maintain_in(request.user),
        },
    )


def gjennomforing_create(request):
    fylke = fylke_for(request.user)
    form = forms.GjennomforingForm(request.POST or None, fylke=fylke)
    write = partial(services.gjennomforing_opprett, actor=request.user, fylke=fylke)
    if gjennomforing := written(request, form, write, "Gjennomføringen er registrert."):
        return redirect("measures:gjennomforing", gjennomforing.pk)
    return form_page(request, "measures/form.html", {"form": form, "title": "Ny gjennomføring"})


def gjennomforing_detail(request, pk: int):
    gjennomforing = selectors.place_counts(access.gjennomforing_for(request.user, pk))
    may_maintain = access.may_maintain_in(request.user, gjennomforing.fylke)
    ventetid = selectors.estimert_ventetid(
        gjennomforing, timezone.localdate(), gjennomforing.venter + 1
    )
    return render(
        request,
        "measures/gjennomforing.html",
        {
            "g": gjennomforing,
            "ventetid": ventetid,
            "enheter": gjennomforing.enheter.order_by("type", "navn"),
            "stengte": gjennomforing.stengte_perioder.all(),
            "may_maintain": may_maintain,
            "hendelser": selectors.hendelser_for(gjennomforing) if may_maintain else [],
            "stopp_form": forms.StoppForm() if may_maintain else None,
            "stengt_form": forms.StengtPeriodeForm() if may_maintain else None,
        },
    )


def gjennomforing_update(request, pk: int):
    gjennomforing = access.gjennomforing_for(request.user, pk, maintain=True)
    initial = {
        "navn": gjennomforing.navn,
        "enheter": list(gjennomforing.enheter.all()),
        "start_dato": gjennomforing.start_dato,
        "slutt_dato": gjennomforing.slutt_dato,
        "antall_plasser": gjennomforing.antall_plasser,
        "apen_for_pamelding": gjennomforing.apen_for_pamelding,
        "kontaktpersoner": gjennomforing.kontaktpersoner,
    }
    form = forms.GjennomforingEndreForm(
        request.POST or None, initial=initial, fylke=gjennomforing.fylke
    )
    write = partial(services.gjennomforing_endre, gjennomforing, actor=request.user)
    if written(request, form, write, "Endringene er lagret."):
        return redirect("measures:gjennomforing", gjennomforing.pk)
    return form_page(
        request,
        "measures/form.html",
        {"form": form, "title": f"Endre {gjennomforing.navn}", "back": gjennomforing},
    )


def _maintenance_post(request, pk, form_class, write, success, template_key):
    gjennomforing = access.gjennomforing_for(request.user, pk, maintain=True)
    form = form_class(request.POST)
    if written(request, form, partial(write, gjennomforing, actor=request.user), success):
        return redirect("measures:gjennomforing", gjennomforing.pk)
    return render(
        request,
        "measures/form.html",
        {"form": form, "title": template_key, "back": gjennomforing},
        status=400,
    )


@require_POST
def gjennomforing_stop(request, pk: int):
    return _maintenance_post(
        request,
        pk,
        forms.StoppForm,
        services.gjennomforing_stopp,
        "Gjennomføringen er stoppet. Veiledere ser stoppen i katalogen.",
        "Stopp gjennomføringen",
    )


@require_POST
def stengt_periode_add(request, pk: int):
    return _maintenance_post(
        request,
        pk,
        forms.StengtPeriodeForm,
        services.stengt_periode_legg_til,
        "Den stengte perioden er lagt til.",
        "Legg til stengt periode",
    )


def tiltakstype_create(request):
    if not access.may_maintain_types(request.user):
        raise PermissionDenied("Bare administratorer kan legge til tiltakstyper.")
    form = forms.TiltakstypeForm(request.POST or None)
    write = partial(services.tiltakstype_opprett, actor=request.user)
    if written(request, form, write, "Tiltakstypen er lagt til i katalogen."):
        return redirect("measures:katalog")
    return form_page(request, "measures/form.html", {"form": form, "title": "Ny tiltakstype"})


def tiltakstype_kombineres(request, pk: int):
    if not access.may_maintain_combinations(request.user):
        raise PermissionDenied(
            "Bare fylkeskoordinatorer og administratorer kan endre hva tiltak kan kombineres med."
        )
    tiltakstype = get_object_or_404(Tiltakstype, pk=pk)
    form = forms.KombineresForm(
        request.POST if request.method == "POST" else None,  # none ticked is an empty POST
        tiltakstype=tiltakstype,
        initial={"kan_kombineres_med": list(tiltakstype.kan_kombineres_med.all())},
    )
    write = partial(services.kombineres_endre, tiltakstype, actor=request.user)
    if written(request, form, write, f"Lagret hva {tiltakstype.navn} kan kombineres med."):
        return redirect("measures:katalog")
    return form_page(
        request,
        "measures/form.html",
        {"form": form, "title": f"{tiltakstype.navn}: kan kombineres med"},
    )


def tiltaksstopp_create(request):
    fylke = fylke_for(request.user)
    form = forms.TiltaksstoppForm(request.POST or None, fylke=fylke)
    write = partial(services.tiltaksstopp_kunngjor, actor=request.user, fylke=fylke)
    if written(request, form, write, "Tiltaksstoppen er kunngjort for veilederne den gjelder."):
        return redirect("measures:katalog")
    return form_page(
        request, "measures/form.html", {"form": form, "title": "Kunngjør tiltaksstopp"}
    )


def ledige(request):
    page = CappedPaginator(selectors.ledige_i_fylket(request.user), PAGE_SIZE).get_page(
        request.GET.get("side")
    )
    return render(request, "measures/ledige.html", {"page": page})


REPORT_HEADER = ["Måned", "Plasser", "Brukt", "Andel brukt", "På venteliste"]


def rapport(request):
    offices = access.report_offices(request.user).order_by("type", "navn")
    chosen = request.GET.get("kontor", "")
    office = (offices.filter(pk=chosen).first() if chosen.isdigit() else None) or offices.first()
    if office is None:
        raise PermissionDenied("Du har ingen kontor å se tiltaksrapporter for.")
    today = timezone.localdate()
    report = reports.tiltaksrapport(office_id=office.pk, until=today)
    rows = [
        [
            f"{m.start:%m.%Y}",
            m.kapasitet,
            m.brukt,
            round(m.andel * 100) if m.andel is not None else None,
            m.venteliste,
        ]
        for m in report.maneder
    ]
    export = request.GET.get("format")
    if export in ("csv", "xlsx"):
        name = f"tiltak-{office.kode}-{today:%Y-%m-%d}.{export}"
        if export == "csv":
            return csv_response(name, REPORT_HEADER, rows)
        return xlsx_response(name, "Plasser", REPORT_HEADER, rows)
    top = max([m.kapasitet for m in report.maneder] + [m.brukt for m in report.maneder] + [1])
    chart = [
        {
            "label": f"{m.start:%m.%y}",
            "kapasitet_h": round(m.kapasitet * 100 / top),
            "kapasitet_y": 110 - round(m.kapasitet * 100 / top),
            "brukt_h": round(m.brukt * 100 / top),
            "brukt_y": 110 - round(m.brukt * 100 / top),
            "m": m,
        }
        for m in report.maneder
    ]
    return render(
        request,
        "measures/rapport.html",
        {"offices": offices, "office": office, "report": report, "chart": chart},
    )
