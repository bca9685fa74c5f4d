"""A service's ValidationError that no form caught is the user's mistake: a 400, not a 500."""

from django.core.exceptions import ValidationError
from django.shortcuts import render


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
