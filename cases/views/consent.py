"""Samtykke pages."""

from __future__ import annotations

from django.utils import timezone
from django.views.decorators.http import require_http_methods

from cases import services
from cases.forms import (
    ReasonForm,
    SamtykkeForm,
)
from cases.models import Samtykke
from cases.views.common import simple_form


@require_http_methods(["GET", "POST"])
def samtykke_create(request, pk):
    return simple_form(
        request,
        pk,
        SamtykkeForm,
        "Registrer samtykke",
        lambda a, d: services.samtykke_record(
            access=a,
            given_by=d["given_by"],
            categories=d["categories"],
            valid_from=d["valid_from"],
            valid_to=d["valid_to"],
            shared_with=d["shared_with"],
        ),
        initial=lambda a: {
            "valid_from": timezone.localdate(),
            "given_by": "ungdom",
            "shared_with": "begge",
        },
        success="Samtykket er registrert.",
    )


@require_http_methods(["GET", "POST"])
def samtykke_withdraw(request, pk, samtykke_id):

    samtykke = Samtykke.objects.filter(pk=samtykke_id, case_id=pk).first()
    title = "Trekk tilbake samtykke"
    if samtykke is not None:
        title += f": {samtykke.get_categories_display()}"
    return simple_form(
        request,
        pk,
        ReasonForm,
        title,
        lambda a, d: services.samtykke_withdraw(
            access=a, samtykke_id=samtykke_id, reason=d["reason"]
        ),
        form_kwargs=lambda a: {"submit_label": "Trekk tilbake samtykket"},
        success="Samtykket er trukket tilbake. Delingen stopper med en gang.",
    )
