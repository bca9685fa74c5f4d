"""An offered place meets G1 (under 20: tilbud om arbeidsrettet tiltak) in the deadline engine."""

import datetime as dt

import pytest

from cases.guarantees import sweep
from cases.models import Frist, Vedtak14a
from measures import services
from tests.factories import YouthFactory, open_case, today, years_ago

from .conftest import make_running


@pytest.fixture(autouse=True)
def rules(guarantee_rules):
    pass


@pytest.fixture
def apen(org, personas, tiltakstyper):
    return make_running(org, personas, tiltakstyper, antall_plasser=1)


def young_case(org, personas):
    youth = YouthFactory(birth_date=years_ago(18) - dt.timedelta(days=40))
    case = open_case(personas["veileder"], youth=youth)
    Vedtak14a.objects.create(
        youth=youth,
        case=case,
        nav_kontor=org["bergenhus"],
        status="fattet",
        innsatsgruppe="SITUASJONSBESTEMT_INNSATS",
        vedtak_dato=today() - dt.timedelta(days=10),
    )
    return case


def g1(case):
    return Frist.objects.get(youth=case.youth, regel__kode="G1")


def test_a_place_meets_g1_and_a_same_day_sweep_sees_it(org, personas, apen):
    case = young_case(org, personas)
    sweep(today=today())
    assert g1(case).status in ("apen", "snart")
    services.tilby_plass(
        actor=personas["veileder"], case=case, gjennomforing=apen, start_dato=today()
    )
    sweep(today=today())  # a rerun the same day revisits only changed youth: the trigger
    frist = g1(case)
    assert (frist.status, frist.oppfylt_dato) == ("oppfylt", today())


def test_the_waiting_list_is_not_yet_an_offer(org, personas, apen):
    first, second = young_case(org, personas), young_case(org, personas)
    services.tilby_plass(
        actor=personas["veileder"], case=first, gjennomforing=apen, start_dato=today()
    )
    waiting = services.tilby_plass(
        actor=personas["veileder"], case=second, gjennomforing=apen, start_dato=today()
    )
    assert waiting.status == "VENTELISTE"
    sweep(today=today())
    assert g1(first).status == "oppfylt"
    assert g1(second).status in ("apen", "snart")


def test_queue_of_under_20s_without_an_offer(client, org, personas, apen):
    from django.urls import reverse

    from cases.models import AccessLog

    waiting, offered = young_case(org, personas), young_case(org, personas)
    services.tilby_plass(
        actor=personas["veileder"], case=offered, gjennomforing=apen, start_dato=today()
    )
    sweep(today=today())
    client.force_login(personas["teamleder"])
    page = client.get(reverse("measures:uten_tilbud")).text
    assert waiting.youth.full_name in page and "10 dager" in page
    assert offered.youth.full_name not in page
    assert list(
        AccessLog.objects.filter(user=personas["teamleder"], action="liste").values_list(
            "case_id", flat=True
        )
    ) == [waiting.pk]
    for outsider in ("other_office", "ot"):
        client.force_login(personas[outsider])
        assert waiting.youth.full_name not in client.get(reverse("measures:uten_tilbud")).text
