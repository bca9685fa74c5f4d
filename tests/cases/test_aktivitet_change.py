"""Aktivitetsplan activities are changed and removed; on an approved plan the change goes into
a new revision and the approved plan stays as it was."""

import pytest
from django.urls import reverse

from cases.access import case_access
from cases.models import Aktivitet, CaseEvent
from cases.services import aktivitet_add, plan_approve, plan_for
from tests.factories import give_samtykke, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def aktivitet(shared_case, nav_access):
    return aktivitet_add(
        access=nav_access,
        type="egen",
        tittel="Søke jobb",
        status="PLANLAGT",
        avtalt_med_nav=False,
        fra_dato=None,
        til_dato=None,
    )


def url(case, aktivitet):
    return reverse("cases:aktivitet", kwargs={"pk": case.pk, "aktivitet_id": aktivitet.pk})


CHANGE = {
    "handling": "endre",
    "type": "tiltak",
    "tittel": "Arbeidstrening",
    "status": "GJENNOMFORES",
    "avtalt_med_nav": "on",
}


def test_an_activity_is_changed(client, personas, shared_case, aktivitet):
    client.force_login(personas["veileder"])
    assert client.post(url(shared_case, aktivitet), CHANGE).status_code == 302
    aktivitet.refresh_from_db()
    assert (aktivitet.tittel, aktivitet.status) == ("Arbeidstrening", "GJENNOMFORES")
    assert CaseEvent.objects.filter(case=shared_case, verb="aktivitet_changed").exists()


def test_an_activity_is_removed(client, personas, shared_case, aktivitet):
    client.force_login(personas["veileder"])
    assert client.post(url(shared_case, aktivitet), {"handling": "fjern"}).status_code == 302
    assert not Aktivitet.objects.filter(pk=aktivitet.pk).exists()
    assert CaseEvent.objects.filter(case=shared_case, verb="aktivitet_removed").exists()


def test_on_an_approved_plan_the_change_starts_a_revision(
    client, personas, shared_case, nav_access, aktivitet
):
    approved = plan_approve(access=nav_access, godkjent_dato=today())
    client.force_login(personas["veileder"])
    assert client.post(url(shared_case, aktivitet), {"handling": "fjern"}).status_code == 302
    aktivitet.refresh_from_db()  # the approved plan keeps its activity
    assert aktivitet.plan == approved
    revision = plan_for(shared_case)
    assert revision != approved and revision.godkjent_dato is None
    assert not revision.aktiviteter.exists()


@pytest.mark.parametrize(
    "persona, expected",
    [
        ("veileder", 200),
        ("teamleder", 200),
        ("ot", 403),
        ("other_office", 404),
        ("koordinator", 404),
        ("admin", 404),
    ],
)
def test_activity_page_permissions(
    client, personas, shared_case, nav_access, aktivitet, persona, expected
):
    give_samtykke(nav_access)
    assert case_access(personas["ot"], shared_case).sees_work
    client.force_login(personas[persona])
    assert client.get(url(shared_case, aktivitet)).status_code == expected
