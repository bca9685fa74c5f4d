"""Bulk assignment: only team leads reassign colleagues' cases; messages pluralise."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases.access import case_access
from cases.services import case_assign
from tests.factories import open_case

pytestmark = pytest.mark.django_db


def bulk(client, user, cases, owner):
    client.force_login(user)
    response = client.post(
        reverse("cases:bulk_assign"),
        {"cases": [c.pk for c in cases], "owner": owner.pk, "reason": "Fordeling av saker"},
        follow=True,
    )
    assert response.status_code == 200
    return response.content.decode()


def test_veileder_takes_unassigned_cases_but_not_a_colleagues(client, personas):
    colleagues = open_case(personas["team_veileder"])
    unassigned = open_case(personas["teamleder"])
    page = bulk(client, personas["veileder"], [colleagues, unassigned], personas["veileder"])
    colleagues.refresh_from_db()
    unassigned.refresh_from_db()
    assert colleagues.nav_veileder == personas["team_veileder"]
    assert unassigned.nav_veileder == personas["veileder"]
    assert "1 sak fordelt til" in page
    assert "1 sak ble ikke endret" in page


def test_veileder_cannot_give_an_unassigned_case_to_a_colleague(personas):
    unassigned = open_case(personas["teamleder"])
    with pytest.raises(ValidationError, match="teamledere"):
        case_assign(
            access=case_access(personas["veileder"], unassigned),
            owner=personas["team_veileder"],
            reason="Fordeling",
        )


def test_team_lead_reassigns_colleagues_cases_and_the_message_pluralises(client, personas):
    cases = [open_case(personas["veileder"]), open_case(personas["veileder"])]
    page = bulk(client, personas["teamleder"], cases, personas["team_veileder"])
    assert "2 saker fordelt til" in page and "ikke endret" not in page
    for case in cases:
        case.refresh_from_db()
        assert case.nav_veileder == personas["team_veileder"]
