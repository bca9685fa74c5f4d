"""Case pages. Each loads the case through case_get_for_user (404 + access log) and calls a service."""

from __future__ import annotations

import csv

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Agency, Role
from cases import selectors, services
from cases.access import case_access, case_get_for_user, cases_visible_to
from cases.forms import (
    AccessLogSearchForm,
    ActionFormSet,
    AssignForm,
    BulkAssignForm,
    ContactForm,
    HuskelappForm,
    MeetingHoldForm,
    MeetingPlanForm,
    NoteForm,
    OtStatusForm,
    ReasonForm,
    ReferralDecisionForm,
    ReferralForm,
    RegisterYouthForm,
    SamtykkeForm,
    SchoolForm,
    StatusForm,
    YouthSearchForm,
    apply_service_error,
)
from cases.models import AccessLog, Task, Trekantsamtale
from cases.tables import CaseTable


PAGE_SIZE = 25


def _access(request, pk: int):
    return case_get_for_user(user=request.user, case_id=pk, path=request.path)


def _require_case_worker(request):
    if request.user.agency is None:
        raise PermissionDenied("Bare NAV- og OT-ansatte har saker.")


def _form_page(request, access, form, title: str, *, template: str = "cases/case_form.html", extra=None):
    context = {"access": access, "case": access.case if access else None, "form": form, "title": title}
    context.update(extra or {})
    return render(request, template, context, status=400 if form.is_bound and not form.is_valid() else 200)


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


def _done(request, case, message: str):
    messages.success(request, message)
    return redirect("cases:detail", pk=case.pk)


# --- Worklists ----------------------------------------------------------------------------------


def mine(request):
    _require_case_worker(request)
    worklist = selectors.worklist_for(request.user)
    bucket = request.GET.get("vis", "")
    return render(request, "cases/mine.html", {
        "worklist": worklist, "counts": worklist.counts(), "bucket": bucket,
        "today": timezone.localdate(), "no_contact_days": settings.NO_CONTACT_DAYS,
    })


def unit_list(request):
    _require_case_worker(request)
    filterset = selectors.unit_cases(request.user, request.GET)
    order_by = request.GET.get("sort") or "-created_at"
    if request.user.agency == Agency.NAV and order_by.lstrip("-") == "ot_status":
        order_by = "-created_at"  # sorting on OT's code would reveal it without samtykke
    table = CaseTable(filterset.qs, user=request.user, order_by=order_by)
    # A page number past the end (after bulk assignment, or typed by hand) shows the last page.
    page = Paginator(table.data, PAGE_SIZE).get_page(request.GET.get("side")).number
    table.paginate(page=page, per_page=PAGE_SIZE)
    bulk_form = BulkAssignForm(user=request.user, visible_cases=cases_visible_to(request.user))
    return render(request, "cases/unit_list.html", {"filter": filterset, "table": table, "bulk_form": bulk_form})


@require_POST
def bulk_assign(request):
    _require_case_worker(request)
    form = BulkAssignForm(request.POST, user=request.user, visible_cases=cases_visible_to(request.user))
    if not form.is_valid():
        messages.error(request, "Velg minst én sak og hvem sakene skal fordeles til.")
    else:
        count = services.cases_bulk_assign(
            user=request.user, case_ids=[c.pk for c in form.cleaned_data["cases"]],
            owner=form.cleaned_data["owner"], reason=form.cleaned_data["reason"],
        )
        messages.success(request, f"{count} saker fordelt til {form.cleaned_data['owner'].get_full_name()}.")
    return redirect(_safe_next(request, reverse("cases:list")))


def caseload(request):
    if not request.user.is_team_lead:
        raise PermissionDenied("Saksmengde per veileder er for teamledere.")
    return render(request, "cases/caseload.html", {"owners": selectors.caseload_per_owner(request.user)})


