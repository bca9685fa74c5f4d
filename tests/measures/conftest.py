import datetime as dt
import importlib

import pytest

from measures import services
from measures.models import Tiltakstype

VALID_ORGNR = "974760673"  # Brønnøysundregistrene's own number: a valid check digit


@pytest.fixture
def tiltakstyper(db):
    """NAV's types as the data migration seeds them; transactional tests elsewhere flush them."""
    seed = importlib.import_module("measures.migrations.0002_seed_tiltakstyper")
    if not Tiltakstype.objects.exists():
        from django.apps import apps

        seed.seed(apps, None)
    return {t.kode: t for t in Tiltakstype.objects.all()}


def make_gjennomforing(org, personas, tiltakstyper, *, enheter=("bergenhus",), **overrides):
    fields = {
        "fylke": org["vestland"],
        "tiltakstype": tiltakstyper["ARBEIDSTRENING"],
        "arrangor_navn": "Fretex Vest AS",
        "arrangor_orgnr": VALID_ORGNR,
        "enheter": [org[name] for name in enheter],
        "navn": "Arbeidstrening Fretex Bergen",
        "start_dato": dt.date(2026, 8, 1),
        "slutt_dato": dt.date(2027, 6, 30),
        "antall_plasser": 12,
    }
    fields.update(overrides)
    return services.gjennomforing_opprett(actor=personas["koordinator"], **fields)


@pytest.fixture
def gjennomforing(org, personas, tiltakstyper):
    return make_gjennomforing(org, personas, tiltakstyper)
