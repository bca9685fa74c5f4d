"""§14a vedtak: a saved draft is shown, changed and deleted; fatting needs a confirmation that
says it cannot be undone; the draft form starts from the latest behovsvurdering."""

import pytest
from django.urls import reverse

from cases.models import Behovsvurdering, CaseEvent, Vedtak14a
from cases.services import oppfolging
from tests.factories import today

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(nav_access):
    return oppfolging.vedtak_draft(
        access=nav_access,
        innsatsgruppe="SITUASJONSBESTEMT_INNSATS",
        hovedmal="SKAFFE_ARBEID",
        begrunnelse="Trenger tett oppfølging",
        kilder="Samtale",
    )


def draft_url(case, vedtak):
    return reverse("cases:vedtak_draft", kwargs={"pk": case.pk, "vedtak_id": vedtak.pk})


def test_a_draft_is_shown_and_linked(client, personas, shared_case, draft):
    client.force_login(personas["veileder"])
    overview = client.get(reverse("cases:vedtak", args=[shared_case.pk])).content.decode()
    assert draft_url(shared_case, draft) in overview
    page = client.get(draft_url(shared_case, draft)).content.decode()
    assert "Trenger tett oppfølging" in page and "Skaffe arbeid" in page


def test_a_draft_is_changed_and_the_change_recorded(client, personas, shared_case, draft):
    client.force_login(personas["veileder"])
    response = client.post(
        draft_url(shared_case, draft),
        {
            "handling": "endre",
            "innsatsgruppe": "SPESIELT_TILPASSET_INNSATS",
            "hovedmal": "OKE_DELTAKELSE",
            "begrunnelse": "Ny vurdering",
            "kilder": "",
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.innsatsgruppe, draft.hovedmal) == ("SPESIELT_TILPASSET_INNSATS", "OKE_DELTAKELSE")
    assert CaseEvent.objects.filter(case=shared_case, verb="vedtak_draft_changed").exists()


def test_a_draft_is_deleted_and_the_deletion_recorded(client, personas, shared_case, draft):
    client.force_login(personas["veileder"])
    response = client.post(draft_url(shared_case, draft), {"handling": "slett"})
    assert response.status_code == 302
    assert not Vedtak14a.objects.filter(pk=draft.pk).exists()
    assert CaseEvent.objects.filter(case=shared_case, verb="vedtak_draft_deleted").exists()


def test_a_fattet_vedtak_cannot_be_changed_or_deleted(
    client, personas, shared_case, draft, nav_access
):
    oppfolging.vedtak_fatte(access=nav_access, vedtak_id=draft.pk, vedtak_dato=today())
    client.force_login(personas["veileder"])
    assert client.post(draft_url(shared_case, draft), {"handling": "slett"}).status_code == 403
    assert Vedtak14a.objects.filter(pk=draft.pk, status="fattet").exists()


def test_fatting_needs_the_confirmation(client, personas, shared_case, draft):
    client.force_login(personas["veileder"])
    url = reverse("cases:vedtak", args=[shared_case.pk])
    data = {"handling": "fatte", "vedtak": draft.pk, "vedtak_dato": today().isoformat()}
    page = client.get(url).content.decode()
    assert "kan ikke endres eller slettes" in page
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Det kan ikke angres" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Vedtak14a.Status.UTKAST
    assert client.post(url, {**data, "bekreft": "on"}).status_code == 302
    draft.refresh_from_db()
    assert draft.status == Vedtak14a.Status.FATTET


def test_the_draft_form_starts_from_the_behovsvurdering(client, personas, shared_case, nav_access):
    Behovsvurdering.objects.create(
        case=shared_case,
        dato=today(),
        a_muligheter="a",
        b_mal="b",
        c_behov="c",
        d_arbeidsevne="d",
        e_bistand="e",
        utfall="SITUASJONSBESTEMT_INNSATS",
        hovedmal="BEHOLDE_ARBEID",
        created_by=personas["veileder"],
    )
    client.force_login(personas["veileder"])
    page = client.get(reverse("cases:vedtak", args=[shared_case.pk])).content.decode()
    assert 'value="SITUASJONSBESTEMT_INNSATS" selected' in page
    assert 'value="BEHOLDE_ARBEID" selected' in page


@pytest.mark.parametrize(
    "persona, expected",
    [
        ("veileder", 200),
        ("teamleder", 200),
        ("ot", 403),
        ("ot_teamleder", 403),
        ("other_office", 404),
        ("koordinator", 404),
        ("admin", 404),
    ],
)
def test_draft_page_permissions(client, personas, shared_case, draft, persona, expected):
    client.force_login(personas[persona])
    assert client.get(draft_url(shared_case, draft)).status_code == expected
