from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import BadRequest
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts import selectors as account_selectors
from nav_ot import health


@require_GET
@never_cache
@login_not_required
def healthz(request):
    body = health.as_json(health.service_status())
    return JsonResponse(body, status=200 if body["status"] == "ok" else 503)


@require_GET
def home(request):
    if request.user.agency is not None:
        return redirect("cases:mine")
    units = account_selectors.units_visible_to(request.user).select_related("parent")
    return render(request, "home.html", {"visible_units": units})


def error_404(request, exception):
    return render(request, "errors/404.html", status=404)


def error_500(request):
    # The database may be what failed: render without the request, so no context processor
    # reads the session, the user or their varsler.
    return HttpResponse(render_to_string("errors/500.html"), status=500)


def error_403(request, exception):
    # Our own PermissionDenied messages are written for users; show them.
    reason = str(exception) if exception and str(exception) else ""
    return render(request, "errors/403.html", {"reason": reason}, status=403)


def error_400(request, exception):
    # BadRequest is what our views raise, in Norwegian; Django's own 400s stay generic.
    reason = str(exception) if isinstance(exception, BadRequest) else ""
    return render(request, "errors/400.html", {"reason": reason}, status=400)


def csrf_failure(request, reason=""):
    return render(request, "errors/403_csrf.html", status=403)
