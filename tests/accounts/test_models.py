import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from accounts.models import Role, Unit, role_unit_problem
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_database_refuses_a_fylke_with_a_parent(org):
    with pytest.raises(IntegrityError):
        Unit.objects.create(type="fylke", kode="99", navn="Feil", parent=org["vestland"])


def test_database_refuses_an_office_without_a_parent():
    with pytest.raises(IntegrityError):
        Unit.objects.create(type="nav_kontor", kode="0001", navn="Foreldreløs")


def test_team_must_hang_under_an_office(org):
    team = Unit(type="team", kode="T", navn="Team", parent=org["vestland"])
    with pytest.raises(ValidationError, match="må ligge under NAV-kontor eller OT-enhet"):
        team.full_clean()


def test_fylke_is_found_through_the_hierarchy(org):
    assert org["team"].fylke == org["vestland"]
    assert org["team"].office == org["bergenhus"]


@pytest.mark.parametrize(
    "role, unit_key, ok",
    [
        (Role.NAV_VEILEDER, "bergenhus", True),
        (Role.NAV_VEILEDER, "team", True),
        (Role.NAV_VEILEDER, "ot_bergen", False),
        (Role.OT_RADGIVER, "ot_bergen", True),
        (Role.OT_RADGIVER, "bergenhus", False),
        (Role.NAV_TEAMLEDER, "vestland", False),
        (Role.FYLKESKOORDINATOR, "vestland", True),
        (Role.FYLKESKOORDINATOR, "bergenhus", False),
        (Role.ADMIN, None, True),
        (Role.NAV_VEILEDER, None, False),
    ],
)
def test_role_must_fit_the_unit(org, role, unit_key, ok):
    unit = org[unit_key] if unit_key else None
    assert (role_unit_problem(role, unit) is None) == ok


def test_user_clean_reports_role_unit_mismatch(org):
    user = UserFactory.build(username="x", role=Role.OT_RADGIVER, unit=org["bergenhus"])
    with pytest.raises(ValidationError, match="OT-enhet"):
        user.full_clean()


def test_database_refuses_unknown_role(org):
    with pytest.raises(IntegrityError):
        UserFactory(username="x", role="sjef", unit=org["bergenhus"])
