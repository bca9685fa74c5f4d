"""E-mail for deadline notifications. Each varsel is e-mailed at most once (conditional update)."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Role, User
from cases.models import DigestSent, Frist, Varsel
from cases.selectors import frister_visible_to


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


# Defined beside the sweep that queues it (cases.tasks re-exports it for the worker), so the
# engine needs no import of cases.tasks.
@shared_task(
    name="cases.tasks.send_varsel_emails",
    ignore_result=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def send_varsel_emails(varsel_ids: list[int]) -> int:
    return varsler_email(varsel_ids=varsel_ids)


def team_lead_digests(*, today: dt.date) -> int:
    """E-mail every NAV team lead the unit's deadlines due soon and breaches not signed off."""
    sent = 0
    for lead in User.objects.filter(role=Role.NAV_TEAMLEDER, is_active=True).exclude(email=""):
        frister = frister_visible_to(lead)
        snart = frister.filter(status=Frist.Status.SNART).count()
        brutt = frister.filter(status=Frist.Status.BRUTT, signed_off_at__isnull=True).count()
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
