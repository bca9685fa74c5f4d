"""Registering a youth: the register page, its search, duplicates and reopening."""

import datetime as dt
import random

import pytest
from django.urls import reverse

from cases.access import case_access
from cases.models import Youth
from cases.services import case_change_status
from nav_ot.identity import generate_fnr
from tests.factories import years_ago

pytestmark = pytest.mark.django_db


def post_register(client, user, **data):
    client.force_login(user)
    payload = {
        "fnr": "",
        "birth_date": "",
        "first_name": "Ola",
        "last_name": "Nordmann",
        "guardian_name": "",
        "guardian_phone": "",
    }
    payload.update(data)
    return client.post(reverse("cases:register"), payload)


def test_register_success_redirects_to_the_new_case(client, personas):
    fnr = generate_fnr(dt.date(2003, 6, 1), random.Random(4))
    response = post_register(client, personas["veileder"], fnr=fnr)
    youth = Youth.objects.get(fnr=fnr)
    assert youth.birth_date == dt.date(2003, 6, 1)  # taken from the number
    assert response.url == reverse("cases:detail", args=[youth.cases.get().pk])


@pytest.mark.parametrize(
    "data, message",
    [
        ({"fnr": "12345678901"}, "kontrollsifrene stemmer ikke"),
        ({"fnr": "1234"}, "må ha 11 siffer"),
        ({"fnr": ""}, "Oppgi fødselsdato"),
        ({"birth_date": "2999-01-01"}, "kan ikke være fram i tid"),
        ({"birth_date": years_ago(16).isoformat()}, "foresatt"),
        ({"birth_date": "31.02.2004"}, "gyldig dato"),
    ],
)
def test_register_bad_input_is_a_field_message_and_nothing_is_saved(
    client, personas, data, message
):
    response = post_register(client, personas["veileder"], **data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Youth.objects.exists()


def test_fnr_and_birth_date_must_agree(client, personas):
    fnr = generate_fnr(dt.date(2003, 6, 1), random.Random(4))
    response = post_register(client, personas["veileder"], fnr=fnr, birth_date="2003-06-02")
    assert "stemmer ikke med fødselsnummeret" in response.content.decode()


def test_duplicate_registration_offers_the_existing_case(client, personas, shared_case):
    fnr = shared_case.youth.fnr
    response = post_register(client, personas["teamleder"], fnr=fnr)
    assert response.status_code == 409
    assert reverse("cases:detail", args=[shared_case.pk]) in response.content.decode()
    # From another office: told which office follows the youth up (to ask it for the case),
    # with no link to the case.
    response = post_register(client, personas["other_office"], fnr=fnr)
    assert response.status_code == 409
    page = response.content.decode()
    assert "NAV Bergenhus" in page and reverse("cases:detail", args=[shared_case.pk]) not in page
    assert Youth.objects.count() == 1


def test_search_finds_only_own_units_cases(client, personas, shared_case):
    name = shared_case.youth.last_name
    link = reverse("cases:detail", args=[shared_case.pk])
    client.force_login(personas["veileder"])
    assert link in client.get(reverse("cases:register"), {"q": name}).content.decode()
    client.force_login(personas["other_office"])
    page = client.get(reverse("cases:register"), {"q": name}).content.decode()
    assert link not in page and "Ingen treff" in page


def test_reopening_for_a_registered_youth_needs_their_identity_not_an_id(
    client, personas, shared_case
):
    for persona in ("veileder", "ot"):  # both sides end: the case is closed
        case_change_status(
            access=case_access(personas[persona], shared_case),
            status="avsluttet",
            outcome="flyttet",
            reason="Flyttet",
        )
    youth = shared_case.youth
    client.force_login(personas["other_office"])
    # A bare id is not enough.
    response = client.post(reverse("cases:open_existing"), {"youth": youth.pk})
    assert response.url == reverse("cases:register")
    assert youth.cases.count() == 1
    # The registration data is: the duplicate page offers exactly this.
    response = post_register(client, personas["other_office"], fnr=youth.fnr)
    assert (
        response.status_code == 409 and "Opprett ny sak for ungdommen" in response.content.decode()
    )
    response = client.post(
        reverse("cases:open_existing"),
        {
            "fnr": youth.fnr,
            "first_name": youth.first_name,
            "last_name": youth.last_name,
            "birth_date": "",
            "guardian_name": "",
            "guardian_phone": "",
        },
    )
    new_case = youth.cases.exclude(pk=shared_case.pk).get()
    assert response.url == reverse("cases:detail", args=[new_case.pk])
    assert new_case.nav_kontor == personas["other_office"].unit
