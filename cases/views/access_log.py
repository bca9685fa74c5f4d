"""The access log: search and the innsyn export."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.models import Role
from cases import selectors
from cases.access import log_access, youths_cases
from cases.forms import (
    AccessLogSearchForm,
)
from cases.models import AccessLog
from nav_ot.exports import csv_response
from nav_ot.pagination import DeferredJoinPaginator

PAGE_SIZE = 50


def _require_admin(request):
    if not (request.user.is_superuser or request.user.role == Role.ADMIN):
        raise PermissionDenied("Tilgangsloggen er for administratorer.")


def access_log(request):
    _require_admin(request)
    form = AccessLogSearchForm(request.GET or None)
    entries = after = None
    if form.is_valid() and any(form.cleaned_data.values()):
        entries = selectors.access_log_search(**form.cleaned_data)
        after = selectors.access_log_after(entries, request.GET.get("etter"))
    # A deep page of a month skips thousands of log rows: by the index alone, not joined; "Neste"
    # names the page's last row, so the next page starts there at any depth (keyset).
    paginator = DeferredJoinPaginator(
        AccessLog.objects.none() if entries is None else entries, PAGE_SIZE
    )
    side = request.GET.get("side")
    page = paginator.get_page(side) if after is None else paginator.page_after(after, side)
    next_query = None
    if page.has_next():
        query = request.GET.copy()
        query["side"], query["etter"] = page.number + 1, page.object_list[-1].pk
        next_query = query.urlencode()
    return render(
        request, "cases/access_log.html", {"form": form, "page": page, "next_query": next_query}
    )


def access_log_export(request):
    """A youth's own access log, for an innsyn request (CSV): who saw the youth, when, where (the
    page or command) and how (seen, listed, found by search, exported or printed)."""
    _require_admin(request)
    fnr = "".join((request.GET.get("fnr") or "").split())
    if len(fnr) != 11 or not fnr.isdigit():
        messages.error(request, "Oppgi et gyldig fødselsnummer for innsynsutskriften.")
        return redirect("cases:access_log")
    entries = selectors.access_log_search(fnr=fnr).order_by("at", "id")
    # Taking out a youth's access log is itself a read of the youth; this row closes the list.
    log_access(request.user, youths_cases(youth__fnr=fnr), AccessLog.Action.EXPORT, request.path)
    rows = (
        [
            timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M:%S"),
            entry.user.username,
            entry.user.get_full_name(),
            entry.get_agency_display(),
            entry.unit.navn if entry.unit else "",
            entry.get_action_display(),
            entry.path,
        ]
        for entry in entries.iterator()
    )
    return csv_response(
        f"tilgangslogg-{fnr[:6]}.csv",
        ["tidspunkt", "bruker", "navn", "etat", "enhet", "handling", "side"],
        rows,
    )
