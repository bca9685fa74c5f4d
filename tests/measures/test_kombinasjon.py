"""Kombinasjonstiltak: templates, the school part, the week, OT's confirmation and status code."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cases.access import case_access
from measures import services
from measures.models import Kombinasjonstiltak
from measures.selectors import ot_status_avvik
from tests.factories import fattet_vedtak, give_samtykke, open_case

from .conftest import offer_running

SCHOOL = {
    "utdanningsprogram": "HS",
    "programomrade": "HSHEA2----",
    "kompetansemal": "Helsearbeiderfaget Vg2",
    "skoledager_per_uke": 2,
    "tiltaksdager_per_uke": 3,
    "laretid_maneder": 3,
    "ansvar_nav": "Arbeidstrening og tiltakspenger.",
    "ansvar_ot": "Opplæring og oppfølging i skolen.",
}


@pytest.fixture
def case(org, personas):
    case = open_case(personas["veileder"], ot_enhet=org["ot_bergen"])
    case.ot_kontakt = personas["ot"]
    case.save()
    fattet_vedtak(case, org["bergenhus"], days_ago=10)
    return case


@pytest.fixture
def deltakelse(org, personas, tiltakstyper, case):
    return offer_running(org, personas, tiltakstyper, case)


@pytest.fixture
def mal(personas, tiltakstyper):
    return services.mal_opprett(
        actor=personas["admin"],
        fylke=None,
        tiltakstype=tiltakstyper["ARBEIDSTRENING"],
        navn="Helsefag 2+3 med arbeidstrening",
        **SCHOOL,
    )


def combine(personas, deltakelse, **overrides):
    fields = {
        **SCHOOL,
        "skole": "Årstad videregående skole",
        "tilpasset_opplaering_vurdert": True,
        "tilpasset_opplaering_begrunnelse": "Har prøvd redusert timeplan i ett år uten å fullføre.",
    }
    fields.update(overrides)
    return services.kombinasjon_opprett(actor=personas["veileder"], deltakelse=deltakelse, **fields)


def test_template_without_school_part_or_over_five_days_is_refused(personas, tiltakstyper):
    base = {
        "actor": personas["admin"],
        "fylke": None,
        "tiltakstype": tiltakstyper["ARBEIDSTRENING"],
    }
    with pytest.raises(ValidationError) as error:
        services.mal_opprett(
            navn="Bare tiltak",
            **base,
            **{**SCHOOL, "utdanningsprogram": "", "skoledager_per_uke": 0},
        )
    assert {"utdanningsprogram", "skoledager_per_uke"} <= set(error.value.message_dict)
    with pytest.raises(ValidationError, match="høyst 5 dager"):
        services.mal_opprett(navn="For lang uke", **base, **{**SCHOOL, "tiltaksdager_per_uke": 4})


def test_who_keeps_templates(org, personas, tiltakstyper):
    args = {"tiltakstype": tiltakstyper["ARBEIDSTRENING"], "navn": "Mal", **SCHOOL}
    with pytest.raises(PermissionDenied):
        services.mal_opprett(actor=personas["veileder"], fylke=None, **args)
    with pytest.raises(PermissionDenied):
        services.mal_opprett(actor=personas["koordinator"], fylke=None, **args)  # national
    county = services.mal_opprett(actor=personas["koordinator"], fylke=org["vestland"], **args)
    assert county.fylke == org["vestland"]


def test_combination_records_the_exception_and_the_week(personas, deltakelse):
    with pytest.raises(ValidationError) as error:
        combine(personas, deltakelse, tilpasset_opplaering_vurdert=False)
    assert "tilpasset_opplaering_begrunnelse" in error.value.message_dict
    with pytest.raises(ValidationError, match="høyst 5 dager"):
        combine(personas, deltakelse, tiltaksdager_per_uke=4)
    with pytest.raises(ValidationError, match="Skoledelen mangler"):
        combine(personas, deltakelse, utdanningsprogram="")
    assert not Kombinasjonstiltak.objects.exists()
    kombinasjon = combine(personas, deltakelse)
    assert kombinasjon.uke == 5 and kombinasjon.laretid_maneder == 3
    with pytest.raises(ValidationError, match="allerede"):
        combine(personas, deltakelse)


def test_template_for_another_tiltakstype_is_refused(personas, tiltakstyper, deltakelse):
    other = services.mal_opprett(
        actor=personas["admin"],
        fylke=None,
        tiltakstype=tiltakstyper["AVKLARING"],
        navn="Avklaring + skole",
        **SCHOOL,
    )
    with pytest.raises(ValidationError, match="Malen gjelder Avklaring"):
        combine(personas, deltakelse, mal=other)


def test_ot_confirms_and_the_status_code_becomes_otko(personas, case, deltakelse):
    kombinasjon = combine(personas, deltakelse)
    with pytest.raises(PermissionDenied):  # OT needs a samtykke for work to see NAV's tiltak
        services.kombinasjon_ot_bekreft(actor=personas["ot"], kombinasjon=kombinasjon)
    with pytest.raises(PermissionDenied):
        services.kombinasjon_ot_bekreft(actor=personas["veileder"], kombinasjon=kombinasjon)
    give_samtykke(case_access(personas["veileder"], case))
    services.kombinasjon_ot_bekreft(actor=personas["ot"], kombinasjon=kombinasjon)
    case.refresh_from_db()
    assert case.ot_status == "OTKO"
    assert kombinasjon.ot_bekreftet_av == personas["ot"]


def test_mismatch_between_ot_status_and_nav_participation_is_flagged_on_both_sides(
    personas, case, deltakelse
):
    give_samtykke(case_access(personas["veileder"], case), categories=["skole", "arbeid_tiltak"])
    from cases.services import case_set_ot_status

    case_set_ot_status(
        access=case_access(personas["ot"], case), ot_status="OTKO", reason="Registrert i VIGO"
    )
    case.refresh_from_db()
    for who in ("veileder", "ot"):
        assert "OTKO, men NAV har ikke et aktivt kombinasjonstiltak" in ot_status_avvik(
            case_access(personas[who], case)
        )
    combine(personas, deltakelse)
    assert ot_status_avvik(case_access(personas["ot"], case)) == ""


def test_no_flag_without_samtykke_to_see_both(personas, case, deltakelse):
    from cases.services import case_set_ot_status

    case_set_ot_status(
        access=case_access(personas["ot"], case), ot_status="OTKO", reason="Registrert i VIGO"
    )
    case.refresh_from_db()
    assert ot_status_avvik(case_access(personas["veileder"], case)) == ""
    assert ot_status_avvik(case_access(personas["ot"], case)) == ""


def test_building_from_a_template_through_the_pages(client, personas, case, deltakelse, mal):
    client.force_login(personas["veileder"])
    url = reverse("measures:kombinasjon_create", args=[deltakelse.pk])
    form = client.get(url + f"?mal={mal.pk}").text
    assert 'data-testid="valgt-mal"' in form and "HSHEA2----" in form
    response = client.post(
        url + f"?mal={mal.pk}",
        {
            **SCHOOL,
            "mal": mal.pk,
            "skole": "Årstad videregående skole",
            "tilpasset_opplaering_vurdert": "on",
            "tilpasset_opplaering_begrunnelse": "Redusert timeplan var prøvd.",
        },
    )
    kombinasjon = Kombinasjonstiltak.objects.get()
    assert response.status_code == 302
    assert kombinasjon.mal == mal
    page = client.get(reverse("cases:detail", args=[case.pk])).text
    assert "Kombinasjonstiltak med Årstad videregående skole" in page


@pytest.mark.parametrize(
    ("persona", "status"), [("veileder", 200), ("ot", 403), ("other_office", 404)]
)
def test_who_sees_the_combination_page(client, personas, case, deltakelse, persona, status):
    kombinasjon = combine(personas, deltakelse)
    client.force_login(personas[persona])
    assert client.get(reverse("measures:kombinasjon", args=[kombinasjon.pk])).status_code == status


def test_ot_with_samtykke_sees_and_confirms_through_the_page(client, personas, case, deltakelse):
    kombinasjon = combine(personas, deltakelse)
    give_samtykke(case_access(personas["veileder"], case))
    client.force_login(personas["ot"])
    page = client.get(reverse("measures:kombinasjon", args=[kombinasjon.pk])).text
    assert "Bekreft kombinasjonstiltaket" in page
    response = client.post(
        reverse("measures:kombinasjon_bekreft", args=[kombinasjon.pk]), follow=True
    )
    assert "OT-status er satt til OTKO" in response.text


def test_ot_confirms_a_nav_tiltak_alone_as_otap(client, personas, case, deltakelse):
    give_samtykke(case_access(personas["veileder"], case))
    client.force_login(personas["ot"])
    page = client.get(reverse("cases:detail", args=[case.pk])).text
    assert "Bekreft tiltaket (OT-status OTAP)" in page
    client.post(reverse("measures:tiltak_bekreft", args=[deltakelse.pk]))
    case.refresh_from_db()
    assert case.ot_status == "OTAP"


def test_combination_form_errors_keep_the_input(client, personas, deltakelse):
    client.force_login(personas["veileder"])
    response = client.post(
        reverse("measures:kombinasjon_create", args=[deltakelse.pk]),
        {**SCHOOL, "tiltaksdager_per_uke": 4, "skole": "Årstad vgs"},
    )
    assert response.status_code == 400
    assert "høyst 5 dager" in response.text
    assert "Årstad vgs" in response.text
    assert not Kombinasjonstiltak.objects.exists()