# --- Registering ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def register(request):
    _require_case_worker(request)
    search = YouthSearchForm(request.GET or None)
    matches = None
    if search.is_valid():
        filterset = selectors.unit_cases(request.user, {"q": search.cleaned_data["q"], "status": ""})
        matches = filterset.qs[:20]
    form = RegisterYouthForm(request.POST or None, user=request.user)
    duplicate = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.youth_register(
                actor=request.user, fnr=data["fnr"], first_name=data["first_name"], last_name=data["last_name"],
                birth_date=data["birth_date"], ot_enhet=data.get("ot_enhet"),
                guardian_name=data["guardian_name"], guardian_phone=data["guardian_phone"],
            )
        except services.DuplicateYouth as exc:
            duplicate = exc
            visible = exc.case is not None and case_access(request.user, exc.case) is not None
            duplicate_case = exc.case if visible else None
            form.add_error(None, "Ungdommen er allerede registrert i Trekant.")
            return render(request, "cases/register.html", {
                "form": form, "search": search, "matches": matches, "duplicate": duplicate,
                "duplicate_case": duplicate_case, "can_open": exc.case is None,
            }, status=409)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            return _done(request, case, f"{case.youth.full_name} er registrert og saken er opprettet.")
    return render(request, "cases/register.html", {"form": form, "search": search, "matches": matches},
                  status=400 if form.is_bound and form.errors else 200)


@require_POST
def open_for_existing(request):
    """A registered youth without an open case: open one on the user's side.

    The user must post the same identifying data as in the registration (not an id), so that
    nobody can open cases on youth they cannot identify themselves.
    """
    _require_case_worker(request)
    form = RegisterYouthForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, "Opplysningene om ungdommen er ugyldige. Registrer på nytt.")
        return redirect("cases:register")
    data = form.cleaned_data
    youth = services.youth_find_existing(
        fnr=data["fnr"], first_name=data["first_name"], last_name=data["last_name"], birth_date=data["birth_date"]
    )
    if youth is None:
        messages.error(request, "Fant ikke ungdommen. Registrer på nytt.")
        return redirect("cases:register")
    try:
        case = services.case_open(actor=request.user, youth=youth, ot_enhet=data.get("ot_enhet"),
                                  guardian_name=data["guardian_name"], guardian_phone=data["guardian_phone"])
    except services.DuplicateYouth:
        messages.error(request, "Ungdommen har allerede en åpen sak.")
        return redirect("cases:register")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("cases:register")
    return _done(request, case, "Saken er opprettet.")


# --- One case ---------------------------------------------------------------------------------------


def detail(request, pk):
    access = _access(request, pk)
    services.case_mark_seen(access=access)
    case = access.case
    meetings = case.trekantsamtaler.prefetch_related("actions").order_by("-planned_at") if access.sees_joint_work else []
    actions = case.actions.select_related("responsible_user").order_by("done_at", "due_date") if access.sees_joint_work else []
    context = {
        "access": access,
        "case": case,
        "samtykker": case.samtykker.select_related("recorded_by"),
        "notes": selectors.notes_for(access),
        "timeline": selectors.timeline_for(access)[:100],
        "meetings": meetings,
        "actions": actions,
        "henvisninger": case.henvisninger.select_related("to_unit"),
        "inform_ot": case.tasks.filter(kind=Task.Kind.INFORMER_OT, done_at__isnull=True).first(),
        "huskelapp": case.tasks.filter(kind=Task.Kind.HUSKELAPP, owner_user=request.user, done_at__isnull=True).first(),
        # Vedtak and deadlines are NAV's (work and tiltak) data.
        "frister": selectors.case_deadlines(case) if access.may_see(agency=Agency.NAV, category="arbeid_tiltak") else None,
        "today": timezone.localdate(),
    }
    return render(request, "cases/case_detail.html", context)


