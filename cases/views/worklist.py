"""Mine saker and varsler."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import redirect, render
from django.utils import timezone

from cases import selectors
from cases.access import log_access, youths_cases
from cases.guarantees.notifications import varsel_text
from cases.models import AccessLog, Case, Varsel
from cases.views.common import require_case_worker


def mine(request):
    require_case_worker(request)
    worklist = selectors.worklist_for(request.user)
    bucket = request.GET.get("vis", "")
    ufordelt = selectors.ufordelt_for(request.user) if request.user.is_team_lead else None
    shown = worklist.shown_cases()
    if ufordelt is not None:
        # The youth without a fast kontaktperson are listed by name too (against their case).
        without = youths_cases(youth_id__in=ufordelt.uten_kontaktperson.values("pk"))
        shown = shown | ufordelt.cases | Case.objects.filter(pk__in=without.values("pk"))
    log_access(request.user, shown, AccessLog.Action.LIST, request.path)
    return render(
        request,
        "cases/mine.html",
        {
            "worklist": worklist,
            "counts": worklist.counts(),
            "bucket": bucket,
            "ufordelt": ufordelt,
            "ufordelt_counts": ufordelt.counts() if ufordelt else None,
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
    items = list(
        Varsel.objects.filter(user=request.user).select_related(
            "frist__youth", "frist__regel", "frist__vedtak"
        )[:200]
    )
    shown = youths_cases(youth_id__in=[v.frist.youth_id for v in items])
    log_access(request.user, shown, AccessLog.Action.LIST, request.path)
    return render(request, "cases/varsler.html", {"items": [(v, varsel_text(v)) for v in items]})
