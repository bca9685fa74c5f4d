"""The core journey in a browser: a veileder registers a youth, records samtykke, plans and
holds a trekantsamtale; the agreed action lands in the OT-kontakt's worklist. And what OT sees
of a youth without samtykke."""

import datetime as dt
import random

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from nav_ot.identity import generate_fnr
from tests.conftest import PASSWORD
from tests.factories import open_case


@pytest.fixture
def site(live_server, personas):
    return live_server.url


def log_in(page: Page, site: str, username: str) -> None:
    page.goto(site + "/logg-inn/")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    expect(page.get_by_test_id("current-user")).to_be_visible()


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Logg ut").click()


def test_register_samtykke_trekantsamtale_and_action_reaches_ot(page: Page, site, personas, org):
    born = dt.date(2004, 9, 14)
    fnr = generate_fnr(born, random.Random(99))
    log_in(page, site, "veileder")

    page.get_by_role("link", name="Registrer ungdom").click()
    page.get_by_label("Fødselsnummer eller D-nummer").fill("12345678901")
    page.get_by_label("Fornavn").fill("Sofie")
    page.get_by_label("Etternavn").fill("Berge")
    page.get_by_role("button", name="Registrer og opprett sak").click()
    expect(page.locator(".aksel-error-summary")).to_contain_text("kontrollsifrene stemmer ikke")
    expect(page.get_by_label("Fornavn")).to_have_value("Sofie")  # nothing typed is lost

    page.get_by_label("Fødselsnummer eller D-nummer").fill(fnr)
    page.get_by_label("OT-enhet").select_option(label=str(org["ot_bergen"]))
    page.get_by_role("button", name="Registrer og opprett sak").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sofie Berge")
    expect(page.get_by_test_id("youth-facts")).to_contain_text("14.09.2004")

    # Samtykke: a bad expiry first, then a good one.
    page.get_by_role("link", name="Registrer samtykke").click()
    page.get_by_label("Ungdommen selv").check()
    page.get_by_label("Skole og utdanning").check()
    page.get_by_label("Arbeid og tiltak").check()
    page.get_by_label("Gyldig fra").fill("2026-01-10")
    page.get_by_label("Utløper (valgfritt)").fill("2026-01-01")
    page.get_by_role("button", name="Registrer samtykke").click()
    expect(page.get_by_text("Utløpsdatoen kan ikke være før startdatoen.").first).to_be_visible()
    page.get_by_label("Gyldig fra").fill(timezone.localdate().isoformat())
    page.get_by_label("Utløper (valgfritt)").fill("")
    page.get_by_role("button", name="Registrer samtykke").click()
    expect(page.get_by_test_id("samtykke")).to_contain_text("Gyldig")

    # Plan the trekantsamtale.
    page.get_by_role("link", name="Planlegg trekantsamtale").click()
    when = (timezone.localtime() + dt.timedelta(days=2)).replace(hour=10, minute=0)
    page.get_by_label("Tidspunkt").fill(when.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Sted", exact=True).fill("NAV Bergenhus, møterom 2")
    page.get_by_label("Forberedelse (deles bare mellom NAV og OT)").fill(
        "Ta opp fravær og ønske om praksis."
    )
    page.get_by_role("button", name="Planlegg trekantsamtale").click()
    expect(page.get_by_test_id("meeting")).to_contain_text("Planlagt")

    # Hold it: referat and one action for OT.
    page.get_by_test_id("meeting").get_by_role("link").click()
    expect(page.get_by_test_id("preparation")).to_contain_text("Ta opp fravær")
    page.get_by_label("Referat").fill("Sofie vil tilbake til skolen. OT undersøker opptak.")
    first = page.get_by_test_id("action-row").first
    first.get_by_label("Hva er avtalt").fill("Undersøke opptak på Bergen tekniske")
    first.get_by_label("Ansvarlig").select_option("ot")
    first.get_by_label("Frist").fill((timezone.localdate() + dt.timedelta(days=3)).isoformat())
    page.get_by_role("button", name="Lagre referat").click()
    expect(page.get_by_test_id("agreed-action")).to_contain_text(
        "Undersøke opptak på Bergen tekniske"
    )
    log_out(page)

    # OT takes the case (OT was informed automatically: the youth is under 24)...
    log_in(page, site, "ot")
    page.get_by_role("link", name="Enhetens saker").click()
    page.locator("tbody tr", has_text="Berge").get_by_role("link").click()
    page.get_by_role("button", name="Bekreft at OT kjenner til ungdommen").click()
    page.get_by_role("link", name="Endre eier").click()
    page.get_by_label("Ny eier").select_option(
        label=f"{personas['ot'].get_full_name()} (OT-rådgiver)"
    )
    page.get_by_label("Begrunnelse").fill("Jeg følger opp Sofie")
    page.get_by_role("button", name="Endre eier").click()
    expect(page.get_by_test_id("timeline")).to_contain_text("OT-kontakt: ingen →")
    # ...and the action agreed for OT is in the OT-kontakt's worklist.
    page.get_by_role("link", name="Mine saker").click()
    expect(page.get_by_test_id("action-item")).to_contain_text(
        "Undersøke opptak på Bergen tekniske"
    )
    page.get_by_test_id("action-item").get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sofie Berge")
    page.get_by_role("button", name="Marker som utført").click()
    expect(page.get_by_test_id("agreed-action")).to_contain_text("Utført")


def test_ot_view_of_a_youth_without_samtykke(page: Page, site, personas, org):
    from cases.access import case_access
    from cases.services import note_add

    case = open_case(personas["veileder"], ot_enhet=org["ot_bergen"])
    note_add(
        access=case_access(personas["veileder"], case),
        text="Sensitivt om familien",
        visibility="delt",
        category="familie",
    )
    log_in(page, site, "ot")
    page.get_by_role("link", name="Enhetens saker").click()
    row = page.locator("tbody tr", has_text=case.youth.last_name)
    expect(row).to_contain_text("Er ivaretatt")
    row.get_by_role("link").click()
    expect(page.get_by_test_id("no-samtykke")).to_be_visible()
    expect(page.get_by_test_id("list-status")).to_have_text("Er ivaretatt")
    expect(page.get_by_text("Sensitivt om familien")).to_have_count(0)
    expect(page.get_by_role("link", name="Planlegg trekantsamtale")).to_have_count(0)
