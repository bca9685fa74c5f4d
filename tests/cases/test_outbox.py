"""The varsel outbox: every varsel is e-mailed exactly once, whether the broker or a commit fails."""

import datetime as dt
import logging
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cases.access import case_access
from cases.guarantees import sweep
from cases.guarantees.notifications import varsler_email
from cases.models import Frist, Varsel, Vedtak14a
from cases.services import oppfolging
from cases.tasks import send_varsel_emails
from nav_ot.celery import app as celery_app
from tests.cases.guarantees.helpers import vedtak, youth_aged
from tests.celery_helpers import point_celery_at
from tests.test_healthz import wait_for

CLOSED_PORT = "redis://127.0.0.1:1/0"


@pytest.fixture(autouse=True)
def source_rules(guarantee_rules):
    pass


@pytest.fixture
def broker_down():
    """Point Celery at a port nobody listens on; `up()` brings the real broker back."""
    real = celery_app.conf.broker_url

    point_celery_at(CLOSED_PORT)
    yield lambda: point_celery_at(real)
    point_celery_at(real)


@pytest.fixture
def veileder(personas):
    personas["veileder"].email = "ingrid@nav.example"
    personas["veileder"].save()
    return personas["veileder"]


def breaches(org, veileder, count, today):
    """`count` vedtak whose one-month deadline ran out a few days ago, each a varsel tomorrow."""
    for seed in range(count):
        v = vedtak(youth_aged(22, today, seed), org["bergenhus"], today - dt.timedelta(days=33))
        Vedtak14a.objects.filter(pk=v.pk).update(veileder=veileder)


@pytest.mark.django_db(transaction=True)
def test_sweep_with_broker_down_commits_and_a_worker_later_emails_each_once(
    org, veileder, broker_down, mailoutbox, capsys, caplog
):
    today = timezone.localdate()
    breaches(org, veileder, 3, today)
    with caplog.at_level(logging.WARNING, logger="nav_ot.outbox"):
        call_command("sweep_guarantees")  # exits normally: no SystemExit, no CommandError
    assert "meldingskøen svarer ikke" in capsys.readouterr().err
    assert "Kunne ikke legge cases.tasks.send_varsel_emails i køen" in caplog.text
    assert Frist.objects.filter(status="brutt").count() == 3
    assert Varsel.objects.count() == 3
    assert not Varsel.objects.filter(emailed_at__isnull=False).exists()

    broker_down()  # the broker is back; beat's 5-minute run reaches a real worker
    with start_worker(celery_app, perform_ping_check=False, loglevel="WARNING"):
        send_varsel_emails.delay()
        assert wait_for(lambda: not Varsel.objects.filter(emailed_at__isnull=True).exists())
        send_varsel_emails.delay()  # and the next run sends nothing again
        time.sleep(1)
    assert len(mailoutbox) == 3
    assert sorted(m.to[0] for m in mailoutbox) == ["ingrid@nav.example"] * 3


def test_varsler_committed_without_their_hook_are_sent_by_the_periodic_job(
    org, veileder, mailoutbox, django_capture_on_commit_callbacks
):
    """A sweep killed after COMMIT, before its on_commit hook: the varsler are there, unsent."""
    today = timezone.localdate()
    breaches(org, veileder, 2, today)
    with django_capture_on_commit_callbacks(execute=False) as hooks:
        sweep(today=today)
    assert len(hooks) == 1 and not mailoutbox  # the hook never runs
    assert send_varsel_emails() == 2
    assert send_varsel_emails() == 0
    assert len(mailoutbox) == 2


def test_runs_in_batches_and_two_workers_never_send_the_same(org, veileder, mailoutbox):
    breaches(org, veileder, 5, timezone.localdate())
    sweep(today=timezone.localdate())
    assert varsler_email(batch_size=2) == 5  # three batches in one run
    assert varsler_email(batch_size=2) == 0  # a second worker finds every one claimed
    assert len(mailoutbox) == 5


def test_a_failed_send_stays_in_the_outbox_for_the_next_run(org, veileder, settings, mailoutbox):
    breaches(org, veileder, 2, timezone.localdate())
    sweep(today=timezone.localdate())
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    assert varsler_email() == 0  # connection refused: nothing sent, nothing lost
    assert Varsel.objects.filter(emailed_at__isnull=True).count() == 2
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert varsler_email() == 2
    assert len(mailoutbox) == 2


def test_varsel_emails_run_every_five_minutes(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["varsel e-mails every 5 min"]
    assert (entry["task"], entry["schedule"]) == ("cases.tasks.send_varsel_emails", 300.0)


@pytest.mark.django_db(transaction=True)
def test_fatte_vedtak_with_broker_down_is_the_normal_success(
    client, shared_case, veileder, broker_down, caplog
):
    draft = oppfolging.vedtak_draft(
        access=case_access(veileder, shared_case),
        innsatsgruppe="SITUASJONSBESTEMT_INNSATS",
        hovedmal="SKAFFE_ARBEID",
        begrunnelse="Trenger arbeidsrettet oppfølging",
        kilder="Samtale",
    )
    client.force_login(veileder)
    with caplog.at_level(logging.WARNING, logger="nav_ot.outbox"):
        response = client.post(
            reverse("cases:vedtak", args=[shared_case.pk]),
            {
                "handling": "fatte",
                "bekreft": "on",
                "vedtak": draft.pk,
                "vedtak_dato": (timezone.localdate() - dt.timedelta(days=33)).isoformat(),
            },
        )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "fattet"
    # the deadline it broke has its varsel, waiting in the outbox for the periodic job
    assert Varsel.objects.filter(user=veileder, emailed_at__isnull=True).exists()
    assert "Kunne ikke legge cases.tasks.send_varsel_emails i køen" in caplog.text
