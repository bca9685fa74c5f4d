"""Deadline notifications: once per deadline, kind and owner; no flood from imported history."""

import datetime as dt

import pytest

from cases.guarantees import sweep
from cases.models import Vedtak14a
from tests.cases.guarantees.helpers import status_of, vedtak, youth_aged

pytestmark = pytest.mark.django_db


def test_deadline_notifications_are_sent_once(
    office, personas, mailoutbox, django_capture_on_commit_callbacks
):
    from cases.guarantees.notifications import varsler_email
    from cases.models import Varsel

    personas["veileder"].email = "ingrid@nav.example"
    personas["veileder"].save()
    today = dt.date(2026, 3, 10)
    v = vedtak(youth_aged(22, today, 1), office, dt.date(2026, 2, 12))  # frist 12 March: snart
    Vedtak14a.objects.filter(pk=v.pk).update(veileder=personas["veileder"])
    with django_capture_on_commit_callbacks() as callbacks:
        result = sweep(today=today)
    assert result.notified == 1 and len(callbacks) == 1
    varsel = Varsel.objects.get()
    assert (varsel.user, varsel.kind) == (personas["veileder"], "frist_snart")
    assert varsler_email() == 1
    assert varsler_email() == 0
    assert len(mailoutbox) == 1 and "går ut 12.03.2026" in mailoutbox[0].body
    with django_capture_on_commit_callbacks() as callbacks:
        again = sweep(today=today)
    assert (again.created, again.changed, again.notified, len(callbacks)) == (0, 0, 0, 0)
    sweep(today=dt.date(2026, 3, 13))
    assert set(Varsel.objects.values_list("kind", flat=True)) == {"frist_snart", "frist_brutt"}


def test_imported_history_does_not_flood_notifications(office, personas):
    from cases.models import Varsel

    v = vedtak(youth_aged(22, dt.date(2016, 1, 1), 1), office, dt.date(2016, 1, 1))
    Vedtak14a.objects.filter(pk=v.pk).update(veileder=personas["veileder"])
    sweep(today=dt.date(2026, 3, 10))
    assert status_of(v).status == "brutt"
    assert not Varsel.objects.exists()


def test_the_header_counts_unread_varsler_to_99(client, personas, org, monkeypatch):
    from django.urls import reverse

    from cases import context_processors
    from cases.models import Varsel
    from tests.factories import breached_frist

    monkeypatch.setattr(context_processors, "UNREAD_CAP", 2)
    client.force_login(personas["veileder"])
    for n in range(3):
        frist = breached_frist(personas["veileder"], org["bergenhus"])
        Varsel.objects.get_or_create(user=personas["veileder"], frist=frist, kind="frist_brutt")
        badge = client.get(reverse("cases:varsler")).content.decode()
        assert f'data-testid="unread-varsler">{n + 1 if n < 2 else "2+"}<' in badge
