"""Reminders before obligations fall due and before agreements expire, each sent once.

A reminder is a row, unique per (agreement, obligation, kind, due date, person) and inserted
with ON CONFLICT DO NOTHING, so running the daily job twice creates nothing new. Rows are then
e-mailed by whoever claims them first (a conditional UPDATE on emailed_at), so two workers never
send the same one. The table is the outbox (nav_ot/outbox.py): the e-mail job is nudged after the commit and also
runs on beat, so a broker outage only delays the e-mails.
"""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.core.mail import send_mail
from django.db.models import Q
from django.utils import timezone

from accounts.models import Role, User
from agreements.models import Avtaleversjon, Kontaktperson, Paminnelse
from agreements.selectors import obligation_statuses, unread_per_unit
from nav_ot.dates import expiry_warning_dates
from nav_ot.outbox import enqueue


def _coordinators(avtale) -> list[User]:
    return list(User.objects.filter(role=Role.FYLKESKOORDINATOR, unit=avtale.fylke, is_active=True))


def _insert(rows: list[Paminnelse]) -> int:
    before = Paminnelse.objects.count()
    Paminnelse.objects.bulk_create(rows, ignore_conflicts=True)
    created = Paminnelse.objects.count() - before
    if created:
        enqueue(send_agreement_reminders)
    return created


def create_due_reminders(today: dt.date) -> int:
    """Rows for every reminder due by `today`; returns how many were new."""
    rows: list[Paminnelse] = []
    versions = Avtaleversjon.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=today),
        status=Avtaleversjon.Status.AKTIV,
        valid_from__lte=today,
    ).select_related("avtale", "avtale__fylke")
    for versjon in versions:
        avtale = versjon.avtale
        coordinators = _coordinators(avtale)
        if versjon.valid_to:
            passed = [d for d in expiry_warning_dates(versjon.valid_to) if d <= today]
            if passed:  # the latest warning only: a late start does not send five at once
                text = f"«{avtale.navn}» løper ut {versjon.valid_to:%d.%m.%Y}. Planlegg revisjon."
                rows += [
                    Paminnelse(avtale=avtale, kind="utlop", due_date=passed[-1], user=u, tekst=text)
                    for u in coordinators
                ]
        for status in obligation_statuses(versjon, today):
            soon = [p.frist for p in status.perioder if p.status == "snart"]
            if not soon:  # an overdue period does not hide the next one falling due
                continue
            frist = soon[0]
            contacts = [
                k.user
                for k in Kontaktperson.objects.filter(
                    avtale=avtale, enhet=status.enhet
                ).select_related("user")
            ]
            text = (
                f"{status.forpliktelse.beskrivelse} ({status.enhet.navn}) forfaller "
                f"{frist:%d.%m.%Y}, etter «{avtale.navn}»."
            )
            rows += [
                Paminnelse(
                    avtale=avtale,
                    forpliktelse=status.forpliktelse,
                    kind="forfall",
                    due_date=frist,
                    user=u,
                    tekst=text,
                )
                for u in {*coordinators, *contacts}
            ]
    return _insert(rows)


def remind_unread(versjon: Avtaleversjon, today: dt.date) -> int:
    """One reminder today to each person in a covered unit who has not read the version."""
    text = f"Les og bekreft «{versjon.avtale.navn}», versjon {versjon.nummer}."
    rows = [
        Paminnelse(avtale=versjon.avtale, kind="lesing", due_date=today, user=u, tekst=text)
        for _, people in unread_per_unit(versjon)
        for u in people
    ]
    return _insert(rows)


def send_unsent_reminders() -> int:
    """E-mails every reminder nobody has sent yet; returns how many this call sent."""
    sent = 0
    for pk in Paminnelse.objects.filter(emailed_at__isnull=True).values_list("pk", flat=True):
        if not Paminnelse.objects.filter(pk=pk, emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        ):
            continue  # another worker claimed it
        reminder = Paminnelse.objects.select_related("user").get(pk=pk)
        if not reminder.user.email:
            continue
        try:
            send_mail("Påminnelse fra Trekant", reminder.tekst, None, [reminder.user.email])
        except OSError:
            Paminnelse.objects.filter(pk=pk).update(emailed_at=None)
            raise
        sent += 1
    return sent


# Defined beside the rows it sends (agreements.tasks re-exports it for the worker), so queuing it
# needs no import of the tasks module.
@shared_task(name="agreements.tasks.send_agreement_reminders", ignore_result=True)
def send_agreement_reminders() -> int:
    """After new reminders commit, and every 5 minutes: e-mail every reminder not yet sent."""
    return send_unsent_reminders()
