"""Catalogue pages through the browser's eyes: who sees what, forms, refusals, query counts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from measures.models import Gjennomforing, Kataloghendelse
from tests.factories import UserFactory

from .conftest import VALID_ORGNR, make_gjennomforing


def login(client, user):
    client.force_login(user)
    return client


def test_catalogue_needs_login(client, db):
    response = client.get(reverse("measures:katalog"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize("persona", ["veileder", "ot", "teamleder", "koordinator", "admin"])
def test_every_role_reads_the_catalogue(client, personas, tiltakstyper, persona):
    response = login(client, personas[persona]).get(reverse("measures:katalog"))
    assert response.status_code == 200
    assert "Arbeidstrening" in response.text and "ARBTREN" in response.text


def test_catalogue_filtered_by_innsatsgruppe_shows_only_open_types(client, personas, tiltakstyper):
    url = reverse("measures:katalog") + "?innsatsgruppe=STANDARD_INNSATS"
    page = login(client, personas["veileder"]).get(url).text
    assert "Jobbklubb" in page
    assert "Arbeidsforberedende trening" not in page
    assert "Varig tilrettelagt arbeid" not in page


def test_junk_filter_values_do_not_break_the_catalogue(client, personas, tiltakstyper):
    url = reverse("measures:katalog") + "?innsatsgruppe=%00DROP&gruppe=x"
    assert login(client, personas["veileder"]).get(url).status_code == 200


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("veileder", True),  # NAV Bergenhus offers it
        ("teamleder", True),
        ("other_office", False),  # NAV Åsane does not
        ("ot", False),
        ("koordinator", True),
        ("admin", True),
    ],
)
def test_gjennomforing_is_seen_by_the_units_that_offer_it(
    client, personas, gjennomforing, persona, sees
):
    login(client, personas[persona])
    listing = client.get(reverse("measures:gjennomforinger")).text
    detail = client.get(reverse("measures:gjennomforing", args=[gjennomforing.pk]))
    assert (gjennomforing.navn in listing) is sees
    assert detail.status_code == (200 if sees else 404)


def test_coordinator_of_another_county_sees_nothing(client, org, gjennomforing):
    other = UserFactory(role=Role.FYLKESKOORDINATOR, unit=org["innlandet"])
    response = login(client, other).get(reverse("measures:gjennomforing", args=[gjennomforing.pk]))
    assert response.status_code == 404


def test_veileder_cannot_reach_the_maintenance_forms(client, personas, gjennomforing):
    login(client, personas["veileder"])
    assert client.get(reverse("measures:gjennomforing_create")).status_code == 403
    assert (
        client.get(reverse("measures:gjennomforing_update", args=[gjennomforing.pk])).status_code
        == 403
    )
    stop = client.post(
        reverse("measures:gjennomforing_stop", args=[gjennomforing.pk]),
        {"dato": "2026-10-01", "aarsak": "BUDSJETTHENSYN"},
    )
    assert stop.status_code == 403
    gjennomforing.refresh_from_db()
    assert not gjennomforing.is_stopped


def test_coordinator_registers_a_gjennomforing_through_the_form(
    client, org, personas, tiltakstyper
):
    login(client, personas["koordinator"])
    form = client.get(reverse("measures:gjennomforing_create")).text
    assert "NAV Bergenhus" in form and "NAV Hamar" not in form  # only the county's units
    response = client.post(
        reverse("measures:gjennomforing_create"),
        {
            "tiltakstype": tiltakstyper["AVKLARING"].pk,
            "navn": "Avklaring ung Bergen",
            "arrangor_navn": "Avklaring AS",
            "arrangor_orgnr": "974 760 673",
            "enheter": [org["bergenhus"].pk, org["ot_bergen"].pk],
            "start_dato": "2026-09-01",
            "slutt_dato": "",
            "antall_plasser": "8",
            "apen_for_pamelding": "on",
        },
    )
    created = Gjennomforing.objects.get(navn="Avklaring ung Bergen")
    assert response.status_code == 302
    assert response["Location"] == reverse("measures:gjennomforing", args=[created.pk])
    assert set(created.enheter.all()) == {org["bergenhus"], org["ot_bergen"]}


def test_bad_input_is_explained_and_nothing_saved(client, org, personas, tiltakstyper):
    login(client, personas["koordinator"])
    response = client.post(
        reverse("measures:gjennomforing_create"),
        {
            "tiltakstype": tiltakstyper["AVKLARING"].pk,
            "navn": "Avklaring\x00",
            "arrangor_navn": "Avklaring AS",
            "arrangor_orgnr": "123456789",
            "enheter": [org["bergenhus"].pk],
            "start_dato": "2026-09-01",
            "slutt_dato": "2026-08-01",
            "antall_plasser": "-1",
        },
    )
    assert response.status_code == 400
    assert "kontrolltegn" in response.text
    assert not Gjennomforing.objects.exists()
    fixed = client.post(
        reverse("measures:gjennomforing_create"),
        {
            "tiltakstype": tiltakstyper["AVKLARING"].pk,
            "navn": "Avklaring",
            "arrangor_navn": "Avklaring AS",
            "arrangor_orgnr": "123456789",
            "enheter": [org["bergenhus"].pk],
            "start_dato": "2026-09-01",
            "slutt_dato": "2026-08-01",
            "antall_plasser": "3",
        },
    )
    assert fixed.status_code == 400
    assert "Organisasjonsnummeret er ikke gyldig" in fixed.text
    assert not Gjennomforing.objects.exists()


def test_stop_shows_on_the_list_for_every_offering_veileder(client, personas, gjennomforing):
    login(client, personas["koordinator"])
    response = client.post(
        reverse("measures:gjennomforing_stop", args=[gjennomforing.pk]),
        {"dato": "2026-10-01", "aarsak": "BUDSJETTHENSYN", "begrunnelse": ""},
    )
    assert response.status_code == 302
    assert Kataloghendelse.objects.filter(verb="gjennomforing_stoppet").count() == 1
    client.logout()
    listing = login(client, personas["veileder"]).get(reverse("measures:gjennomforinger")).text
    assert "Tiltaksstopp fra 01.10.2026: Budsjetthensyn" in listing
    only_open = client.get(reverse("measures:gjennomforinger") + "?apne=on").text
    assert gjennomforing.navn not in only_open


def test_closed_period_added_through_the_page(client, personas, gjennomforing):
    login(client, personas["koordinator"])
    bad = client.post(
        reverse("measures:stengt_periode_add", args=[gjennomforing.pk]),
        {"fra_dato": "2027-01-03", "til_dato": "2026-12-20"},
    )
    assert bad.status_code == 400
    good = client.post(
        reverse("measures:stengt_periode_add", args=[gjennomforing.pk]),
        {"fra_dato": "2026-12-20", "til_dato": "2027-01-03", "begrunnelse": "Juleferie"},
    )
    assert good.status_code == 302
    detail = client.get(reverse("measures:gjennomforing", args=[gjennomforing.pk])).text
    assert "20.12.2026–03.01.2027: Juleferie" in detail


def test_gjennomforing_list_query_count_does_not_grow_and_is_limited(
    client, org, personas, tiltakstyper
):
    login(client, personas["veileder"])
    url = reverse("measures:gjennomforinger")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return queries

    make_gjennomforing(org, personas, tiltakstyper)
    few = count()
    for n in range(30):
        make_gjennomforing(org, personas, tiltakstyper, navn=f"Arbeidstrening {n:02d}")
    many = count()
    assert len(many) == len(few)
    listing = [q["sql"] for q in many if "measures_gjennomforing" in q["sql"]]
    counts = [sql for sql in listing if sql.startswith("SELECT COUNT(*)")]
    assert len(counts) == 1 and "measures_deltakelse" not in counts[0]  # a plain count
    assert any("LIMIT 25" in sql for sql in listing)


def test_admin_adds_a_municipal_tiltak_and_a_coordinator_may_not(client, personas, tiltakstyper):
    data = {
        "kode": "KOMMUNAL_JOBB",
        "navn": "Kommunal jobbtrening",
        "kilde": "KOMMUNE",
        "gruppe": "KOMMUNALT",
        "niva": "STANDARD_INNSATS",
    }
    login(client, personas["koordinator"])
    assert client.post(reverse("measures:tiltakstype_create"), data).status_code == 403
    client.logout()
    login(client, personas["admin"])
    assert client.post(reverse("measures:tiltakstype_create"), data).status_code == 302
    assert "Kommunal jobbtrening" in client.get(reverse("measures:katalog")).text


def test_update_keeps_the_provider_and_records_the_change(client, org, personas, gjennomforing):
    login(client, personas["koordinator"])
    response = client.post(
        reverse("measures:gjennomforing_update", args=[gjennomforing.pk]),
        {
            "navn": gjennomforing.navn,
            "enheter": [org["bergenhus"].pk, org["asane"].pk],
            "start_dato": "2026-08-01",
            "slutt_dato": "2027-06-30",
            "antall_plasser": "15",
            "apen_for_pamelding": "on",
        },
    )
    assert response.status_code == 302
    gjennomforing.refresh_from_db()
    assert gjennomforing.antall_plasser == 15
    assert gjennomforing.arrangor.organisasjonsnummer == VALID_ORGNR
    event = Kataloghendelse.objects.get(verb="gjennomforing_endret")
    assert "antall_plasser" in event.summary
    assert event.payload["antall_plasser"] == "15"
    assert dt.date(2026, 8, 1) == gjennomforing.start_dato