def _simple_form(request, pk, form_class, title, run, *, form_kwargs=None, initial=None, success="Lagret."):
    access = _access(request, pk)
    kwargs = (form_kwargs or (lambda a: {}))(access)
    form = form_class(request.POST or None, initial=(initial or (lambda a: {}))(access), **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            run(access, form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            return _done(request, access.case, success)
    return _form_page(request, access, form, title)


@require_http_methods(["GET", "POST"])
def samtykke_create(request, pk):
    return _simple_form(
        request, pk, SamtykkeForm, "Registrer samtykke",
        lambda a, d: services.samtykke_record(access=a, given_by=d["given_by"], categories=d["categories"],
                                              valid_from=d["valid_from"], valid_to=d["valid_to"],
                                              shared_with=d["shared_with"]),
        initial=lambda a: {"valid_from": timezone.localdate(), "given_by": "ungdom", "shared_with": "begge"},
        success="Samtykket er registrert.",
    )


@require_http_methods(["GET", "POST"])
def samtykke_withdraw(request, pk, samtykke_id):
    from cases.models import Samtykke

    samtykke = Samtykke.objects.filter(pk=samtykke_id, case_id=pk).first()
    title = "Trekk tilbake samtykke"
    if samtykke is not None:
        title += f": {samtykke.get_categories_display()}"
    return _simple_form(
        request, pk, ReasonForm, title,
        lambda a, d: services.samtykke_withdraw(access=a, samtykke_id=samtykke_id, reason=d["reason"]),
        form_kwargs=lambda a: {"submit_label": "Trekk tilbake samtykket"},
        success="Samtykket er trukket tilbake. Delingen stopper med en gang.",
    )


@require_http_methods(["GET", "POST"])
def note_create(request, pk):
    return _simple_form(
        request, pk, NoteForm, "Nytt notat",
        lambda a, d: services.note_add(access=a, text=d["text"], visibility=d["visibility"], category=d["category"]),
        form_kwargs=lambda a: {"access": a}, success="Notatet er lagret.",
    )


@require_http_methods(["GET", "POST"])
def contact_create(request, pk):
    return _simple_form(
        request, pk, ContactForm, "Registrer kontakt",
        lambda a, d: services.contact_register(access=a, kind=d["kind"], happened_at=d["happened_at"], note=d["note"],
                                               category=d["category"]),
        initial=lambda a: {"happened_at": timezone.localtime().replace(second=0, microsecond=0),
                           "category": "arbeid_tiltak" if a.side == Agency.NAV else "skole"},
        success="Kontakten er registrert.",
    )


@require_http_methods(["GET", "POST"])
def status_change(request, pk):
    return _simple_form(
        request, pk, StatusForm, "Endre status",
        lambda a, d: services.case_change_status(access=a, status=d["status"], outcome=d["outcome"], reason=d["reason"]),
        form_kwargs=lambda a: {"case": a.case}, success="Statusen er endret.",
    )


@require_http_methods(["GET", "POST"])
def assign(request, pk):
    return _simple_form(
        request, pk, AssignForm, "Endre eier",
        lambda a, d: services.case_assign(access=a, owner=d["owner"], reason=d["reason"]),
        form_kwargs=lambda a: {"office": a.case.unit_for(a.side), "agency": a.side},
        success="Eieren er endret.",
    )


def _ot_only(view):
    """OT status and school situation are OT's data: NAV may read them (with samtykke), not edit."""

    def wrapped(request, pk):
        if request.user.agency != Agency.OT:
            _access(request, pk)  # 404 for outsiders, before saying anything else
            raise PermissionDenied("Bare OT kan endre dette.")
        return view(request, pk)

    return wrapped


@require_http_methods(["GET", "POST"])
@_ot_only
def ot_status(request, pk):
    return _simple_form(
        request, pk, OtStatusForm, "Endre OT-status",
        lambda a, d: services.case_set_ot_status(access=a, ot_status=d["ot_status"], reason=d["reason"]),
        initial=lambda a: {"ot_status": a.case.ot_status}, success="OT-statusen er endret.",
    )


@require_http_methods(["GET", "POST"])
@_ot_only
def school(request, pk):
    return _simple_form(
        request, pk, SchoolForm, "Skolesituasjon",
        lambda a, d: services.case_update_school(access=a, rett_til_vgo=d["rett_til_vgo"], school=d["school"],
                                                 programme=d["programme"], next_intake=d["next_intake"]),
        initial=lambda a: {"rett_til_vgo": a.case.rett_til_vgo, "school": a.case.school,
                           "programme": a.case.programme, "next_intake": a.case.next_intake},
        success="Skolesituasjonen er lagret.",
    )


@require_http_methods(["GET", "POST"])
def meeting_plan(request, pk):
    return _simple_form(
        request, pk, MeetingPlanForm, "Planlegg trekantsamtale",
        lambda a, d: services.trekantsamtale_plan(access=a, **d),
        success="Trekantsamtalen er planlagt.",
    )


@require_http_methods(["GET", "POST"])
def meeting_detail(request, pk, meeting_id):
    access = _access(request, pk)
    if not access.sees_joint_work:
        raise PermissionDenied("Trekantsamtaler krever et gyldig samtykke.")
    meeting = get_object_or_404(Trekantsamtale, pk=meeting_id, case=access.case)
    form = MeetingHoldForm(request.POST or None, initial={"held_on": timezone.localdate()})
    actions = ActionFormSet(request.POST or None, prefix="tiltak")
    if request.method == "POST" and form.is_valid() and actions.is_valid():
        items = [
            services.ActionInput(f.cleaned_data["description"], f.cleaned_data["responsible"], f.cleaned_data["due_date"])
            for f in actions.forms if f.cleaned_data.get("description")
        ]
        try:
            services.trekantsamtale_hold(
                access=access, meeting_id=meeting.pk, held_on=form.cleaned_data["held_on"],
                referat=form.cleaned_data["referat"], actions=items,
                next_planned_at=form.cleaned_data["next_planned_at"],
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            return _done(request, access.case, "Referatet er lagret, og de avtalte tiltakene er fordelt.")
    status = 400 if request.method == "POST" else 200
    return render(request, "cases/meeting_detail.html",
                  {"access": access, "case": access.case, "meeting": meeting, "form": form, "actions": actions}, status=status)


@require_http_methods(["GET", "POST"])
def meeting_cancel(request, pk, meeting_id):
    return _simple_form(
        request, pk, ReasonForm, "Avlys trekantsamtale",
        lambda a, d: services.trekantsamtale_cancel(access=a, meeting_id=meeting_id, reason=d["reason"]),
        form_kwargs=lambda a: {"submit_label": "Avlys samtalen"}, success="Samtalen er avlyst.",
    )


@require_POST
def action_done(request, pk, action_id):
    access = _access(request, pk)
    if not access.sees_joint_work:
        raise PermissionDenied("Avtalte tiltak krever et gyldig samtykke.")
    action = services.action_complete(access=access, action_id=action_id)
    messages.success(request, f"«{action.description}» er markert som utført.")
    return redirect(_safe_next(request, reverse("cases:detail", args=[pk])))


@require_http_methods(["GET", "POST"])
def referral_create(request, pk):
    return _simple_form(
        request, pk, ReferralForm, "Henvis til den andre parten",
        lambda a, d: services.henvisning_send(access=a, to_unit=d["to_unit"], message=d["message"]),
        form_kwargs=lambda a: {"access": a}, success="Henvisningen er sendt.",
    )


@require_http_methods(["GET", "POST"])
def referral_decide(request, referral_id):
    henvisning = get_object_or_404(selectors.henvisninger_waiting_for(request.user), pk=referral_id)
    # The receiving unit reads the youth before it has access to the case: log that read too.
    AccessLog.objects.create(user=request.user, case=henvisning.case, youth=henvisning.case.youth,
                             agency=request.user.agency, unit=request.user.unit, path=request.path[:300])
    form = ReferralDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.henvisning_decide(user=request.user, henvisning_id=henvisning.pk,
                                       accept=form.cleaned_data["decision"] == "accept", reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            if form.cleaned_data["decision"] == "accept":
                return _done(request, henvisning.case, "Henvisningen er akseptert. Saken er nå også deres.")
            messages.success(request, "Henvisningen er avvist.")
            return redirect("cases:mine")
    return render(request, "cases/referral_decide.html", {"henvisning": henvisning, "form": form},
                  status=400 if form.is_bound and form.errors else 200)


@require_POST
def inform_ot_ack(request, pk):
    access = _access(request, pk)
    services.inform_ot_acknowledge(access=access)
    return _done(request, access.case, "Bekreftet: OT kjenner til ungdommen.")


@require_http_methods(["GET", "POST"])
def huskelapp(request, pk):
    if request.method == "POST" and request.POST.get("ferdig"):
        access = _access(request, pk)
        services.huskelapp_done(access=access)
        return _done(request, access.case, "Huskelappen er fjernet.")
    return _simple_form(
        request, pk, HuskelappForm, "Huskelapp",
        lambda a, d: services.huskelapp_set(access=a, text=d["text"], due_date=d["due_date"]),
        success="Huskelappen er lagret.",
    )


# --- Access log ---------------------------------------------------------------------------------


def _require_admin(request):
    if not (request.user.is_superuser or request.user.role == Role.ADMIN):
        raise PermissionDenied("Tilgangsloggen er for administratorer.")


def access_log(request):
    _require_admin(request)
    form = AccessLogSearchForm(request.GET or None)
    entries = AccessLog.objects.none()
    if form.is_valid() and any(form.cleaned_data.values()):
        entries = selectors.access_log_search(**form.cleaned_data)
    page = Paginator(entries, 50).get_page(request.GET.get("side"))
    return render(request, "cases/access_log.html", {"form": form, "page": page})


def access_log_export(request):
    """A youth's own access log, for an innsyn request (CSV)."""
    _require_admin(request)
    fnr = "".join((request.GET.get("fnr") or "").split())
    if len(fnr) != 11 or not fnr.isdigit():
        messages.error(request, "Oppgi et gyldig fødselsnummer for innsynsutskriften.")
        return redirect("cases:access_log")
    entries = selectors.access_log_search(fnr=fnr).order_by("at")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="tilgangslogg-{fnr[:6]}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(["tidspunkt", "bruker", "navn", "etat", "enhet", "handling"])
    for entry in entries:
        writer.writerow([
            timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M:%S"), entry.user.username,
            entry.user.get_full_name(), entry.get_agency_display(), entry.unit.navn if entry.unit else "",
            entry.get_action_display(),
        ])
    return response


# --- Varsler ----------------------------------------------------------------------------------------


def varsler(request):
    from cases.models import Varsel
    from cases.notifications import varsel_text

    if request.method == "POST":
        Varsel.objects.filter(user=request.user, read_at__isnull=True).update(read_at=timezone.now())
        return redirect("cases:varsler")
    items = Varsel.objects.filter(user=request.user).select_related("frist__youth", "frist__regel", "frist__vedtak")[:200]
    return render(request, "cases/varsler.html", {"items": [(v, varsel_text(v)) for v in items]})


# --- Team lead: guarantee deadlines --------------------------------------------------------------


def _require_nav_team_lead(request):
    if request.user.role != Role.NAV_TEAMLEDER:
        raise PermissionDenied("Garantifristene for enheten er for NAV-teamledere.")


def deadline_queue(request):
    from cases.tables import FristTable

    _require_nav_team_lead(request)
    filterset = selectors.deadline_queue(request.user, request.GET)
    table = FristTable(filterset.qs, order_by=request.GET.get("sort") or "frist")
    page = Paginator(table.data, PAGE_SIZE).get_page(request.GET.get("side")).number
    table.paginate(page=page, per_page=PAGE_SIZE)
    return render(request, "cases/deadline_queue.html", {"filter": filterset, "table": table})


def _frist_action(request, run, message):
    _require_nav_team_lead(request)
    try:
        run()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, message)
    return redirect(_safe_next(request, reverse("cases:deadline_queue")))


@require_POST
def frist_sign_off(request, frist_id):
    return _frist_action(request, lambda: services.frist_sign_off(
        actor=request.user, frist_id=frist_id, comment=request.POST.get("comment", "")), "Bruddet er kvittert ut.")


@require_POST
def frist_pause(request, frist_id):
    return _frist_action(request, lambda: services.frist_pause(
        actor=request.user, frist_id=frist_id, reason=request.POST.get("reason", ""), today=timezone.localdate()),
        "Fristen er satt på pause.")


@require_POST
def frist_resume(request, frist_id):
    return _frist_action(request, lambda: services.frist_resume(
        actor=request.user, frist_id=frist_id, today=timezone.localdate()), "Fristen løper igjen.")


# --- §14a vedtak and aktivitetsplan (NAV) ------------------------------------------------------------


def _nav_side(request, pk):
    access = _access(request, pk)
    if access.side != Agency.NAV:
        raise PermissionDenied("§14a-vedtak og aktivitetsplan er NAVs. OT ser dem med samtykke på saken.")
    return access


@require_http_methods(["GET", "POST"])
def vedtak_page(request, pk):
    from cases import oppfolging
    from cases.forms import VedtakFatteForm, VedtakForm
    from cases.models import Vedtak14a

    access = _nav_side(request, pk)
    handling = request.POST.get("handling")
    form = VedtakForm(request.POST if handling == "utkast" else None)
    fatte_form = VedtakFatteForm(request.POST if handling == "fatte" else None,
                                 initial={"vedtak_dato": timezone.localdate()})
    for each in (form, fatte_form):
        each.helper.form_tag = False
    fatte_form.helper.inputs = []
    if request.method == "POST":
        try:
            if handling == "utkast" and form.is_valid():
                oppfolging.vedtak_draft(access=access, **form.cleaned_data)
                return _done(request, access.case, "Utkastet er lagret.")
            if handling == "beslutter":
                oppfolging.vedtak_to_beslutter(access=access, vedtak_id=int(request.POST["vedtak"]))
                return _done(request, access.case, "Vedtaket er sendt til beslutter.")
            if handling == "fatte" and fatte_form.is_valid():
                oppfolging.vedtak_fatte(access=access, vedtak_id=int(request.POST["vedtak"]), **fatte_form.cleaned_data)
                return _done(request, access.case, "Vedtaket er fattet.")
        except ValidationError as error:
            apply_service_error(fatte_form if handling == "fatte" else form, error)
    vedtak = Vedtak14a.objects.filter(youth=access.case.youth).select_related("veileder", "beslutter")
    return render(request, "cases/vedtak.html", {
        "access": access, "case": access.case, "form": form, "fatte_form": fatte_form, "vedtak": vedtak,
    }, status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
def aktivitetsplan_page(request, pk):
    from cases import oppfolging
    from cases.forms import AktivitetForm, PlanApproveForm, PlanGoalForm
    from cases.models import Aktivitet

    access = _access(request, pk)
    if not access.may_see(agency=Agency.NAV, category="arbeid_tiltak"):
        raise PermissionDenied("Aktivitetsplanen krever samtykke som dekker arbeid og tiltak.")
    handling = request.POST.get("handling")
    plan = oppfolging.plan_for(access.case)
    goal_form = PlanGoalForm(request.POST if handling == "mal" else None, initial={"mal": plan.mal if plan else ""})
    aktivitet_form = AktivitetForm(request.POST if handling == "aktivitet" else None)
    approve_form = PlanApproveForm(request.POST if handling == "godkjenn" else None,
                                   initial={"godkjent_dato": timezone.localdate()})
    for form, name in ((goal_form, "mal"), (aktivitet_form, "aktivitet"), (approve_form, "godkjenn")):
        form.helper.form_tag = False
        form.helper.inputs = []
        form.handling = name
    if request.method == "POST":
        if access.side != Agency.NAV:
            raise PermissionDenied("Bare NAV kan endre aktivitetsplanen.")
        actions = {
            "mal": (goal_form, lambda d: oppfolging.plan_set_goal(access=access, **d), "Målet er lagret."),
            "aktivitet": (aktivitet_form, lambda d: oppfolging.aktivitet_add(access=access, **d), "Aktiviteten er lagt til."),
            "godkjenn": (approve_form, lambda d: oppfolging.plan_approve(access=access, **d), "Planen er godkjent."),
        }
        if handling == "status":
            oppfolging.aktivitet_set_status(access=access, aktivitet_id=int(request.POST["aktivitet"]),
                                            status=request.POST.get("status", ""))
            return redirect("cases:aktivitetsplan", pk=pk)
        if handling in actions:
            form, run, message = actions[handling]
            if form.is_valid():
                try:
                    run(form.cleaned_data)
                except ValidationError as error:
                    apply_service_error(form, error)
                else:
                    messages.success(request, message)
                    return redirect("cases:aktivitetsplan", pk=pk)
    plan = oppfolging.plan_for(access.case)
    return render(request, "cases/aktivitetsplan.html", {
        "access": access, "case": access.case, "plan": plan,
        "aktiviteter": plan.aktiviteter.all() if plan else [], "statuses": Aktivitet.Status.choices,
        "goal_form": goal_form, "aktivitet_form": aktivitet_form, "approve_form": approve_form,
        "print": request.GET.get("utskrift") == "1",
    }, status=400 if request.method == "POST" else 200)


def _period(request) -> tuple:
    import datetime as dt

    from nav_ot.dates import add_months

    today = timezone.localdate()
    default_fra = add_months(today.replace(day=1), -11)
    try:
        fra = dt.date.fromisoformat(request.GET.get("fra") or default_fra.isoformat())
        til = dt.date.fromisoformat(request.GET.get("til") or today.isoformat())
    except ValueError:
        messages.error(request, "Ugyldig dato; bruk ÅÅÅÅ-MM-DD. Viser de siste tolv månedene.")
        return default_fra, today
    if til < fra:
        messages.error(request, "Til-datoen er før fra-datoen; viser de siste tolv månedene.")
        return default_fra, today
    return fra, min(til, today)


INDICATOR_LABELS = {
    "plan_innen_1_mnd": "20–24 år, situasjonsbestemt innsats: godkjent plan innen en måned etter vedtaket",
    "spesielt_tilpasset_med_plan": "20–29 år, spesielt tilpasset innsats: har godkjent aktivitetsplan",
    "dager_vedtak_til_plan": "20–24 år, situasjonsbestemt innsats: dager fra vedtak til plan",
}


def indicators(request):
    from cases.indicators import guarantee_indicators, indicator_rows, monthly_series

    _require_nav_team_lead(request)
    office = request.user.unit.office
    fra, til = _period(request)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        return _indicator_export(indicator_rows(kontor_id=office.pk, fra=fra, til=til), fmt, office, fra, til)
    figures = guarantee_indicators(kontor_id=office.pk, fra=fra, til=til)
    months = monthly_series(kontor_id=office.pk, months=min(24, max(1, (til.year - fra.year) * 12 + til.month - fra.month + 1)), until=til)
    shown = request.GET.get("vis")
    rows = [r for r in indicator_rows(kontor_id=office.pk, fra=fra, til=til) if r.indikator == shown] if shown in INDICATOR_LABELS else None
    chart = [
        {"label": m["maned"].strftime("%m.%y"),
         "share": m["andel_20_24_plan_innen_1_mnd"], "n": m["andel_20_24_plan_innen_1_mnd_nevner"],
         "share_height": round((m["andel_20_24_plan_innen_1_mnd"] or 0) * 100),
         "bar_y": 110 - round((m["andel_20_24_plan_innen_1_mnd"] or 0) * 100),
         "label_y": max(12, 104 - round((m["andel_20_24_plan_innen_1_mnd"] or 0) * 100)),
         "days": m["median_dager_vedtak_til_plan"]}
        for m in months
    ]
    return render(request, "cases/indicators.html", {
        "office": office, "fra": fra, "til": til, "figures": figures, "chart": chart,
        "rows": rows, "shown": shown, "shown_label": INDICATOR_LABELS.get(shown, ""), "labels": INDICATOR_LABELS,
    })


def _indicator_export(rows, fmt, office, fra, til):
    header = ["indikator", "navn", "fnr", "vedtak_dato", "frist", "plan_dato", "oppfylt", "dager"]
    values = [[r.indikator, r.navn, r.fnr, r.vedtak_dato, r.frist, r.plan_dato, "ja" if r.oppfylt else "nei", r.dager]
              for r in rows]
    name = f"indikatorer-{office.kode}-{fra:%Y%m%d}-{til:%Y%m%d}"
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        response.write("\ufeff")
        writer = csv.writer(response, delimiter=";")
        writer.writerow(header)
        writer.writerows([[v.isoformat() if hasattr(v, "isoformat") else ("" if v is None else v) for v in row] for row in values])
        return response
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Indikatorer"
    sheet.append(header)
    for row in values:
        sheet.append(row)
    response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    book.save(response)
    return response


@require_http_methods(["GET", "POST"])
def behovsvurdering_page(request, pk):
    from cases import oppfolging
    from cases.forms import BehovsvurderingForm

    access = _access(request, pk)
    if not access.may_see(agency=Agency.NAV, category="arbeid_tiltak"):
        raise PermissionDenied("Behovsvurderingen krever samtykke som dekker arbeid og tiltak.")
    form = BehovsvurderingForm(request.POST or None, initial={"dato": timezone.localdate(),
                                                               "rett_til_vgo": access.case.rett_til_vgo})
    if request.method == "POST":
        if access.side != Agency.NAV:
            raise PermissionDenied("Bare NAV gjør behovsvurderinger.")
        if form.is_valid():
            try:
                oppfolging.behovsvurdering_record(access=access, **form.cleaned_data)
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                return _done(request, access.case, "Behovsvurderingen er lagret.")
    return render(request, "cases/behovsvurdering.html", {
        "access": access, "case": access.case, "form": form,
        "vurderinger": access.case.behovsvurderinger.select_related("created_by"),
    }, status=400 if form.is_bound and form.errors else 200)
