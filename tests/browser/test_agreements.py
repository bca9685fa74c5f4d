"""The coordinator revises an agreement in a browser and sees an obligation turn overdue."""

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from agreements import services
from agreements.models import KlausulType
from tests.agreements.conftest import make_fylkesavtale
from tests.conftest import PASSWORD
from tests.factories import today


@pytest.fixture
def agreement(live_server, org, personas):
    start = today() - dt.timedelta(days=20)
    fylke = make_fylkesavtale(org, personas)
    lokal = services.avtale_opprett(
        kind="lokal",
        navn="Lokal avtale Bergenhus",
        fylke=org["vestland"],
        parent=fylke,
        enheter=[org["bergenhus"], org["ot_bergen"]],
        valid_from=start,
        valid_to=None,
    )
    klausul = services.klausul_legg_til(
        lokal.versjoner.get(), type=KlausulType.LISTEVASK, tekst="Listevask skal skje hver 6. uke."
    )
    services.forpliktelse_opprett(
        klausul, beskrivelse="Listevask", kind="listevask", rrule="FREQ=WEEKLY;INTERVAL=6"
    )
    services.versjon_signer(lokal.versjoner.get(), by=personas["koordinator"])
    return lokal


def test_coordinator_revises_and_sees_an_obligation_turn_overdue(
    page: Page, live_server, agreement
):
    page.goto(live_server.url + "/logg-inn/")
    page.get_by_label("Brukernavn").fill("koordinator")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()

    page.get_by_role("link", name="Avtaler").click()
    page.get_by_role("link", name="Lokal avtale Bergenhus").click()
    obligations = page.get_by_test_id("obligations")
    expect(obligations).to_contain_text("Ikke forfalt")
    expect(obligations).not_to_contain_text("Forfalt")

    revised_from = today() - dt.timedelta(days=10)
    page.get_by_label("Ny versjon gyldig fra").fill(revised_from.isoformat())
    page.get_by_label("Hva endres").fill("Hyppigere møter")
    page.get_by_role("button", name="Lag revisjon").click()
    expect(page.get_by_test_id("draft")).to_contain_text("Utkast til versjon 2")

    draft = agreement.versjoner.get(nummer=2)
    klausul = draft.klausuler.get()
    page.get_by_label("Klausul", exact=True).select_option(str(klausul.pk))
    page.get_by_label("Hva er lovet").fill("Ukentlig samarbeidsmøte")
    page.get_by_label("Hva oppfyller den").select_option("mote")
    page.get_by_label("Hyppighet").fill("FREQ=WEEKLY")
    page.get_by_role("button", name="Legg til forpliktelse").click()
    page.get_by_role("button", name="Signer versjon 2").click()

    row = page.get_by_test_id("obligations").locator("tr", has_text="Ukentlig samarbeidsmøte").first
    expect(row).to_contain_text("Forfalt")
    page.get_by_role("link", name="endringer").first.click()
    expect(page.get_by_test_id("diff")).to_contain_text("Uendret")
