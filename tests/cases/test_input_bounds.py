"""Junk input is a form error or a 400 with a message: never a server error (issue #9 §4, #8 §4)."""

import pytest
from axes.models import AccessAttempt
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.access import case_access
from cases.forms import NoteForm
from cases.models import AgreedAction, Aktivitet, Contact, Vedtak14a
from cases.services import aktivitet_add, case_change_status, oppfolging
from tests.factories import breached_frist, give_samtykke, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def client500():
    return Client(raise_request_exception=False)


@pytest.fixture
def veileder(client500, personas):
    client500.force_login(personas["veileder"])
    return client500


@pytest.mark.parametrize(
    "text, message",
    [
        ("a\x00b", "Null"),
        ("a\x01b", "kontrolltegn"),
        ("x" * 10_001, "10000"),
    ],
)
def test_every_text_field_rejects_control_characters_and_overlong_text(nav_access, text, message):
    form = NoteForm({"text": text, "category": "skole", "visibility": "nav"}, access=nav_access)
    assert not form.is_valid()
    assert message in str(form.errors["text"])


@pytest.mark.parametrize("username", ["x" * 10_000, "veil\x00eder", "V" * 151])
def test_login_rejects_junk_usernames_before_axes_records_them(client500, personas, username):
    response = client500.post(
        reverse("login"), {"username": username, "password": "riktig-passord-123"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["username"]
    assert not AccessAttempt.objects.exists()


def test_login_still_counts_real_failures(client500, personas):
    response = client500.post(reverse("login"), {"username": "veileder", "password": "feil"})
    assert response.status_code == 200
    assert AccessAttempt.objects.filter(username="veileder").exists()


@pytest.mark.parametrize("vedtak", [None, "", "abc", "1" * 40, "²"])
@pytest.mark.parametrize("handling", ["beslutter", "fatte"])
def test_vedtak_actions_without_a_valid_vedtak_id_are_bad_requests(
    veileder, shared_case, handling, vedtak
):
    data = {"handling": handling, "bekreft": "on", "vedtak_dato": today().isoformat()}
    if vedtak is not None:
        data["vedtak"] = vedtak
    response = veileder.post(reverse("cases:vedtak", args=[shared_case.pk]), data)
    assert response.status_code == 400
    assert "Mangler eller ugyldig vedtak" in response.content.decode()


@pytest.fixture
def aktivitet(shared_case, nav_access):
    give_samtykke(nav_access)
    access = case_access(nav_access.user, shared_case)
    return aktivitet_add(
        access=access,
        type="egen",
        tittel="Søke jobb",
        status="PLANLAGT",
        avtalt_med_nav=False,
        fra_dato=None,
        til_dato=None,
    )


def test_aktivitet_status_without_aktivitet_is_a_bad_request(veileder, shared_case, aktivitet):
    url = reverse("cases:aktivitetsplan", args=[shared_case.pk])
    response = veileder.post(url, {"handling": "status", "status": "FULLFORT"})
    assert response.status_code == 400
    assert "Mangler eller ugyldig aktivitet" in response.content.decode()


def test_invalid_aktivitet_status_is_a_message_not_a_crash(veileder, shared_case, aktivitet):
    url = reverse("cases:aktivitetsplan", args=[shared_case.pk])
    response = veileder.post(
        url, {"handling": "status", "aktivitet": aktivitet.pk, "status": "TULL"}
    )
    assert response.status_code == 400
    assert "ikke et gyldig valg" in response.content.decode()
    aktivitet.refresh_from_db()
    assert aktivitet.status == "PLANLAGT"


@pytest.fixture
def breached(personas, org, guarantee_rules):
    return breached_frist(personas["veileder"], org["bergenhus"])


@pytest.mark.parametrize(
    "url, field", [("cases:frist_sign_off", "comment"), ("cases:frist_pause", "reason")]
)
def test_nul_in_a_frist_comment_is_a_message(client500, personas, breached, url, field):
    client500.force_login(personas["teamleder"])
    response = client500.post(
        reverse(url, args=[breached.pk]), {field: "kvittert\x00ut"}, follow=True
    )
    assert response.status_code == 200
    assert "Null" in response.content.decode()
    breached.refresh_from_db()
    assert breached.signed_off_at is None and breached.paused_from is None


def _contact(client, case, happened_at):
    return client.post(
        reverse("cases:contact_create", args=[case.pk]),
        {"kind": "telefon", "happened_at": happened_at, "category": "arbeid_tiltak", "note": ""},
    )


@pytest.mark.parametrize(
    "happened_at, message",
    [
        ("0001-01-01T00:00", "før 01.01.1900"),
        ("1999-12-31T12:00", "før 2000"),
        ("9999-12-31T12:00", "år fram i tid"),
    ],
)
def test_contact_dates_out_of_range_are_form_errors(veileder, shared_case, happened_at, message):
    response = _contact(veileder, shared_case, happened_at)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Contact.objects.exists()


def test_a_year_one_contact_can_no_longer_be_stored(shared_case, personas):
    """A year-1 contact was stored as a BC timestamp, which crashed every page that read the case;
    0015 repaired the stored ones (against the schema of its day, with one mixed last contact),
    and a constraint keeps them out."""
    contact = Contact.objects.create(
        case=shared_case,
        kind="telefon",
        happened_at=timezone.now(),
        agency="nav",
        registered_by=personas["veileder"],
    )
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cases_contact SET happened_at = '0001-12-31 23:00:00+00 BC' WHERE id = %s",
            [contact.pk],
        )


@pytest.mark.parametrize(
    "vedtak_dato, message",
    [("0001-01-01", "før 01.01.1900"), ("1990-01-01", "før ungdommen ble født")],
)
def test_vedtak_dato_has_a_sane_range(veileder, shared_case, nav_access, vedtak_dato, message):
    vedtak = oppfolging.vedtak_draft(
        access=nav_access, innsatsgruppe="STANDARD_INNSATS", hovedmal="", begrunnelse="", kilder=""
    )
    response = veileder.post(
        reverse("cases:vedtak", args=[shared_case.pk]),
        {"handling": "fatte", "bekreft": "on", "vedtak": vedtak.pk, "vedtak_dato": vedtak_dato},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    vedtak.refresh_from_db()
    assert vedtak.status == Vedtak14a.Status.UTKAST


def test_a_service_error_no_form_catches_is_a_400_with_its_message(
    veileder, shared_case, nav_access, personas
):
    action = AgreedAction.objects.create(
        case=shared_case, description="Ringe skolen", responsible="nav", due_date=today()
    )
    give_samtykke(nav_access)
    case_change_status(
        access=case_access(personas["veileder"], shared_case),
        status="avsluttet",
        outcome="arbeid",
        reason="Ferdig",
    )
    response = veileder.post(reverse("cases:action_done", args=[shared_case.pk, action.pk]))
    assert response.status_code == 400
    assert "Dere har avsluttet oppfølgingen" in response.content.decode()


def test_aktivitet_status_still_changes(veileder, shared_case, aktivitet):
    url = reverse("cases:aktivitetsplan", args=[shared_case.pk])
    response = veileder.post(
        url, {"handling": "status", "aktivitet": aktivitet.pk, "status": "FULLFORT"}
    )
    assert response.status_code == 302
    assert Aktivitet.objects.get(pk=aktivitet.pk).status == "FULLFORT"


def test_a_next_that_is_not_a_path_falls_back_to_the_default(veileder):
    response = veileder.post(reverse("cases:bulk_assign"), {"next": "0"})
    assert response.status_code == 302
    assert response.url == reverse("cases:list")
