"""Agreement pages: list, create, the agreement page with its draft, diff, print, actions.

Thin: access from agreements/access.py, rules in agreements/services, reads in selectors.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.models import Unit
from agreements import access, forms, selectors, services
from agreements.diff import diff_versions
from agreements.forms import CADENCES
from agreements.models import Avtaleversjon, Klausul
from agreements.services.reminders import remind_unread
from nav_ot.forms import apply_service_error
from nav_ot.pagination import CappedPaginator

PAGE_SIZE = 25


def agreement_list(request):
    avtaler = access.agreements_visible_to(request.user).select_related("fylke", "parent")
    page = CappedPaginator(avtaler.order_by("kind", "navn"), PAGE_SIZE).get_page(
        request.GET.get("side")
    )
    return render(
        request,
        "agreements/list.html",
        {"page": page, "can_create": access.can_create_in(request.user)},
    )


def agreement_create(request):
    if not access.can_create_in(request.user):
        raise PermissionDenied("Bare fylkeskoordinatoren kan registrere avtaler.")
    fylke = request.user.unit.fylke if request.user.unit_id else None
    if fylke is None:
        raise PermissionDenied("Du må høre til et fylke for å registrere avtaler.")
    form = forms.AvtaleForm(request.POST or None, fylke=fylke)
    if request.method == "POST" and form.is_valid():
        try:
            avtale = services.avtale_opprett(fylke=fylke, **form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, "Avtalen er opprettet som utkast. Legg til klausuler.")
            return redirect("agreements:detail", avtale.pk)
    status = 400 if form.is_bound else 200
    return render(
        request, "agreements/form.html", {"form": form, "title": "Ny avtale"}, status=status
    )


def _draft(avtale) -> Avtaleversjon | None:
    return avtale.versjoner.filter(status=Avtaleversjon.Status.UTKAST).first()


def agreement_detail(request, pk, forms_with_errors=None):
    avtale = access.agreement_for(request.user, pk)
    editor = access.can_edit(request.user, avtale)
    versjon = selectors.current_version(avtale)
    draft = _draft(avtale) if editor else None
    ctx = {
        "avtale": avtale,
        "versjon": versjon,
        "draft": draft,
        "editor": editor,
        "versjoner": avtale.versjoner.order_by("-nummer"),
        "statuses": selectors.obligation_statuses(versjon) if versjon else [],
        "kontakter": avtale.kontaktpersoner.select_related("user", "enhet"),
        "has_read": versjon is not None and selectors.has_read(request.user, versjon),
        "lokale": avtale.lokale_avtaler.all(),
        "cadences": CADENCES,
    }
    if editor:
        offices = Unit.objects.filter(parent=avtale.fylke).exclude(type=Unit.Type.TEAM)
        ctx |= {
            "unread": selectors.unread_per_unit(versjon) if versjon else [],
            "klausul_form": forms.KlausulForm(),
            "forpliktelse_form": forms.ForpliktelseForm(versjon=draft) if draft else None,
            "revisjon_form": forms.RevisjonForm(),
            "oppfyllelse_form": forms.OppfyllelseForm(avtale=avtale),
            "kontakt_form": forms.KontaktForm(people=selectors.staff_of(offices)),
        }
        ctx |= forms_with_errors or {}
    return render(request, "agreements/detail.html", ctx, status=400 if forms_with_errors else 200)


def _editor_action(request, pk, form_name, make_form, run, success):
    """Runs a coordinator's POST: the form, then the service; errors re-render the page."""
    avtale = access.agreement_for(request.user, pk, edit=True)
    form = make_form(avtale)
    if form.is_valid():
        try:
            run(avtale, form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, success)
            return redirect("agreements:detail", avtale.pk)
    return agreement_detail(request, pk, {form_name: form})


def _require_draft(avtale) -> Avtaleversjon:
    draft = _draft(avtale)
    if draft is None:
        raise ValidationError("Avtalen har ikke noe utkast. Lag en revisjon først.")
    return draft


@require_POST
def clause_add(request, pk):
    return _editor_action(
        request,
        pk,
        "klausul_form",
        lambda a: forms.KlausulForm(request.POST),
        lambda a, data: services.klausul_legg_til(_require_draft(a), **data),
        "Klausulen er lagt til.",
    )


