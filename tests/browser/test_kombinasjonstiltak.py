"""In the browser: a veileder offers a tiltak, builds a kombinasjonstiltak from a template, and
NAV and OT (with samtykke) both see it; OT confirms and its status code becomes OTKO."""

import datetime as dt

from playwright.sync_api import Page, expect

from cases.access import case_access
from measures import services
from tests.browser.test_case_journey import log_in, log_out
from tests.factories import fattet_vedtak, give_samtykke, open_case, today
from tests.measures.conftest import make_gjennomforing


def test_kombinasjonstiltak_from_a_template_seen_by_nav_and_ot(
    page: Page, live_server, org, personas, tiltakstyper
):
    case = open_case(personas["veileder"], ot_enhet=org["ot_bergen"])
    case.ot_kontakt = personas["ot"]
    case.save()
    fattet_vedtak(case, org["bergenhus"], days_ago=10)
    give_samtykke(case_access(personas["veileder"], case))
    make_gjennomforing(
        org,
        personas,
        tiltakstyper,
        start_dato=today() - dt.timedelta(days=30),
        slutt_dato=today() + dt.timedelta(days=365),
    )
    services.mal_opprett(
        actor=personas["admin"],
        fylke=None,
        tiltakstype=tiltakstyper["ARBEIDSTRENING"],
        navn="Helsefag 2+3",
        utdanningsprogram="HS",
        programomrade="HSHEA2----",
        skoledager_per_uke=2,
        tiltaksdager_per_uke=3,
        laretid_maneder=3,
    )
    site = live_server.url
    log_in(page, site, "veileder")
    page.goto(f"{site}/saker/{case.pk}/")
    page.get_by_role("link", name="Meld på tiltak").click()
    page.get_by_role("link", name="Velg").first.click()
    page.get_by_label("Dager per uke").fill("3")
    page.get_by_role("button", name="Meld på").click()
    expect(page.get_by_text("Ungdommen er meldt på og venter på oppstart.")).to_be_visible()

    page.get_by_role("link", name="Lag kombinasjonstiltak med skole").click()
    page.get_by_role("link", name="Helsefag 2+3").click()
    expect(page.get_by_test_id("valgt-mal")).to_be_visible()
    page.get_by_label("Skole", exact=True).fill("Årstad videregående skole")
    page.get_by_label("Tilpasset ordinær opplæring er vurdert først").check()
    page.get_by_label("Hvorfor var tilpasset ordinær opplæring ikke nok?").fill(
        "Redusert timeplan ble prøvd et helt skoleår."
    )
    page.get_by_role("button", name="Opprett kombinasjonstiltaket").click()
    expect(page.get_by_test_id("bekreftet")).to_have_text("Venter på OTs bekreftelse")
    expect(page.get_by_text("HSHEA2----")).to_be_visible()
    log_out(page)

    log_in(page, site, "ot")
    page.goto(f"{site}/saker/{case.pk}/")
    page.get_by_role("link", name="se kombinasjonen").click()
    page.get_by_role("button", name="Bekreft kombinasjonstiltaket (OT-status OTKO)").click()
    expect(page.get_by_test_id("bekreftet")).to_contain_text("Bekreftet av OT")
    case.refresh_from_db()
    assert case.ot_status == "OTKO"
