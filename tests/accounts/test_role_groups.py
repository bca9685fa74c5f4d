"""The role groups in accounts.models: each role in the groups its rules expect."""

import pytest

from accounts.models import (
    CASE_WORKER_ROLES,
    DEADLINE_LEAD_ROLES,
    OWNER_ROLES,
    STAFF_ROLES,
    TEAM_LEAD_ROLES,
    Agency,
    Role,
    User,
)


@pytest.mark.parametrize(
    "role, agency, case_worker, team_lead, deadlines",
    [
        (Role.NAV_VEILEDER, Agency.NAV, True, False, False),
        (Role.OT_RADGIVER, Agency.OT, True, False, False),
        (Role.NAV_TEAMLEDER, Agency.NAV, False, True, True),
        (Role.OT_TEAMLEDER, Agency.OT, False, True, False),
        (Role.FYLKESKOORDINATOR, None, False, False, False),
        (Role.ADMIN, None, False, False, False),
    ],
)
def test_each_role_in_its_groups(role, agency, case_worker, team_lead, deadlines):
    user = User(role=role)
    assert user.agency == agency
    assert (user.is_case_worker, user.is_team_lead, user.leads_deadlines) == (
        case_worker,
        team_lead,
        deadlines,
    )
    assert (role in STAFF_ROLES) == (agency is not None)
    if agency is not None:
        assert role in OWNER_ROLES[agency]


def test_groups_stay_inside_the_staff():
    assert CASE_WORKER_ROLES | TEAM_LEAD_ROLES | DEADLINE_LEAD_ROLES <= STAFF_ROLES
    assert OWNER_ROLES[Agency.NAV].isdisjoint(OWNER_ROLES[Agency.OT])
