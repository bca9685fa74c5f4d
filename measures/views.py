"""Catalogue pages: tiltakstyper, gjennomføringer, and the coordinator's maintenance forms.

Thin: access from measures/access.py, rules in measures/services, reads in measures/selectors.
"""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cases.access import case_get_for_user, log_access
from cases.models import AccessLog
from cases.services import current_vedtak
from measures import access, forms, reports, selectors, services
from measures.eligibility import stopp_som_gjelder
from measures.models import ANSVAR_NAV, ANSVAR_OT, Deltakelse, DeltakerStatus, Kombinasjonstiltak
from nav_ot.exports import csv_response, xlsx_response
from nav_ot.forms import apply_service_error

PAGE_SIZE = 25


def _written(request, form, write, success: str):
    """For a valid POSTed form: run `write(**cleaned_data)` and say `success`; return what it
    wrote, or None when there was nothing to write or the service refused (on the form)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        written = write(**form.cleaned_data)
    except ValidationError as error:
        apply_service_error(form, error)
        return None
    messages.success(request, success)
    return written or True


def _form_page(request, template: str, context: dict):
    """A form page: 400 when a submitted form came back with errors."""
    return render(request, template, context, status=400 if context["form"].is_bound else 200)


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
    page = selectors.page_with_places(Paginator(found, PAGE_SIZE).get_page(request.GET.get("side")))
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


def _fylke_for(user):
    fylke = access.coordinator_fylke(user)
    if fylke is None and access.is_admin(user) and user.unit_id:
        fylke = user.unit.fylke
    if fylke is None:
        raise PermissionDenied("Bare fylkeskoordinatoren kan registrere gjennomføringer.")
    return fylke


def gjennomforing_create(request):
    fylke = _fylke_for(request.user)
    form = forms.GjennomforingForm(request.POST or None, fylke=fylke)
    write = partial(services.gjennomforing_opprett, actor=request.user, fylke=fylke)
    if gjennomforing := _written(request, form, write, "Gjennomføringen er registrert."):
        return redirect("measures:gjennomforing", gjennomforing.pk)
    return _form_page(request, "measures/form.html", {"form": form, "title": "Ny gjennomføring"})


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
    if _written(request, form, write, "Endringene er lagret."):
        return redirect("measures:gjennomforing", gjennomforing.pk)
    return _form_page(
        request,
        "measures/form.html",
        {"form": form, "title": f"Endre {gjennomforing.navn}", "back": gjennomforing},
    )


def _maintenance_post(request, pk, form_class, write, success, template_key):
    gjennomforing = access.gjennomforing_for(request.user, pk, maintain=True)
    form = form_class(request.POST)
    if _written(request, form, partial(write, gjennomforing, actor=request.user), success):
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
    if _written(request, form, write, "Tiltakstypen er lagt til i katalogen."):
        return redirect("measures:katalog")
    return _form_page(request, "measures/form.html", {"form": form, "title": "Ny tiltakstype"})


def _nav_case(request, case_id: int):
    case_rights = case_get_for_user(user=request.user, case_id=case_id, path=request.path)
    if case_rights.side != "nav":
        raise PermissionDenied("Bare NAV melder på tiltak.")
    return case_rights


def tilby(request, case_id: int):
    """Choose a gjennomføring for the youth: free places and why-not shown for each."""
    case_rights = _nav_case(request, case_id)
    case = case_rights.case
    vedtak = current_vedtak(case.youth)
    found = selectors.gjennomforinger_for(request.user, apne=True)
    page = selectors.page_with_places(Paginator(found, PAGE_SIZE).get_page(request.GET.get("side")))
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
    case_rights = _nav_case(request, case_id)
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


def tiltaksstopp_create(request):
    fylke = _fylke_for(request.user)
    form = forms.TiltaksstoppForm(request.POST or None, fylke=fylke)
    write = partial(services.tiltaksstopp_kunngjor, actor=request.user, fylke=fylke)
    if _written(request, form, write, "Tiltaksstoppen er kunngjort for veilederne den gjelder."):
        return redirect("measures:katalog")
    return _form_page(
        request, "measures/form.html", {"form": form, "title": "Kunngjør tiltaksstopp"}
    )


def ledige(request):
    page = Paginator(selectors.ledige_i_fylket(request.user), PAGE_SIZE).get_page(
        request.GET.get("side")
    )
    return render(request, "measures/ledige.html", {"page": page})


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
    if _written(request, form, write, "Malen er lagret. Veilederne kan bruke den nå."):
        return redirect("measures:maler")
    return _form_page(request, "measures/form.html", {"form": form, "title": "Ny kombinasjonsmal"})


def kombinasjon_create(request, deltakelse_id: int):
    deltakelse = get_object_or_404(
        Deltakelse.objects.select_related("gjennomforing__tiltakstype"), pk=deltakelse_id
    )
    case_rights = _nav_case(request, deltakelse.case_id)
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
    if kombinasjon := _written(request, form, write, success):
        return redirect("measures:kombinasjon", kombinasjon.pk)
    return _form_page(
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


def deltakelse_status(request, deltakelse_id: int):
    deltakelse = get_object_or_404(
        Deltakelse.objects.select_related("gjennomforing__tiltakstype"), pk=deltakelse_id
    )
    case_rights = _nav_case(request, deltakelse.case_id)
    allowed = sorted(services.OVERGANGER.get(deltakelse.status, ()))
    if not allowed:
        messages.info(request, "Deltakelsen er avsluttet og kan ikke endres.")
        return redirect("cases:detail", case_rights.case.pk)
    form = forms.StatusForm(
        request.POST or None, allowed=allowed, initial={"gyldig_fra": timezone.localdate()}
    )
    write = partial(services.endre_status, deltakelse, actor=request.user)
    if _written(request, form, write, "Statusen er endret."):
        return redirect("cases:detail", case_rights.case.pk)
    return _form_page(
        request,
        "measures/status_form.html",
        {"case": case_rights.case, "d": deltakelse, "form": form},
    )


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


def uten_tilbud(request):
    """Under-20s still without an offer (G1), longest wait first, for NAV."""
    page = Paginator(selectors.under_20_uten_tilbud(request.user), PAGE_SIZE).get_page(
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
