"""Who sees and edits agreements, the pages themselves, the case hook and the county view."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from accounts.models import Role, User
from agreements.models import Avtaleversjon, Kontaktperson, Oppfyllelse
from agreements.selectors import suppress
from tests.factories import UserFactory, open_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_county(org):
    return {
        "veileder": UserFactory(username="hamar", role=Role.NAV_VEILEDER, unit=org["hamar"]),
        "koordinator": UserFactory(
            username="koord34", role=Role.FYLKESKOORDINATOR, unit=org["innlandet"]
        ),
    }


@pytest.mark.parametrize("who", ["veileder", "koordinator"])
def test_another_county_sees_nothing(client, lokal, other_county, who):
    client.force_login(other_county[who])
    assert client.get(reverse("agreements:detail", args=[lokal.pk])).status_code == 404
    assert client.get(reverse("agreements:print", args=[lokal.pk])).status_code == 404
    assert client.post(reverse("agreements:sign", args=[lokal.pk])).status_code == 404
    assert lokal.navn not in client.get(reverse("agreements:index")).content.decode()


def test_staff_of_a_covered_unit_read_but_do_not_edit(client, lokal, personas):
    client.force_login(personas["team_veileder"])
    page = client.get(reverse("agreements:detail", args=[lokal.pk]))
    assert page.status_code == 200
    assert "NAV skal alltid kontakte OT først" in page.content.decode()
    assert "Revider avtalen" not in page.content.decode()
    response = client.post(
        reverse("agreements:revise", args=[lokal.pk]), {"valid_from": "2027-01-01"}
    )
    assert response.status_code == 403
    assert lokal.versjoner.count() == 1


def test_staff_of_an_uncovered_office_in_the_county_see_nothing(client, lokal, personas):
    client.force_login(personas["other_office"])
    assert client.get(reverse("agreements:detail", args=[lokal.pk])).status_code == 404


def test_coordinator_creates_revises_and_signs(client, org, personas, fylkesavtale):
    client.force_login(personas["koordinator"])
    response = client.post(
        reverse("agreements:create"),
        {
            "kind": "lokal",
            "navn": "Lokal avtale Åsane",
            "parent": fylkesavtale.pk,
            "enheter": [org["asane"].pk, org["ot_bergen"].pk],
            "valid_from": "2026-01-01",
            "valid_to": "2026-12-31",
        },
    )
    assert response.status_code == 302
    too_long_school = client.post(
        reverse("agreements:create"),
        {
            "kind": "lokal",
            "navn": "Lokal avtale med skole",
            "parent": fylkesavtale.pk,
            "enheter": [org["asane"].pk],
            "skole": "S" * 201,
            "valid_from": "2026-01-01",
        },
    )
    assert too_long_school.status_code == 400
    avtale = fylkesavtale.lokale_avtaler.get()
    url = reverse("agreements:clause_add", args=[avtale.pk])
    client.post(url, {"type": "listevask", "tekst": "Listevask skal skje hver 6. uke."})
    klausul = avtale.versjoner.get().klausuler.get()
    no_cadence = client.post(
        reverse("agreements:obligation_add", args=[avtale.pk]),
        {"klausul": klausul.pk, "beskrivelse": "Listevask", "kind": "listevask", "rrule": ""},
    )
    assert no_cadence.status_code == 400
    assert "må ha en hyppighet" in no_cadence.content.decode()
    client.post(reverse("agreements:sign", args=[avtale.pk]))
    assert avtale.versjoner.get().status == Avtaleversjon.Status.AKTIV
    overlapping = client.post(
        reverse("agreements:revise", args=[avtale.pk]), {"valid_from": "2025-12-01"}
    )
    assert "overlapper" in overlapping.content.decode()
    backwards = client.post(
        reverse("agreements:revise", args=[avtale.pk]),
        {"valid_from": "2026-07-01", "valid_to": "2026-06-01"},
    )
    assert "slutte før den begynner" in backwards.content.decode()
    client.post(reverse("agreements:revise", args=[avtale.pk]), {"valid_from": "2026-07-01"})
    assert avtale.versjoner.filter(status="utkast").count() == 1


def test_signed_clause_cannot_be_deleted_through_the_page(client, lokal, personas):
    client.force_login(personas["koordinator"])
    klausul = lokal.versjoner.get().klausuler.first()
    response = client.post(
        reverse("agreements:clause_delete", args=[lokal.pk, klausul.pk]), follow=True
    )
    assert "signert versjon kan ikke endres" in response.content.decode()
    assert klausul.__class__.objects.filter(pk=klausul.pk).exists()


def test_contact_from_another_unit_is_refused_on_the_page(client, lokal, personas):
    client.force_login(personas["koordinator"])
    response = client.post(
        reverse("agreements:contact_add", args=[lokal.pk]),
        {"user": personas["other_office"].pk, "rolle": "NAV OT-kontakt"},
    )
    assert response.status_code == 400
    assert "høre til en av enhetene" in response.content.decode()
    assert not Kontaktperson.objects.exists()


def test_read_confirmation_and_the_diff_page(client, lokal, personas):
    client.force_login(personas["veileder"])
    client.post(reverse("agreements:confirm_read", args=[lokal.pk]))
    page = client.get(reverse("agreements:detail", args=[lokal.pk])).content.decode()
    assert 'data-testid="has-read"' in page


@time_machine.travel(dt.date(2026, 3, 1))
def test_meeting_registered_by_the_coordinator_shows_on_obligations(client, lokal, personas, org):
    client.force_login(personas["koordinator"])
    before = client.get(reverse("agreements:detail", args=[lokal.pk])).content.decode()
    assert "status-forfalt" in before
    client.post(
        reverse("agreements:fulfilment_add", args=[lokal.pk]),
        {"enhet": org["bergenhus"].pk, "kind": "listevask", "dato": "2026-02-20"},
    )
    assert Oppfyllelse.objects.filter(enhet=org["bergenhus"]).count() == 1


def test_case_page_shows_the_governing_agreement(client, lokal, personas, org):
    case = open_case(personas["veileder"])
    client.force_login(personas["veileder"])
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'data-testid="case-agreement"' in page
    assert lokal.navn in page


def test_suppression_is_one_rule():
    assert [suppress(n) for n in (None, 0, 1, 4, 5, 12)] == ["–", "0", "<5", "<5", "5", "12"]


def test_county_view_is_for_the_coordinator_and_shows_counts_only(client, lokal, personas, org):
    case = open_case(personas["veileder"])
    client.force_login(personas["koordinator"])
    page = client.get(reverse("agreements:county")).content.decode()
    assert lokal.navn in page and "NAV Bergenhus" in page
    assert case.youth.full_name not in page
    office = client.get(reverse("agreements:county_office", args=[org["bergenhus"].pk]))
    assert "&lt;5" in office.content.decode()
    assert case.youth.full_name not in office.content.decode()
    client.force_login(personas["veileder"])
    assert client.get(reverse("agreements:county")).status_code == 403


def test_koordinator_of_another_county_cannot_drill_into_an_office(client, org, other_county):
    client.force_login(other_county["koordinator"])
    url = reverse("agreements:county_office", args=[org["bergenhus"].pk])
    assert client.get(url).status_code == 404


def test_diff_page_highlights_weakened_wording_for_readers(client, lokal, personas):
    from agreements import services

    draft = services.versjon_revider(
        lokal, valid_from=dt.date(2027, 1, 1), valid_to=None, minor=False
    )
    klausul = draft.klausuler.get(type="listevask")
    services.klausul_endre(
        klausul, tekst="Partene bør gjennomføre listevask ved behov.", aldersgrense=None
    )
    client.force_login(personas["veileder"])
    unsigned = client.get(reverse("agreements:diff", args=[lokal.pk])).content.decode()
    assert "ved behov" not in unsigned  # readers never see a draft
    services.versjon_signer(draft, by=personas["koordinator"])
    page = client.get(reverse("agreements:diff", args=[lokal.pk])).content.decode()
    assert 'data-testid="weakened"' in page
    assert "<del>skal</del>" in page and "<ins>bør</ins>" in page


def test_seed_demo_creates_the_vestland_agreements_once(client):
    from agreements.diff import diff_versions
    from agreements.models import Samarbeidsavtale
    from nav_ot.demo import demo_seed

    demo_seed(youth=0)
    demo_seed(youth=0)
    avtaler = Samarbeidsavtale.objects.filter(fylke__kode="46")
    assert avtaler.filter(kind="fylke").count() == 1
    assert avtaler.filter(kind="lokal").count() == 3
    fylke = avtaler.get(kind="fylke")
    assert fylke.versjoner.filter(minor=True, status="aktiv").exists()
    bergenhus = avtaler.get(enheter__kode="1203")
    old, new = bergenhus.versjoner.order_by("nummer")
    assert any(c.svekket for c in diff_versions(old.klausuler.all(), new.klausuler.all()))
    client.force_login(User.objects.get(username="koordinator"))
    county = client.get(reverse("agreements:county"))
    assert county.status_code == 200 and "NAV Bergenhus" in county.content.decode()
    assert (
        "status-forfalt"
        in client.get(
            reverse("agreements:detail", args=[avtaler.get(enheter__kode="1210").pk])
        ).content.decode()
    )
    diff = client.get(reverse("agreements:diff", args=[bergenhus.pk])).content.decode()
    assert 'data-testid="weakened"' in diff


def test_an_obligation_on_a_signed_agreement_is_a_message_and_a_draft_can_be_deleted(
    client, personas, lokal
):
    client.force_login(personas["koordinator"])
    klausul = lokal.versjoner.get().klausuler.first()
    response = client.post(
        reverse("agreements:obligation_add", args=[lokal.pk]),
        {"klausul": klausul.pk, "beskrivelse": "Møte", "kind": "listevask", "rrule": "FREQ=YEARLY"},
        follow=True,
    )
    assert "Lag en revisjon først" in response.content.decode()
    client.post(reverse("agreements:revise", args=[lokal.pk]), {"valid_from": "2027-01-01"})
    assert lokal.versjoner.count() == 2
    client.post(reverse("agreements:draft_delete", args=[lokal.pk]))
    assert lokal.versjoner.count() == 1
