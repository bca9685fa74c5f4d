import datetime as dt

import pytest

from agreements import services
from agreements.models import KlausulType


@pytest.fixture
def fylkesavtale(org, personas):
    return make_fylkesavtale(org, personas)


def make_fylkesavtale(org, personas):
    avtale = services.avtale_opprett(
        kind="fylke",
        navn="Samarbeidsavtale NAV Vestland – Vestland fylkeskommune",
        fylke=org["vestland"],
        enheter=[org["vestland"]],
        valid_from=dt.date(2026, 1, 1),
        valid_to=dt.date(2029, 12, 31),
    )
    versjon = avtale.versjoner.get()
    services.klausul_legg_til(
        versjon,
        type=KlausulType.STYRINGSGRUPPE,
        tekst="Styringsgruppen skal møtes minst 2 ganger i året.",
    )
    services.versjon_signer(versjon, by=personas["koordinator"])
    return avtale


@pytest.fixture
def lokal(org, personas, fylkesavtale):
    return make_lokal(org, personas, fylkesavtale)


def make_lokal(org, personas, fylkesavtale=None):
    """The Bergenhus–OT Vestland agreement, version 1 signed, in force from 1 January 2026."""
    if fylkesavtale is None:
        fylkesavtale = make_fylkesavtale(org, personas)
    avtale = services.avtale_opprett(
        kind="lokal",
        navn="Lokal avtale NAV Bergenhus – OT Vestland",
        fylke=org["vestland"],
        parent=fylkesavtale,
        enheter=[org["bergenhus"], org["ot_bergen"]],
        valid_from=dt.date(2026, 1, 1),
        valid_to=dt.date(2027, 12, 31),
    )
    versjon = avtale.versjoner.get()
    services.klausul_legg_til(
        versjon,
        type=KlausulType.NAV_KONTAKTER_OT,
        tekst="NAV skal alltid kontakte OT først for ungdom under 21 år.",
        aldersgrense=21,
    )
    listevask = services.klausul_legg_til(
        versjon, type=KlausulType.LISTEVASK, tekst="Partene skal gjennomføre listevask hver 6. uke."
    )
    services.forpliktelse_opprett(
        listevask, beskrivelse="Listevask", kind="listevask", rrule="FREQ=WEEKLY;INTERVAL=6"
    )
    services.versjon_signer(versjon, by=personas["koordinator"])
    return avtale
