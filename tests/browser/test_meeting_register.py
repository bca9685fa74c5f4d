"""Registering a trekantsamtale that was already held: agreed-action rows are added and removed
in the browser (htmx), and only the rows left are saved."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cases.access import case_access
from tests.browser.test_case_journey import log_in
from tests.factories import give_samtykke, open_case


@pytest.fixture
def site(live_server, personas):
    return live_server.url


def test_held_meeting_with_rows_added_and_removed(page: Page, site, personas, org):
    case = open_case(personas["veileder"], ot_enhet=org["ot_bergen"])
    give_samtykke(case_access(personas["veileder"], case))
    log_in(page, site, "veileder")
    page.goto(f"{site}/saker/{case.pk}/")
    page.get_by_role("link", name="Registrer gjennomført samtale").click()

    held_at = (timezone.localtime() - dt.timedelta(days=1)).replace(hour=10, minute=0)
    due = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    page.get_by_label("Når var samtalen").fill(held_at.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Sted", exact=True).fill("NAV Bergenhus")
    page.get_by_label("Referat").fill("Vi ble enige om tre ting, og strøk én.")
    rows = page.get_by_test_id("action-row")
    expect(rows).to_have_count(1)
    page.get_by_test_id("add-action-row").click()
    expect(rows).to_have_count(2)
    page.get_by_test_id("add-action-row").click()
    expect(rows).to_have_count(3)
    for row, (text, who) in zip(
        rows.all(),
        [("Søke skoleplass", "ungdom"), ("Strøket tiltak", "nav"), ("Ringe rådgiver", "ot")],
        strict=True,
    ):
        row.get_by_label("Hva er avtalt").fill(text)
        row.get_by_label("Ansvarlig").select_option(who)
        row.get_by_label("Frist").fill(due)
    rows.nth(1).get_by_test_id("remove-action-row").click()
    expect(rows).to_have_count(2)
    page.get_by_role("button", name="Registrer samtalen").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Trekantsamtale")
    expect(page.get_by_test_id("referat")).to_contain_text("Vi ble enige om tre ting")
    content = page.locator("main").inner_text() if page.locator("main").count() else page.content()
    assert "Søke skoleplass" in content and "Ringe rådgiver" in content
    assert "Strøket tiltak" not in content
