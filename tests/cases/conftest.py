import pytest

from cases.access import case_access
from tests.factories import open_case


@pytest.fixture
def shared_case(personas, org):
    """A case of NAV Bergenhus (veileder) and OT Vestland (ot), without samtykke."""
    case = open_case(personas["veileder"], ot_enhet=org["ot_bergen"])
    case.ot_kontakt = personas["ot"]
    case.save()
    return case


@pytest.fixture
def nav_access(shared_case, personas):
    return case_access(personas["veileder"], shared_case)


def access_for(user, case):
    return case_access(user, case)
