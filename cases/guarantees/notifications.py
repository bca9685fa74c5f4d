"""E-mail for deadline notifications: an outbox of varsler whose `emailed_at` is still empty."""

from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import DEADLINE_LEAD_ROLES, User
from cases.models import DigestSent, Frist, Varsel
from cases.selectors import frister_visible_to

logger = logging.getLogger(__name__)


def varsel_text(varsel: Varsel) -> str:
    frist = varsel.frist
    youth = frist.youth
    when = frist.frist.strftime("%d.%m.%Y") if frist.frist else "uten frist"
    if varsel.kind == Varsel.Kind.FRIST_SNART:
        return f"Fristen for {frist.regel.kode} for {youth.full_name} går ut {when}."
    return f"Fristen for {frist.regel.kode} for {youth.full_name} gikk ut {when} uten godkjent aktivitetsplan."


def varsler_email(*, batch_size: int = 500) -> int:
    """E-mail every varsel not yet e-mailed; returns how many were sent.

    Each varsel is claimed (a conditional UPDATE that commits before sending) so two workers
    never send the same one. If sending raises, the claim is undone and the next run retries it.
    Trade-off: a worker killed between its claim and the SMTP handover loses that one e-mail,
    and an SMTP error after the server accepted it sends it twice; both are rarer than a lost
    queue message, which the periodic run now covers. Each varsel is visited at most once per run
    (keyset order by id), so a dead mail server cannot keep one run looping.
    """
    sent = failed = 0
    after = 0
    while True:
        batch = list(
            Varsel.objects.filter(emailed_at__isnull=True, pk__gt=after)
            .select_related("user", "frist__youth", "frist__regel")
            .order_by("pk")[:batch_size]
        )
        if not batch:
            break
        after = batch[-1].pk
        for varsel in batch:
            claimed_at = timezone.now()
            if not Varsel.objects.filter(pk=varsel.pk, emailed_at__isnull=True).update(
                emailed_at=claimed_at
            ):
                continue  # another worker has it
            if not varsel.user.email:
                continue
            try:
                _send(varsel)
            except Exception:
                Varsel.objects.filter(pk=varsel.pk, emailed_at=claimed_at).update(emailed_at=None)
                logger.warning(
                    "E-post for varsel %s feilet; prøves igjen senere.", varsel.pk, exc_info=True
                )
                failed += 1
            else:
                sent += 1
    if failed:
        logger.warning("%s varsler ble ikke sendt på e-post; de prøves ved neste kjøring.", failed)
    return sent


def _send(varsel: Varsel) -> None:
    send_mail(
        subject=f"Trekant: {varsel.get_kind_display().lower()}",
        message=varsel_text(varsel) + "\n\nLogg inn i Trekant for å se saken.",
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[varsel.user.email],
    )


# Defined beside the sweep that queues it (cases.tasks re-exports it for the worker), so the
# engine needs no import of cases.tasks.
@shared_task(name="cases.tasks.send_varsel_emails", ignore_result=True)
def send_varsel_emails(*_legacy_ids) -> int:
    """Every 5 minutes and after each sweep: e-mail every varsel not yet e-mailed.

    Failed sends stay in the outbox for the next run, so no task-level retry. Messages queued
    before the outbox carried a list of ids; they are accepted and ignored.
    """
    return varsler_email()


def team_lead_digests(*, today: dt.date) -> int:
    """E-mail every NAV team lead the unit's deadlines due soon and breaches not signed off."""
    sent = 0
    for lead in User.objects.filter(role__in=DEADLINE_LEAD_ROLES, is_active=True).exclude(email=""):
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
