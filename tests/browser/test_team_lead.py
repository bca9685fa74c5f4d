"""The team lead's review in a browser: the deadline queue with a sign-off, and the indicators."""

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD
from tests.factories import fattet_vedtak, open_case


@pytest.fixture
def breach(live_server, personas, org, guarantee_rules):
    case = open_case(personas["veileder"])
    fattet_vedtak(case, org["bergenhus"], days_ago=45)
    return case


def test_team_lead_signs_off_a_breach_and_drills_into_an_indicator(page: Page, live_server, breach):
    page.goto(live_server.url + "/logg-inn/")
    page.get_by_label("Brukernavn").fill("teamleder")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()

    page.get_by_role("link", name="Garantifrister").click()
    row = page.locator("tbody tr", has_text=breach.youth.full_name)
    expect(row).to_contain_text("Brutt")
    row.get_by_label("Kommentar").fill("Ungdommen var innlagt på sykehus")
    row.get_by_role("button", name="Kvitter ut").click()
    expect(page.get_by_role("status").first).to_contain_text("Bruddet er kvittert ut")
    expect(page.locator("tbody tr", has_text=breach.youth.full_name)).to_contain_text(
        "Ungdommen var innlagt"
    )

    page.get_by_role("link", name="Indikatorer").click()
    expect(page.get_by_test_id("chart")).to_be_visible()
    expect(page.get_by_test_id("figure-plan")).to_contain_text("0 av 1")
    page.get_by_test_id("figure-plan").get_by_role("link", name="Se sakene").click()
    expect(page.get_by_test_id("drill-row")).to_contain_text(breach.youth.full_name)
