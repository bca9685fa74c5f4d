"""Offering a tiltak from the case: the choice page, the form, the case panel, who sees what."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.access import case_access
from cases.models import AccessLog
from measures import services
from measures.models import Deltakelse, DeltakerStatus
from tests.factories import fattet_vedtak, give_samtykke, open_case, today

from .conftest import make_gjennomforing, make_running


@pytest.fixture
def apen(org, personas, tiltakstyper):
    return make_running(
        org,
        personas,
        tiltakstyper,
        antall_plasser=1,
        enheter=("bergenhus", "ot_bergen"),
    )


@pytest.fixture
def case(org, personas):
    case = open_case(personas["veileder"], ot_enhet=org["ot_bergen"])
    case.ot_kontakt = personas["ot"]
    case.save()
    fattet_vedtak(case, org["bergenhus"], days_ago=10)
    return case


def test_veileder_offers_a_place_from_the_case(client, personas, case, apen):
    client.force_login(personas["veileder"])
    choice = client.get(reverse("measures:tilby", args=[case.pk]))
    assert choice.status_code == 200
    assert "Trenger veiledning (situasjonsbestemt innsats)" in choice.text
    assert apen.navn in choice.text and "1 av 1" in choice.text
    response = client.post(
        reverse("measures:tilby_gjennomforing", args=[case.pk, apen.pk]),
        {"start_dato": (today() + dt.timedelta(days=7)).isoformat(), "dager_per_uke": "3"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", args=[case.pk])
    deltakelse = Deltakelse.objects.get()
    assert deltakelse.status == DeltakerStatus.VENTER_PA_OPPSTART
    assert deltakelse.dager_per_uke == 3
    page = client.get(reverse("cases:detail", args=[case.pk])).text
    assert "Venter på oppstart" in page and apen.navn in page


def test_full_gjennomforing_says_so_and_puts_the_youth_on_the_waiting_list(
    client, org, personas, case, apen
):
    other = open_case(personas["veileder"])
    fattet_vedtak(other, org["bergenhus"], days_ago=10)
    services.tilby_plass(
        actor=personas["veileder"], case=other, gjennomforing=apen, start_dato=today()
    )
    client.force_login(personas["veileder"])
    url = reverse("measures:tilby_gjennomforing", args=[case.pk, apen.pk])
    form = client.get(url).text
    assert "Gjennomføringen er full" in form and "ikke historikk nok" in form
    response = client.post(url, {"start_dato": today().isoformat()}, follow=True)
    assert "nummer 1 på ventelisten" in response.text
    assert Deltakelse.objects.get(case=case).status == DeltakerStatus.VENTELISTE


def test_ineligible_choice_is_explained_on_the_page(client, org, personas, apen, tiltakstyper):
    no_vedtak = open_case(personas["veileder"])
    client.force_login(personas["veileder"])
    page = client.get(reverse("measures:tilby", args=[no_vedtak.pk])).text
    assert "ingen fattet §14a-vedtak" in page
    assert "ungdommen har ikke vedtak" in page
    assert reverse("measures:tilby_gjennomforing", args=[no_vedtak.pk, apen.pk]) not in page
    response = client.post(
        reverse("measures:tilby_gjennomforing", args=[no_vedtak.pk, apen.pk]),
        {"start_dato": today().isoformat()},
    )
    assert response.status_code == 400
    assert "ungdommen har ikke vedtak" in response.text
    assert not Deltakelse.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("veileder", 200),
        ("teamleder", 200),
        ("ot", 403),
        ("other_office", 404),
        ("koordinator", 404),
    ],
)
def test_who_may_open_the_offer_pages(client, personas, case, apen, persona, status):
    client.force_login(personas[persona])
    assert client.get(reverse("measures:tilby", args=[case.pk])).status_code == status
    form = client.get(reverse("measures:tilby_gjennomforing", args=[case.pk, apen.pk]))
    assert form.status_code == status


def test_offer_pages_are_in_the_access_log(client, personas, case, apen):
    client.force_login(personas["veileder"])
    client.get(reverse("measures:tilby", args=[case.pk]))
    assert AccessLog.objects.filter(user=personas["veileder"], case=case).exists()


def test_ot_sees_the_participation_only_with_samtykke_for_work(client, personas, case, apen):
    services.tilby_plass(
        actor=personas["veileder"], case=case, gjennomforing=apen, start_dato=today()
    )
    client.force_login(personas["ot"])
    page = client.get(reverse("cases:detail", args=[case.pk])).text
    assert apen.navn not in page
    assert "Meld på tiltak" not in page
    give_samtykke(case_access(personas["veileder"], case), categories=["arbeid_tiltak"])
    page = client.get(reverse("cases:detail", args=[case.pk])).text
    assert apen.navn in page


def test_choice_page_query_count_does_not_grow(client, org, personas, case, tiltakstyper):
    client.force_login(personas["veileder"])
    url = reverse("measures:tilby", args=[case.pk])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    make_gjennomforing(org, personas, tiltakstyper, start_dato=today())
    few = count()
    for n in range(10):
        make_gjennomforing(org, personas, tiltakstyper, start_dato=today(), navn=f"AT {n}")
    assert count() == few


def test_estimated_wait_comes_from_last_years_waiting_list(org, personas, apen):
    from measures.selectors import estimert_ventetid, venteliste

    veileder = personas["veileder"]
    cases = [open_case(veileder) for _ in range(3)]
    for c in cases:
        fattet_vedtak(c, org["bergenhus"], days_ago=10)
    first = services.tilby_plass(
        actor=veileder, case=cases[0], gjennomforing=apen, start_dato=today()
    )
    waiting = services.tilby_plass(
        actor=veileder, case=cases[1], gjennomforing=apen, start_dato=today()
    )
    assert estimert_ventetid(apen, today(), 1) is None
    services.endre_status(
        first, actor=veileder, status="IKKE_AKTUELL", gyldig_fra=today(), aarsak="SYK"
    )
    services.endre_status(waiting, actor=veileder, status="VENTER_PA_OPPSTART", gyldig_fra=today())
    services.tilby_plass(actor=veileder, case=cases[2], gjennomforing=apen, start_dato=today())
    assert venteliste(apen).count() == 1
    # One left the waiting list for a place in the last 365 days: the next waits about a year.
    assert estimert_ventetid(apen, today(), 1) == 365
    assert estimert_ventetid(apen, today() + dt.timedelta(days=400), 1) is None


def test_veileder_moves_the_status_through_the_page(client, personas, case, apen):
    deltakelse = services.tilby_plass(
        actor=personas["veileder"], case=case, gjennomforing=apen, start_dato=today()
    )
    client.force_login(personas["veileder"])
    url = reverse("measures:deltakelse_status", args=[deltakelse.pk])
    form = client.get(url).text
    assert 'value="DELTAR"' in form and 'value="FULLFORT"' not in form
    yesterday = (today() - dt.timedelta(days=1)).isoformat()
    too_early = client.post(url, {"status": "DELTAR", "gyldig_fra": yesterday})
    assert too_early.status_code == 400 and "kan ikke gjelde fra før" in too_early.text
    response = client.post(url, {"status": "DELTAR", "gyldig_fra": today().isoformat()})
    assert response.status_code == 302
    missing_reason = client.post(url, {"status": "AVBRUTT", "gyldig_fra": today().isoformat()})
    assert missing_reason.status_code == 400
    assert "krever en årsak" in missing_reason.text
    client.post(
        url, {"status": "HAR_SLUTTET", "gyldig_fra": today().isoformat(), "aarsak": "FATT_JOBB"}
    )
    deltakelse.refresh_from_db()
    assert deltakelse.status == DeltakerStatus.HAR_SLUTTET
    assert client.get(url).status_code == 302  # ended: nothing more to change


def test_ot_cannot_change_navs_participation(client, personas, case, apen):
    deltakelse = services.tilby_plass(
        actor=personas["veileder"], case=case, gjennomforing=apen, start_dato=today()
    )
    client.force_login(personas["ot"])
    url = reverse("measures:deltakelse_status", args=[deltakelse.pk])
    assert client.get(url).status_code == 403
    assert (
        client.post(url, {"status": "DELTAR", "gyldig_fra": today().isoformat()}).status_code == 403
    )


def test_days_and_percentage_change_over_time(client, personas, case, apen):
    deltakelse = services.tilby_plass(
        actor=personas["veileder"],
        case=case,
        gjennomforing=apen,
        start_dato=today(),
        dager_per_uke=2,
        deltakelsesprosent=40,
    )
    client.force_login(personas["veileder"])
    url = reverse("measures:deltakelse_omfang", args=[deltakelse.pk])
    later = (today() + dt.timedelta(days=30)).isoformat()
    bad = client.post(url, {"omfang-gyldig_fra": later, "omfang-dager_per_uke": "6"})
    assert bad.status_code == 400
    good = client.post(
        url,
        {
            "omfang-gyldig_fra": later,
            "omfang-dager_per_uke": "4",
            "omfang-deltakelsesprosent": "80",
        },
    )
    assert good.status_code == 302
    deltakelse.refresh_from_db()
    assert (deltakelse.dager_per_uke, deltakelse.deltakelsesprosent) == (4, 80)
    history = list(
        deltakelse.endringer.values_list("dager_per_uke", "deltakelsesprosent", "gyldig_fra")
    )
    assert history[0][:2] == (2, 40) and history[-1] == (4, 80, today() + dt.timedelta(days=30))
    client.force_login(personas["ot"])
    assert client.post(url, {"omfang-gyldig_fra": later}).status_code == 403
