import pytest


@pytest.fixture(autouse=True)
def source_rules(guarantee_rules):
    pass


@pytest.fixture
def office(org):
    return org["bergenhus"]
