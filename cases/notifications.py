"""E-mail for deadline notifications. Each varsel is e-mailed at most once (conditional update)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from cases.models import Varsel


def varsel_text(varsel: Varsel) -> str:
    frist = varsel.frist
    youth = frist.youth
    when = frist.frist.strftime("%d.%m.%Y") if frist.frist else "uten frist"
    if varsel.kind == Varsel.Kind.FRIST_SNART:
        return f"Fristen for {frist.regel.kode} for {youth.full_name} går ut {when}."
    return f"Fristen for {frist.regel.kode} for {youth.full_name} gikk ut {when} uten godkjent aktivitetsplan."


def varsler_email(*, varsel_ids: list[int]) -> int:
    sent = 0
    for varsel in Varsel.objects.filter(pk__in=varsel_ids, emailed_at__isnull=True).select_related(
        "user", "frist__youth", "frist__regel"
    ):
        # Claim it first, so two workers never send the same e-mail.
        if not Varsel.objects.filter(pk=varsel.pk, emailed_at__isnull=True).update(emailed_at=timezone.now()):
            continue
        if varsel.user.email:
            send_mail(
                subject=f"Trekant: {varsel.get_kind_display().lower()}",
                message=varsel_text(varsel) + "\n\nLogg inn i Trekant for å se saken.",
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[varsel.user.email],
            )
            sent += 1
    return sent
