"""axe-core on the main pages: no serious or critical WCAG violations."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from tests.conftest import PASSWORD
from tests.factories import open_case


def serious(results) -> list[str]:
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])})"
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]


@pytest.fixture
def logged_in(page: Page, live_server, personas, org):
    case = open_case(personas["veileder"], ot_enhet=org["ot_bergen"])
    page.goto(live_server.url + "/logg-inn/")
    assert serious(Axe().run(page)) == []
    page.get_by_label("Brukernavn").fill("veileder")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    return case


@pytest.mark.parametrize("path", ["/mine/", "/saker/", "/saker/ny/", "/varsler/"])
def test_pages_have_no_serious_violations(page: Page, live_server, logged_in, path):
    page.goto(live_server.url + path)
    assert serious(Axe().run(page)) == []


def test_case_page_and_forms_have_no_serious_violations(page: Page, live_server, logged_in):
    for path in ("", "samtykke/", "notat/", "kontakt/", "status/"):
        page.goto(f"{live_server.url}/saker/{logged_in.pk}/{path}")
        assert serious(Axe().run(page)) == [], path


def test_tiltak_pages_have_no_serious_violations(
    page: Page, live_server, logged_in, org, personas, tiltakstyper
):
    from tests.measures.conftest import make_gjennomforing

    gjennomforing = make_gjennomforing(org, personas, tiltakstyper)
    for path in (
        "/tiltak/",
        "/tiltak/gjennomforinger/",
        f"/tiltak/gjennomforinger/{gjennomforing.pk}/",
    ):
        page.goto(live_server.url + path)
        assert serious(Axe().run(page)) == [], path
