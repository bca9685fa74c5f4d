"""units_visible_to: the one place that answers which units' data a user may see."""

import pytest

from accounts.selectors import units_visible_to
from tests.factories import UserFactory


def codes(user):
    return set(units_visible_to(user).values_list("kode", flat=True))


@pytest.mark.django_db
def test_veileder_sees_own_office_and_its_teams_only(personas):
    assert codes(personas["veileder"]) == {"1203", "1203-UNG"}


@pytest.mark.django_db
def test_veileder_in_a_team_sees_the_whole_office(personas):
    assert codes(personas["team_veileder"]) == {"1203", "1203-UNG"}


@pytest.mark.django_db
def test_other_office_sees_nothing_of_bergenhus(personas):
    assert codes(personas["other_office"]) == {"1210"}


@pytest.mark.django_db
def test_ot_sees_own_ot_unit_not_nav_offices(personas):
    assert codes(personas["ot"]) == {"OT-46"}
    assert codes(personas["ot_teamleder"]) == {"OT-46"}


@pytest.mark.django_db
def test_team_lead_sees_own_office(personas):
    assert codes(personas["teamleder"]) == {"1203", "1203-UNG"}


@pytest.mark.django_db
def test_fylkeskoordinator_sees_the_county_not_other_counties(personas):
    assert codes(personas["koordinator"]) == {"46", "1203", "1210", "1203-UNG", "OT-46"}


@pytest.mark.django_db
def test_admin_sees_everything(personas, org):
    assert codes(personas["admin"]) == {unit.kode for unit in org.values()}


@pytest.mark.django_db
def test_inactive_user_and_user_without_unit_see_nothing(personas):
    personas["veileder"].is_active = False
    assert codes(personas["veileder"]) == set()
    assert codes(UserFactory(username="ingenenhet", role="nav_veileder", unit=None)) == set()


def test_anonymous_sees_nothing():
    from django.contrib.auth.models import AnonymousUser

    assert not units_visible_to(AnonymousUser()).exists()