@require_POST
def clause_delete(request, pk, klausul_pk):
    avtale = access.agreement_for(request.user, pk, edit=True)
    klausul = get_object_or_404(Klausul, pk=klausul_pk, versjon__avtale=avtale)
    try:
        services.klausul_slett(klausul)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("agreements:detail", avtale.pk)


@require_POST
def obligation_add(request, pk):
    if _draft(access.agreement_for(request.user, pk, edit=True)) is None:
        messages.error(request, "En signert versjon kan ikke endres. Lag en revisjon først.")
        return redirect("agreements:detail", pk)

    def make(avtale):
        return forms.ForpliktelseForm(request.POST, versjon=_draft(avtale))

    return _editor_action(
        request,
        pk,
        "forpliktelse_form",
        make,
        lambda a, data: services.forpliktelse_opprett(
            data["klausul"], beskrivelse=data["beskrivelse"], kind=data["kind"], rrule=data["rrule"]
        ),
        "Forpliktelsen er lagt til.",
    )


@require_POST
def sign(request, pk):
    avtale = access.agreement_for(request.user, pk, edit=True)
    try:
        services.versjon_signer(_require_draft(avtale), by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Versjonen er signert og gjelder nå.")
    return redirect("agreements:detail", avtale.pk)


@require_POST
def draft_delete(request, pk):
    avtale = access.agreement_for(request.user, pk, edit=True)
    try:
        services.versjon_slett_utkast(_require_draft(avtale))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Utkastet er slettet; versjonen som gjelder, er uendret.")
    return redirect("agreements:detail", avtale.pk)


@require_POST
def revise(request, pk):
    return _editor_action(
        request,
        pk,
        "revisjon_form",
        lambda a: forms.RevisjonForm(request.POST),
        lambda a, data: services.versjon_revider(a, **data),
        "Revisjonen er opprettet som utkast.",
    )


@require_POST
def fulfilment_add(request, pk):
    return _editor_action(
        request,
        pk,
        "oppfyllelse_form",
        lambda a: forms.OppfyllelseForm(request.POST, avtale=a),
        lambda a, data: services.obligation_record_fulfilment(by=request.user, **data),
        "Registrert.",
    )


@require_POST
def contact_add(request, pk):
    def make(avtale):
        offices = Unit.objects.filter(parent=avtale.fylke).exclude(type=Unit.Type.TEAM)
        return forms.KontaktForm(request.POST, people=selectors.staff_of(offices))

    return _editor_action(
        request,
        pk,
        "kontakt_form",
        make,
        lambda a, data: services.kontaktperson_legg_til(a, **data),
        "Kontaktpersonen er lagt til.",
    )


@require_POST
def confirm_read(request, pk):
    avtale = access.agreement_for(request.user, pk)
    versjon = selectors.current_version(avtale)
    if versjon is not None:
        services.lesebekreftelse_registrer(request.user, versjon)
        messages.success(request, "Takk! Du har bekreftet at du har lest avtalen.")
    return redirect("agreements:detail", avtale.pk)


@require_POST
def remind(request, pk):
    avtale = access.agreement_for(request.user, pk, edit=True)
    versjon = selectors.current_version(avtale)
    count = remind_unread(versjon, timezone.localdate()) if versjon else 0
    messages.success(request, f"Påminnelse sendt til {count} personer.")
    return redirect("agreements:detail", avtale.pk)


def diff(request, pk):
    avtale = access.agreement_for(request.user, pk)
    versjoner = {v.nummer: v for v in avtale.versjoner.all()}
    if not access.can_edit(request.user, avtale):
        versjoner = {n: v for n, v in versjoner.items() if v.is_signed}
    try:
        til = versjoner[int(request.GET.get("til") or max(versjoner))]
        fra = versjoner[int(request.GET.get("fra") or til.nummer - 1)]
    except (KeyError, ValueError):
        return render(request, "agreements/diff.html", {"avtale": avtale, "changes": None})
    changes = diff_versions(fra.klausuler.all(), til.klausuler.all())
    return render(
        request,
        "agreements/diff.html",
        {"avtale": avtale, "fra": fra, "til": til, "changes": changes},
    )


def print_view(request, pk):
    avtale = access.agreement_for(request.user, pk)
    versjon = selectors.current_version(avtale)
    return render(
        request,
        "agreements/print.html",
        {
            "avtale": avtale,
            "versjon": versjon,
            "kontakter": avtale.kontaktpersoner.select_related("user", "enhet"),
            "obligations": versjon and versjon.klausuler.filter(forpliktelser__isnull=False),
        },
    )
