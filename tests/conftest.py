"""Shared fixtures: the personas every permission test uses, and isolation from `make run`."""

import pytest
from django.conf import settings

from accounts.models import Role
from nav_ot.celery import app as celery_app
from tests.factories import FylkeFactory, NavKontorFactory, OtEnhetFactory, UnitFactory, UserFactory

# Tests share the embedded Redis with a running `make run`; keep their keys and queues apart.
settings.CACHES["default"]["KEY_PREFIX"] = "trekant-test"
celery_app.conf.broker_transport_options = {"global_keyprefix": "trekant-test:"}
# Tests render templates without running collectstatic first.
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Argon2 is deliberately slow; tests that are about hashing switch it back on.
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

PASSWORD = "riktig-passord-123"


@pytest.fixture
def org(db):
    """Two counties; in the first, two NAV offices (one with a team) and an OT unit."""
    vestland = FylkeFactory(kode="46", navn="Vestland")
    innlandet = FylkeFactory(kode="34", navn="Innlandet")
    bergenhus = NavKontorFactory(kode="1203", navn="NAV Bergenhus", parent=vestland)
    asane = NavKontorFactory(kode="1210", navn="NAV Åsane", parent=vestland)
    team = UnitFactory(type="team", kode="1203-UNG", navn="Ungdomsteamet", parent=bergenhus)
    ot_bergen = OtEnhetFactory(kode="OT-46", navn="OT Vestland", parent=vestland)
    hamar = NavKontorFactory(kode="0403", navn="NAV Hamar", parent=innlandet)
    ot_innlandet = OtEnhetFactory(kode="OT-34", navn="OT Innlandet", parent=innlandet)
    return {
        "vestland": vestland,
        "innlandet": innlandet,
        "bergenhus": bergenhus,
        "asane": asane,
        "team": team,
        "ot_bergen": ot_bergen,
        "hamar": hamar,
        "ot_innlandet": ot_innlandet,
    }


@pytest.fixture
def personas(org):
    return {
        "veileder": UserFactory(username="veileder", role=Role.NAV_VEILEDER, unit=org["bergenhus"]),
        "team_veileder": UserFactory(
            username="teamveileder", role=Role.NAV_VEILEDER, unit=org["team"]
        ),
        "other_office": UserFactory(username="asane", role=Role.NAV_VEILEDER, unit=org["asane"]),
        "ot": UserFactory(username="ot", role=Role.OT_RADGIVER, unit=org["ot_bergen"]),
        "teamleder": UserFactory(
            username="teamleder", role=Role.NAV_TEAMLEDER, unit=org["bergenhus"]
        ),
        "ot_teamleder": UserFactory(
            username="otleder", role=Role.OT_TEAMLEDER, unit=org["ot_bergen"]
        ),
        "koordinator": UserFactory(
            username="koordinator", role=Role.FYLKESKOORDINATOR, unit=org["vestland"]
        ),
        "admin": UserFactory(
            username="admin", role=Role.ADMIN, unit=None, is_staff=True, is_superuser=True
        ),
    }


@pytest.fixture
def guarantee_rules(db):
    """The rules the data migrations seed (the 2015 set and the 2023 ungdomsgaranti); transactional
    tests elsewhere flush seeded rows. Migrations are found by name: numbers change at merges."""
    import datetime as dt
    import importlib
    from pathlib import Path

    import cases.migrations
    from cases.models import Garantiregel

    folder = Path(cases.migrations.__path__[0])
    for name in ("seed_garantiregler", "seed_ungdomsgaranti_2023"):
        (path,) = folder.glob(f"[0-9][0-9][0-9][0-9]_{name}.py")
        for rule in importlib.import_module(f"cases.migrations.{path.stem}").RULES:
            Garantiregel.objects.get_or_create(
                kode=rule["kode"],
                valid_from=rule.get("valid_from", dt.date(2013, 1, 1)),
                defaults=rule,
            )


@pytest.fixture
def tiltakstyper(db):
    """NAV's tiltakstyper as the data migration seeds them; transactional tests flush them."""
    import importlib

    from django.apps import apps

    from measures.models import Tiltakstype

    if not Tiltakstype.objects.exists():
        importlib.import_module("measures.migrations.0002_seed_tiltakstyper").seed(apps, None)
    return {t.kode: t for t in Tiltakstype.objects.all()}
