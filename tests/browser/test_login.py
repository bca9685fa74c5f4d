"""Login, logout and a wrong password, as a user does them in a browser."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD


@pytest.fixture
def site(live_server, personas):
    return live_server.url


def log_in(page: Page, site: str, username: str, password: str) -> None:
    page.goto(site + "/")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(password)
    page.get_by_role("button", name="Logg inn").click()


def test_login_shows_name_role_and_unit_then_logout(page: Page, site, personas):
    log_in(page, site, "veileder", PASSWORD)
    header = page.get_by_test_id("current-user")
    expect(header).to_contain_text(personas["veileder"].get_full_name())
    expect(header).to_contain_text("NAV-veileder")
    expect(header).to_contain_text("NAV Bergenhus")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mine saker")

    page.get_by_role("button", name="Logg ut").click()
    expect(page).to_have_url(re.compile(r"/logg-inn/"))
    page.goto(site + "/")
    expect(page).to_have_url(re.compile(r"/logg-inn/\?next=/"))


def test_wrong_password_shows_a_clear_message_and_keeps_the_username(page: Page, site):
    log_in(page, site, "veileder", "feil-passord")
    expect(page.get_by_role("alert")).to_contain_text("Feil brukernavn eller passord.")
    expect(page.get_by_label("Brukernavn")).to_have_value("veileder")
    expect(page.get_by_test_id("current-user")).to_have_count(0)


def test_login_works_with_the_keyboard_alone(page: Page, site, personas):
    page.goto(site + "/logg-inn/")
    expect(page.get_by_label("Brukernavn")).to_be_focused()
    page.keyboard.type("veileder")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("current-user")).to_contain_text("NAV-veileder")


def test_locked_out_after_repeated_failures(page: Page, site, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(page, site, "veileder", "feil")
    log_in(page, site, "veileder", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_contain_text("midlertidig sperret")
