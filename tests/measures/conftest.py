import datetime as dt

import pytest

from measures import services
from tests.factories import today

VALID_ORGNR = "974760673"  # Brønnøysundregistrene's own number: a valid check digit


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


def make_running(org, personas, tiltakstyper, **overrides):
    """A gjennomføring running now: started a month ago, a year left."""
    fields = {
        "start_dato": today() - dt.timedelta(days=30),
        "slutt_dato": today() + dt.timedelta(days=365),
        **overrides,
    }
    return make_gjennomforing(org, personas, tiltakstyper, **fields)


def offer_running(org, personas, tiltakstyper, case):
    """The veileder offers the case's youth a place in a running arbeidstrening."""
    gjennomforing = make_running(org, personas, tiltakstyper)
    return services.tilby_plass(
        actor=personas["veileder"], case=case, gjennomforing=gjennomforing, start_dato=today()
    )


@pytest.fixture
def gjennomforing(org, personas, tiltakstyper):
    return make_gjennomforing(org, personas, tiltakstyper)
