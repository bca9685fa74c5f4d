"""List washing pages: upload, columns, progress, sessions, result, export, review queue."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Agency
from cases import selectors
from cases.access import (
    log_access,
    may_review_washing,
    washing_offices,
    washing_side,
    washing_units,
    youths_cases,
)
from cases.forms import FIELD_LABELS, MappingForm, WashingUploadForm
from cases.models import AccessLog, WashingCandidate, WashingResult, WashingUpload
from cases.views.washing_actions import row_actions
from cases.washing import ListFileError, candidate_confirm, candidate_reject, result_lines
from cases.washing.reader import detect_mapping
from cases.washing.uploads import progress_shown, upload_create, upload_set_mapping
from nav_ot.exports import csv_response, xlsx_response
from nav_ot.pagination import CappedPaginator

PAGE_SIZE = 50


def _require_washer(request):
    if not washing_units(request.user).exists():
        raise PermissionDenied("Listevask er for OT-rådgivere og NAV-ansatte.")


def sessions(request):
    _require_washer(request)
    page = CappedPaginator(selectors.washing_sessions_for(request.user), PAGE_SIZE).get_page(
        request.GET.get("side")
    )
    return render(request, "cases/washing/sessions.html", {"page": page})


@require_http_methods(["GET", "POST"])
def upload(request):
    _require_washer(request)
    units = washing_units(request.user).order_by("navn")
    form = WashingUploadForm(
        request.POST or None,
        request.FILES or None,
        units=units,
        offices=washing_offices(request.user),
    )
    if request.method == "POST" and form.is_valid():
        fil = form.cleaned_data["fil"]
        try:
            saved = upload_create(
                user=request.user,
                ot_enhet=form.cleaned_data["ot_enhet"],
                nav_kontor=form.cleaned_data.get("nav_kontor"),
                file_name=fil.name,
                data=fil.read(),
            )
        except ListFileError as exc:
            form.add_error("fil", str(exc))
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            if saved.status == WashingUpload.Status.MAPPING:
                return redirect("cases:washing_mapping", pk=saved.pk)
            return redirect("cases:washing_progress", pk=saved.pk)
    return render(request, "cases/washing/upload.html", {"form": form})


@require_http_methods(["GET", "POST"])
def mapping(request, pk):
    upload = selectors.washing_upload_get(request.user, pk)
    if upload.created_by_id != request.user.pk:
        raise Http404("Fant ikke opplastingen.")
    if upload.status != WashingUpload.Status.MAPPING:
        return redirect("cases:washing_progress", pk=upload.pk)
    form = MappingForm(
        request.POST or None, header=upload.header, initial_mapping=detect_mapping(upload.header)
    )
    if request.method == "POST" and form.is_valid():
        try:
            upload_set_mapping(user=request.user, upload=upload, mapping=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
        else:
            return redirect("cases:washing_progress", pk=upload.pk)
    return render(
        request,
        "cases/washing/mapping.html",
        {"form": form, "upload": upload, "labels": FIELD_LABELS},
    )


def progress(request, pk):
    upload = selectors.washing_upload_get(request.user, pk)
    if upload.status == WashingUpload.Status.DONE and upload.session_id:
        url = reverse("cases:washing_result", args=[upload.session_id])
        if request.htmx:
            response = render(request, "cases/washing/_progress.html", {"upload": upload})
            response["HX-Redirect"] = url
            return response
        return redirect(url)
    shown, percent = progress_shown(upload)
    context = {"upload": upload, "shown": shown, "percent": percent}
    template = "cases/washing/_progress.html" if request.htmx else "cases/washing/progress.html"
    return render(request, template, context)


def result(request, pk):
    session = selectors.washing_session_get(request.user, pk)
    choices = selectors.result_choices(request.user)
    chosen = request.GET.get("resultat", "")
    if chosen not in {value for value, _label in choices}:
        chosen = ""
    rows = selectors.washing_rows(session, user=request.user, result=chosen)
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("side"))
    log_access(
        request.user,
        [r.case_id for r in page.object_list if r.case_id],
        AccessLog.Action.LIST,
        request.path,
    )
    for_ot = washing_side(request.user) == Agency.OT
    if not for_ot:
        # NAV's view names each row's best candidate in review: that youth is shown too.
        named = {
            r.best[0].youth_id
            for r in page.object_list
            if r.result == WashingResult.MULIG_TREFF and r.best
        }
        if named:
            log_access(
                request.user,
                youths_cases(youth_id__in=named),
                AccessLog.Action.LIST,
                request.path,
            )
    counts = selectors.washing_counts(session, request.user)
    summary = [
        (value, label, counts.get(WashingResult.MULIG_TREFF, 0))
        if value == selectors.UNDER_AVKLARING
        else (value, label, counts.get(value, 0))
        for value, label in choices
    ]
    context = {
        "session": session,
        "page": page,
        "summary": summary,
        "chosen": chosen,
        "for_ot": for_ot,
        "conflicts": counts.get("konflikter", 0) if not for_ot else None,
        "may_review": may_review_washing(request.user, session.ot_enhet),
        **row_actions(request.user, session, page.object_list),
    }
    return render(request, "cases/washing/result.html", context)


def export(request, pk, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404("Ukjent format.")
    session = selectors.washing_session_get(request.user, pk)
    for_ot = washing_side(request.user) == Agency.OT
    header, lines = result_lines(session, user=request.user, for_ot=for_ot)
    name = f"listevask-{session.pk}-{session.side}-{session.source}-{'ot' if for_ot else 'nav'}"
    if fmt == "xlsx":
        return xlsx_response(f"{name}.xlsx", "Listevask", header, lines)
    return csv_response(f"{name}.csv", header, lines)


def review(request, pk):
    session = selectors.washing_session_get(request.user, pk)
    if not may_review_washing(request.user, session.ot_enhet):
        raise PermissionDenied("Bare NAV i samme fylke vurderer mulige treff.")
    page = CappedPaginator(selectors.review_queue(session), 20).get_page(request.GET.get("side"))
    shown = {c.youth_id for row in page.object_list for c in row.open_candidates}
    log_access(request.user, youths_cases(youth_id__in=shown), AccessLog.Action.LIST, request.path)
    return render(request, "cases/washing/review.html", {"session": session, "page": page})


@require_POST
def decide(request, pk, candidate_id):
    session = selectors.washing_session_get(request.user, pk)
    candidate = get_object_or_404(WashingCandidate, pk=candidate_id, row__session=session)
    try:
        if request.POST.get("valg") == "bekreft":
            candidate_confirm(user=request.user, candidate=candidate)
            messages.success(request, f"Rad {candidate.row.rad} er koblet til ungdommen.")
        elif request.POST.get("valg") == "avvis":
            candidate_reject(user=request.user, candidate=candidate)
            messages.success(request, f"Treffet for rad {candidate.row.rad} er avvist.")
        else:
            messages.error(request, "Velg bekreft eller avvis.")
    except ValidationError as exc:  # decided already (another reviewer, a second click)
        messages.error(request, f"Rad {candidate.row.rad}: {' '.join(exc.messages)}")
    return redirect("cases:washing_review", pk=session.pk)


def comparison(request, pk):
    session = selectors.washing_session_get(request.user, pk)
    compared = selectors.compare_with_previous(session, user=request.user)
    shown = [
        row[4] for group in (compared.still_only_own, compared.new, compared.left) for row in group
    ]
    log_access(
        request.user, [case_id for case_id in shown if case_id], AccessLog.Action.LIST, request.path
    )
    groups = [
        ("fortsatt", f"Fortsatt kun hos {session.side_name}", compared.still_only_own),
        ("nye", "Nye på listen", compared.new),
        ("borte", "Borte fra listen", compared.left),
    ]
    return render(
        request,
        "cases/washing/comparison.html",
        {"session": session, "previous": compared.previous, "groups": groups},
    )
