"""Mine saker and varsler."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import redirect, render
from django.utils import timezone

from cases import selectors
from cases.access import log_access, youths_cases
from cases.guarantees.notifications import varsel_text
from cases.models import AccessLog, Varsel
from cases.views.common import PAGE_SIZE, require_case_worker
from nav_ot.pagination import CappedPaginator


def mine(request):
    require_case_worker(request)
    page = selectors.mine_page(
        request.user, vis=request.GET.get("vis", ""), side=request.GET.get("side")
    )
    # Exactly the youth on this page: a bucket's rows beyond its preview or page are not shown.
    # Rows that are youth are logged against their latest case, looked up first: one INSERT of
    # ids `IN (ids) OR IN (subquery)` read all million cases to find the few (0.25 s at 1M).
    shown = page.shown_case_ids()
    if youth_ids := page.shown_youth_ids():
        shown |= set(youths_cases(youth_id__in=youth_ids).values_list("pk", flat=True))
    log_access(request.user, shown, AccessLog.Action.LIST, request.path)
    return render(
        request,
        "cases/mine.html",
        {
            "page": page,
            "today": timezone.localdate(),
            "no_contact_days": settings.NO_CONTACT_DAYS,
        },
    )


def varsler(request):

    if request.method == "POST":
        Varsel.objects.filter(user=request.user, read_at__isnull=True).update(
            read_at=timezone.now()
        )
        return redirect("cases:varsler")
    varsler = (
        Varsel.objects.filter(user=request.user)
        .select_related("frist__youth", "frist__regel", "frist__vedtak")
        .order_by("-created_at", "-pk")
    )
    page = CappedPaginator(varsler, PAGE_SIZE).get_page(request.GET.get("side"))
    items = list(page.object_list)
    shown = youths_cases(youth_id__in=[v.frist.youth_id for v in items])
    log_access(request.user, shown, AccessLog.Action.LIST, request.path)
    return render(
        request,
        "cases/varsler.html",
        {"page": page, "items": [(v, varsel_text(v)) for v in items]},
    )
