import datetime as dt

import pytest

from measures import services

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


@pytest.fixture
def gjennomforing(org, personas, tiltakstyper):
    return make_gjennomforing(org, personas, tiltakstyper)
