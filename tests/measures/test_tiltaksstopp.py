"""Tiltaksstopp for an office or a type, shown to affected veiledere; free places in the county."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from measures import services
from measures.models import Deltakelse
from tests.factories import fattet_vedtak, open_case, today

from .conftest import make_gjennomforing, make_running


@pytest.fixture
def apen(org, personas, tiltakstyper):
    return make_running(
        org, personas, tiltakstyper, enheter=("bergenhus", "asane"), antall_plasser=3
    )


def stop(org, personas, **kwargs):
    fields = {
        "fylke": org["vestland"],
        "enhet": org["bergenhus"],
        "tiltakstype": None,
        "fra_dato": today(),
        "til_dato": None,
        "aarsak": "BUDSJETTHENSYN",
    }
    fields.update(kwargs)
    return services.tiltaksstopp_kunngjor(actor=personas["koordinator"], **fields)


def test_stop_for_an_office_blocks_its_offers_only(org, personas, apen):
    stop(org, personas)
    bergenhus_case = open_case(personas["veileder"])
    fattet_vedtak(bergenhus_case, org["bergenhus"], days_ago=5)
    with pytest.raises(ValidationError, match="Tiltaksstopp for alle tiltak \\(NAV Bergenhus\\)"):
        services.tilby_plass(
            actor=personas["veileder"], case=bergenhus_case, gjennomforing=apen, start_dato=today()
        )
    asane_case = open_case(personas["other_office"])
    fattet_vedtak(asane_case, org["asane"], days_ago=5)
    services.tilby_plass(
        actor=personas["other_office"], case=asane_case, gjennomforing=apen, start_dato=today()
    )
    assert Deltakelse.objects.count() == 1


def test_stop_for_a_type_and_a_finished_stop(org, personas, apen, tiltakstyper):
    stop(org, personas, enhet=None, tiltakstype=tiltakstyper["AVKLARING"])
    stop(
        org,
        personas,
        fra_dato=today() - dt.timedelta(days=20),
        til_dato=today() - dt.timedelta(days=1),
    )
    case = open_case(personas["veileder"])
    fattet_vedtak(case, org["bergenhus"], days_ago=5)
    # An arbeidstrening is not an avklaring, and the office's own stop has ended.
    services.tilby_plass(
        actor=personas["veileder"], case=case, gjennomforing=apen, start_dato=today()
    )


def test_only_the_coordinator_announces_and_bad_input_is_refused(org, personas):
    with pytest.raises(PermissionDenied):
        services.tiltaksstopp_kunngjor(
            actor=personas["teamleder"],
            fylke=org["vestland"],
            enhet=None,
            tiltakstype=None,
            fra_dato=today(),
            til_dato=None,
            aarsak="BUDSJETTHENSYN",
        )
    with pytest.raises(ValidationError):
        stop(org, personas, til_dato=today() - dt.timedelta(days=1))
    with pytest.raises(ValidationError):
        stop(org, personas, enhet=org["hamar"])
    with pytest.raises(ValidationError):
        stop(org, personas, aarsak="ANNET")


@pytest.mark.parametrize(
    ("persona", "sees"),
    [("veileder", True), ("teamleder", True), ("other_office", False), ("koordinator", True)],
)
def test_banner_shows_to_affected_users_on_catalogue_and_offer_pages(
    client, org, personas, apen, persona, sees
):
    stop(org, personas)
    client.force_login(personas[persona])
    for name in ("measures:katalog", "measures:gjennomforinger"):
        page = client.get(reverse(name)).text
        assert ('data-testid="tiltaksstopp"' in page) is sees, name


def test_offer_page_explains_the_stop(client, org, personas, apen):
    stop(org, personas)
    case = open_case(personas["veileder"])
    fattet_vedtak(case, org["bergenhus"], days_ago=5)
    client.force_login(personas["veileder"])
    page = client.get(reverse("measures:tilby", args=[case.pk])).text
    assert 'data-testid="tiltaksstopp"' in page
    assert "Tiltaksstopp for alle tiltak (NAV Bergenhus)" in page


def test_coordinator_announces_through_the_page(client, org, personas, tiltakstyper):
    client.force_login(personas["koordinator"])
    form = client.get(reverse("measures:tiltaksstopp_create")).text
    assert "NAV Bergenhus" in form and "NAV Hamar" not in form
    response = client.post(
        reverse("measures:tiltaksstopp_create"),
        {
            "enhet": org["asane"].pk,
            "tiltakstype": tiltakstyper["ARBEIDSTRENING"].pk,
            "fra_dato": today().isoformat(),
            "aarsak": "FOR_FA_DELTAKERE",
        },
    )
    assert response.status_code == 302
    client.force_login(personas["other_office"])
    assert "For få deltakere" in client.get(reverse("measures:katalog")).text
    client.force_login(personas["veileder"])
    assert reverse("measures:tiltaksstopp_create")
    assert client.get(reverse("measures:tiltaksstopp_create")).status_code == 403


def test_free_places_across_the_county(client, org, personas, tiltakstyper):
    full = make_gjennomforing(
        org, personas, tiltakstyper, navn="Full AT", enheter=("asane",), antall_plasser=0
    )
    other_office = make_gjennomforing(
        org, personas, tiltakstyper, navn="Åsanes AT", enheter=("asane",), antall_plasser=4
    )
    client.force_login(personas["veileder"])  # NAV Bergenhus
    page = client.get(reverse("measures:ledige")).text
    assert other_office.navn in page and "4 av 4" in page
    assert full.navn not in page
    client.force_login(personas["koordinator"])
    assert other_office.navn in client.get(reverse("measures:ledige")).text
