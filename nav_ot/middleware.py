"""Cross-cutting answers: pages are never cached; a service's ValidationError that no form caught
is the user's mistake, a 400, not a 500."""

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers


class NoStoreMiddleware:
    """Pages show personal data: no browser or proxy may keep a copy (Cache-Control: no-store).
    Static files are answered by WhiteNoise before this; a view that sets its own
    Cache-Control keeps it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response


class ServiceErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, ValidationError):
            reason = " ".join(exception.messages)
            return render(request, "errors/400.html", {"reason": reason}, status=400)
        return None
