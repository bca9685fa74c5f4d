"""List washing in a browser: upload a small CSV, watch the progress finish with a real Celery
worker, and see the result with only the allowed answers."""

import pytest
from celery.contrib.testing.worker import start_worker
from playwright.sync_api import Page, expect

from nav_ot.celery import app as celery_app
from tests.cases.washing.conftest import HEADER, csv_bytes, line
from tests.conftest import PASSWORD
from tests.factories import YouthFactory, open_case, years_ago


def log_in(page: Page, live_server, username: str) -> None:
    page.goto(live_server.url + "/logg-inn/")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()


def open_latest_session(page: Page) -> None:
    page.get_by_role("link", name="Listevask").click()
    page.get_by_test_id("session-row").get_by_role("link").first.click()


@pytest.fixture
def followed(live_server, personas):
    youth = YouthFactory(first_name="Søren", last_name="Håland", birth_date=years_ago(19))
    case = open_case(personas["veileder"], youth=youth)
    case.nav_veileder = personas["veileder"]
    case.save()
    return youth


def test_ot_uploads_a_list_and_sees_the_result(page: Page, live_server, followed, tmp_path):
    path = tmp_path / "otliste.csv"
    path.write_bytes(
        csv_bytes(
            HEADER,
            line(followed),
            line(fnr="", first="Ukjent", last="Person", born=years_ago(20)),
        )
    )
    log_in(page, live_server, "ot")

    page.get_by_role("link", name="Listevask").click()
    page.get_by_role("link", name="Last opp liste").click()
    page.get_by_label("Liste (CSV eller XLSX)").set_input_files(str(path))
    with start_worker(celery_app, perform_ping_check=False, loglevel="WARNING"):
        page.get_by_role("button", name="Vask listen").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Listevask", timeout=20000)
    expect(page.get_by_test_id("count-begge")).to_contain_text("1")
    expect(page.get_by_test_id("count-kun_ot")).to_contain_text("1")
    row = page.get_by_test_id("result-row").filter(has_text="Søren Håland")
    expect(row).to_contain_text("Er ivaretatt")


def test_nav_confirms_a_candidate_and_opens_a_case(page: Page, live_server, personas, org):
    from cases.washing import wash_file

    fuzzy = YouthFactory(first_name="Kjærsti", last_name="Bjørnstad", birth_date=years_ago(22))
    open_case(personas["veileder"], youth=fuzzy)
    data = csv_bytes(
        HEADER,
        line(fuzzy, fnr="", first="Kjaersti", last="Bjoernstad"),
        line(fnr="", first="Ukjent", last="Person", born=years_ago(20)),
    )
    wash_file(user=personas["ot"], ot_enhet=org["ot_bergen"], data=data, file_name="liste.csv")

    log_in(page, live_server, "veileder")
    open_latest_session(page)
    page.get_by_role("link", name="Vurder mulige treff").click()
    candidate = page.get_by_test_id("candidate").filter(has_text="Kjærsti Bjørnstad")
    candidate.get_by_role("button", name="Bekreft").click()
    expect(page.get_by_role("status").first).to_contain_text("koblet til ungdommen")
    page.get_by_role("link", name="Tilbake til resultatet").click()
    expect(page.get_by_test_id("count-begge")).to_contain_text("1")
    page.get_by_test_id("count-kun_ot").click()
    page.get_by_role("button", name="Opprett sak for rad 2").press("Enter")
    expect(page.get_by_role("status").first).to_contain_text("Opprettet 1 sak")
    expect(page.get_by_test_id("count-begge")).to_contain_text("2")


def test_nav_links_a_row_to_an_existing_case(page: Page, live_server, personas, org):
    from cases.washing import wash_file

    known = YouthFactory(first_name="Nora", last_name="Nilsen", birth_date=years_ago(26))
    case = open_case(personas["veileder"], youth=known)
    data = csv_bytes(HEADER, line(fnr="", first="Ukjent", last="Person", born=years_ago(20)))
    wash_file(user=personas["ot"], ot_enhet=org["ot_bergen"], data=data, file_name="liste.csv")

    log_in(page, live_server, "veileder")
    open_latest_session(page)
    expect(page.get_by_test_id("count-kun_ot")).to_contain_text("1")
    page.get_by_role("link", name="Koble rad 1 til en sak").click()
    page.get_by_label("Søk (navn eller fødselsnummer)").fill("Nilsen")
    page.get_by_role("button", name="Søk", exact=True).click()
    page.get_by_role("button", name=f"Koble rad 1 til sak {case.pk}").click()
    expect(page.get_by_role("status").first).to_contain_text(f"koblet til sak {case.pk}")
    expect(page.get_by_test_id("count-begge")).to_contain_text("1")
    expect(page.get_by_test_id("count-kun_ot")).to_contain_text("0")
