"""Ufordelt: cases with no owner on a side, and the actions that therefore land in nobody's
worklist, show to the unit's team leads on Mine saker and in the unit list's filter."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.access import case_access
from cases.selectors import ufordelt_for
from cases.services import ActionInput
from tests.factories import YouthFactory, give_samtykke, hold_meeting, open_case, today, years_ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_without_ot_kontakt(personas, org):
    """NAV Bergenhus's case, with OT Vestland as OT-enhet but no OT-kontakt."""
    return open_case(
        personas["veileder"],
        youth=YouthFactory(first_name="Ufordelt", last_name="Ungdomsen", birth_date=years_ago(19)),
        ot_enhet=org["ot_bergen"],
    )


@pytest.fixture
def ot_action(personas, case_without_ot_kontakt):
    access = case_access(personas["veileder"], case_without_ot_kontakt)
    give_samtykke(access)
    access = case_access(personas["veileder"], case_without_ot_kontakt)
    hold_meeting(
        access, [ActionInput("Finn skoleplass til høsten", "ot", today() + dt.timedelta(days=3))]
    )
    return case_without_ot_kontakt.actions.get()


def mine(client, user):
    client.force_login(user)
    return client.get(reverse("cases:mine")).content.decode()


def test_action_for_ot_without_ot_kontakt_shows_in_ot_team_leads_ufordelt(
    client, personas, ot_action
):
    page = mine(client, personas["ot_teamleder"])
    assert 'data-testid="bucket-ufordelt"' in page
    assert 'data-testid="ufordelt-action"' in page and "Finn skoleplass til høsten" in page
    assert "Ufordelt Ungdomsen" in page
    counts = ufordelt_for(personas["ot_teamleder"]).counts()
    assert counts == {"cases": 1, "actions": 1, "uten_kontaktperson": 0}


@pytest.mark.parametrize("persona", ["ot", "veileder", "teamleder"])
def test_others_do_not_get_ots_ufordelt(client, personas, ot_action, persona):
    page = mine(client, personas[persona])
    assert "Finn skoleplass til høsten" not in page
    if persona != "teamleder":
        assert 'data-testid="bucket-ufordelt"' not in page


def test_nav_team_lead_sees_cases_without_veileder(client, personas, org):
    registered = open_case(personas["teamleder"])  # a team lead's registration waits to be assigned
    owned = open_case(personas["veileder"])
    page = mine(client, personas["teamleder"])
    assert registered.youth.last_name in page.split('id="ufordelt"')[1]
    assert owned.youth.last_name not in page.split('id="ufordelt"')[1]
    # Another office's team lead does not see it.
    assert ufordelt_for(personas["other_office"]).cases.count() == 0


def test_unit_list_filters_ufordelt_with_count(client, personas, org):
    # Surnames no staff member or menu has, so the page names them only as youth.
    registered = open_case(
        personas["teamleder"],
        youth=YouthFactory(last_name="Uteneierstad", birth_date=years_ago(22)),
    )
    owned = open_case(
        personas["veileder"], youth=YouthFactory(last_name="Medeierstad", birth_date=years_ago(22))
    )
    client.force_login(personas["teamleder"])
    page = client.get(reverse("cases:list"), {"fordeling": "ufordelt"}).content.decode()
    assert "Ufordelt (1)" in page
    assert registered.youth.last_name in page and owned.youth.last_name not in page


def test_ufordelt_query_count_does_not_grow(client, personas, org, django_assert_num_queries):
    for _ in range(2):
        open_case(personas["teamleder"])
    client.force_login(personas["teamleder"])
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("cases:mine"))
    for _ in range(8):
        open_case(personas["teamleder"])
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("cases:mine"))
