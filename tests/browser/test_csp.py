"""The Content-Security-Policy allows only the app's own scripts and styles: pages run under it
without a single violation (inline code would be one)."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.test_login import log_in
from tests.conftest import PASSWORD
from tests.factories import open_case


@pytest.fixture
def site(live_server, personas):
    return live_server.url


def test_pages_run_without_csp_violations(page: Page, site, personas):
    case = open_case(personas["veileder"])
    violations: list[str] = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    page.add_init_script(
        "window.__csp = [];"
        "document.addEventListener('securitypolicyviolation',"
        " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    log_in(page, site, "veileder", PASSWORD)
    for url in (
        reverse("cases:mine"),
        reverse("cases:list"),
        reverse("cases:detail", args=[case.pk]),
        reverse("cases:aktivitetsplan", args=[case.pk]),
    ):
        response = page.goto(site + url)
        assert "script-src 'self'" in response.headers["content-security-policy"]
        expect(page.locator("h1")).to_be_visible()
        assert page.evaluate("window.__csp") == [], url
    assert violations == []
