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
        if not Varsel.objects.filter(pk=varsel.pk, emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        ):
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


def team_lead_digests(*, today) -> int:
    """E-mail every NAV team lead the unit's deadlines due soon and breaches not signed off."""
    from django.db import IntegrityError, transaction

    from accounts.models import Role, User
    from cases.models import DigestSent
    from cases.selectors import frister_visible_to

    sent = 0
    for lead in User.objects.filter(role=Role.NAV_TEAMLEDER, is_active=True).exclude(email=""):
        frister = frister_visible_to(lead)
        snart = frister.filter(status="snart").count()
        brutt = frister.filter(status="brutt", signed_off_at__isnull=True).count()
        if not (snart or brutt):
            continue
        try:
            with transaction.atomic():
                DigestSent.objects.create(user=lead, day=today)
        except IntegrityError:
            continue  # already sent today
        send_mail(
            subject=f"Trekant: garantifrister {today:%d.%m.%Y}",
            message=(
                f"{snart} frister går ut den neste uken, og {brutt} brudd venter på kvittering.\n\n"
                "Se Garantifrister i Trekant."
            ),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[lead.email],
        )
        sent += 1
    return sent
