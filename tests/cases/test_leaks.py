"""Regression tests for what must not cross between NAV and OT, or survive a closed case."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from cases.access import case_access
from cases.models import AccessLog, CaseEvent
from cases.selectors import timeline_for, worklist_for
from cases.services import (
    ActionInput,
    case_assign,
    case_change_status,
    case_set_ot_status,
    contact_register,
    henvisning_decide,
    henvisning_send,
    note_add,
    samtykke_withdraw,
    trekantsamtale_cancel,
    trekantsamtale_plan,
    youth_register,
)
from tests.factories import give_samtykke, hold_meeting, open_case, today, years_ago

pytestmark = pytest.mark.django_db


def summaries(user, case):
    case.refresh_from_db()
    return " ".join(timeline_for(case_access(user, case)).values_list("summary", flat=True))


def test_owner_and_status_changes_stay_on_their_side_without_samtykke(
    shared_case, personas, nav_access
):
    case_assign(access=nav_access, owner=personas["team_veileder"], reason="Sykemeldt veileder")
    shared_case.refresh_from_db()
    case_change_status(
        access=case_access(personas["veileder"], shared_case), status="aktiv", reason="Startet"
    )
    assert "NAV-veileder" not in summaries(personas["ot"], shared_case)
    assert "Status" not in summaries(personas["ot"], shared_case)
    reasons = timeline_for(case_access(personas["ot"], shared_case)).values_list(
        "reason", flat=True
    )
    assert "Sykemeldt veileder" not in reasons
    assert "NAV-veileder" in summaries(personas["veileder"], shared_case)


def test_contact_notes_cross_only_with_a_samtykke_for_their_topic(
    shared_case, personas, nav_access
):
    give_samtykke(nav_access, categories=["skole"])
    access = case_access(personas["veileder"], shared_case)
    contact_register(
        access=access, kind="telefon", happened_at=timezone.now(), note="Innlagt", category="helse"
    )
    contact_register(
        access=access,
        kind="telefon",
        happened_at=timezone.now(),
        note="Søkt skole",
        category="skole",
    )
    seen = summaries(personas["ot"], shared_case)
    assert "Søkt skole" in seen and "Innlagt" not in seen


def test_nav_cannot_filter_or_sort_on_ot_status_without_samtykke(client, shared_case, personas):
    case_set_ot_status(
        access=case_access(personas["ot"], shared_case), ot_status="OTAR", reason="Jobb"
    )
    client.force_login(personas["veileder"])
    link = reverse("cases:detail", args=[shared_case.pk])
    assert link not in client.get(reverse("cases:list"), {"ot_status": "OTAR"}).content.decode()
    assert (
        link in client.get(reverse("cases:list"), {"sort": "ot_status"}).content.decode()
    )  # still listed
    give_samtykke(case_access(personas["veileder"], shared_case), categories=["skole"])
    assert link in client.get(reverse("cases:list"), {"ot_status": "OTAR"}).content.decode()


def test_duplicate_from_elsewhere_does_not_echo_the_stored_name(client, shared_case, personas):
    # A name no page text holds (a random surname such as "Berg" is in "NAV Bergenhus").
    shared_case.youth.last_name = "Stoltenbakken"
    shared_case.youth.save(update_fields=["last_name"])
    client.force_login(personas["other_office"])
    response = client.post(
        reverse("cases:register"),
        {
            "fnr": shared_case.youth.fnr,
            "first_name": "Gjett",
            "last_name": "Navn",
            "birth_date": "",
            "guardian_name": "",
            "guardian_phone": "",
        },
    )
    assert response.status_code == 409
    assert shared_case.youth.last_name not in response.content.decode()


def test_agreed_actions_stay_in_their_party_s_worklist_after_withdrawal(
    shared_case, personas, nav_access
):
    samtykke = give_samtykke(nav_access)
    access = case_access(personas["veileder"], shared_case)
    hold_meeting(access, [ActionInput("Ring skolen", "ot", today())])
    assert worklist_for(personas["ot"]).actions_due.count() == 1
    samtykke_withdraw(access=access, samtykke_id=samtykke.pk, reason="Trukket")
    assert worklist_for(personas["ot"]).actions_due.count() == 1


def test_same_name_and_birth_date_is_a_duplicate_when_one_has_no_number(personas):
    import random

    from cases.services import DuplicateYouth
    from nav_ot.identity import generate_fnr

    born = dt.date(2001, 4, 4)
    youth_register(
        actor=personas["veileder"], fnr=None, first_name="Per", last_name="Hansen", birth_date=born
    )
    with pytest.raises(DuplicateYouth):
        youth_register(
            actor=personas["other_office"],
            fnr=generate_fnr(born, random.Random(3)),
            first_name="per",
            last_name="HANSEN",
            birth_date=born,
        )


def test_two_numbers_are_two_people_even_with_the_same_name(personas):
    import random

    from nav_ot.identity import generate_fnr

    born = dt.date(2001, 4, 4)
    first, second = generate_fnr(born, random.Random(1)), generate_fnr(born, random.Random(2))
    assert first != second
    youth_register(
        actor=personas["veileder"], fnr=first, first_name="Per", last_name="Hansen", birth_date=born
    )
    youth_register(
        actor=personas["other_office"],
        fnr=second,
        first_name="Per",
        last_name="Hansen",
        birth_date=born,
    )


def test_first_meeting_held_records_the_status_change(shared_case, personas, nav_access):
    give_samtykke(nav_access)
    access = case_access(personas["veileder"], shared_case)
    hold_meeting(access, [])
    event = CaseEvent.objects.get(case=shared_case, verb="status_changed")
    assert event.reason == "Første trekantsamtale gjennomført"


def test_accepted_referral_replaces_the_owner_from_elsewhere_and_records_it(personas, org):
    case = open_case(personas["ot"])
    henvisning = henvisning_send(
        access=case_access(personas["ot"], case), to_unit=org["asane"], message=""
    )
    henvisning_decide(user=personas["other_office"], henvisning_id=henvisning.pk, accept=True)
    case.refresh_from_db()
    assert (case.nav_kontor, case.nav_veileder) == (org["asane"], personas["other_office"])
    assert CaseEvent.objects.filter(
        case=case, verb="owner_changed", reason="Henvisning akseptert"
    ).exists()


def test_closed_cases_take_no_new_writes_but_can_be_reopened(shared_case, personas, nav_access):
    case_change_status(access=nav_access, status="avsluttet", outcome="arbeid", reason="Fikk jobb")
    shared_case.refresh_from_db()
    access = case_access(personas["veileder"], shared_case)
    with pytest.raises(ValidationError, match="avsluttet"):
        note_add(access=access, text="x", visibility="nav", category="helse")
    with pytest.raises(ValidationError, match="avsluttet"):
        contact_register(access=access, kind="telefon", happened_at=timezone.now())
    case_change_status(access=access, status="aktiv", reason="Mistet jobben")
    shared_case.refresh_from_db()
    note_add(
        access=case_access(personas["veileder"], shared_case),
        text="x",
        visibility="nav",
        category="helse",
    )


def test_closed_case_note_form_says_why(client, shared_case, personas, nav_access):
    case_change_status(access=nav_access, status="avsluttet", outcome="arbeid", reason="Fikk jobb")
    client.force_login(personas["veileder"])
    response = client.post(
        reverse("cases:note_create", args=[shared_case.pk]),
        {"text": "x", "category": "helse", "visibility": "nav"},
    )
    assert response.status_code == 400 and "Gjenåpne" in response.content.decode()


def test_withdrawal_has_already_cancelled_a_planned_meeting(shared_case, personas, nav_access):
    samtykke = give_samtykke(nav_access)
    access = case_access(personas["veileder"], shared_case)
    meeting = trekantsamtale_plan(
        access=access, planned_at=timezone.now() + dt.timedelta(days=1), location="NAV"
    )
    samtykke_withdraw(access=access, samtykke_id=samtykke.pk, reason="Trukket")
    shared_case.refresh_from_db()
    with pytest.raises(ValidationError, match="Bare planlagte"):
        trekantsamtale_cancel(
            access=case_access(personas["ot"], shared_case), meeting_id=meeting.pk, reason="x"
        )


def test_ids_from_another_case_are_404(shared_case, personas, nav_access, org):
    other = open_case(personas["veileder"])
    other_samtykke = give_samtykke(case_access(personas["veileder"], other))
    with pytest.raises(Http404):
        samtykke_withdraw(access=nav_access, samtykke_id=other_samtykke.pk, reason="x")


def test_reading_a_referral_is_logged(client, personas, org):
    case = open_case(personas["ot"])
    henvisning = henvisning_send(
        access=case_access(personas["ot"], case), to_unit=org["bergenhus"], message="Hjelp"
    )
    client.force_login(personas["veileder"])
    assert client.get(reverse("cases:referral_decide", args=[henvisning.pk])).status_code == 200
    assert AccessLog.objects.filter(user=personas["veileder"], case=case).exists()
    client.force_login(personas["other_office"])
    assert client.get(reverse("cases:referral_decide", args=[henvisning.pk])).status_code == 404


@pytest.mark.parametrize("side", ["0", "abc", "999", "-1"])
def test_any_page_number_shows_a_page(client, shared_case, personas, side):
    client.force_login(personas["veileder"])
    response = client.get(reverse("cases:list"), {"side": side})
    assert response.status_code == 200
    assert reverse("cases:detail", args=[shared_case.pk]) in response.content.decode()


def test_withdrawing_the_last_samtykke_cancels_planned_meetings(shared_case, personas, nav_access):
    samtykke = give_samtykke(nav_access)
    access = case_access(personas["veileder"], shared_case)
    meeting = trekantsamtale_plan(
        access=access, planned_at=timezone.now() + dt.timedelta(days=1), location="NAV"
    )
    samtykke_withdraw(access=access, samtykke_id=samtykke.pk, reason="Trukket")
    meeting.refresh_from_db()
    assert meeting.status == "avlyst"
    assert worklist_for(personas["veileder"]).meetings_today.count() == 0


def test_an_action_row_without_description_is_an_error_not_dropped(
    client, shared_case, personas, nav_access
):
    give_samtykke(nav_access)
    access = case_access(personas["veileder"], shared_case)
    meeting = trekantsamtale_plan(
        access=access, planned_at=timezone.now() + dt.timedelta(days=1), location="NAV"
    )
    client.force_login(personas["veileder"])
    data = {
        "held_on": today().isoformat(),
        "referat": "Ok",
        "tiltak-TOTAL_FORMS": "1",
        "tiltak-INITIAL_FORMS": "0",
        "tiltak-0-description": "",
        "tiltak-0-responsible": "ot",
        "tiltak-0-due_date": today().isoformat(),
    }
    response = client.post(reverse("cases:meeting", args=[shared_case.pk, meeting.pk]), data)
    assert response.status_code == 400
    assert "Beskriv hva som er avtalt" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == "planlagt"


@pytest.mark.parametrize("years", [8, 50])
def test_birth_dates_far_outside_the_target_group_are_refused(client, personas, years):
    from cases.models import Youth

    client.force_login(personas["veileder"])
    response = client.post(
        reverse("cases:register"),
        {
            "fnr": "",
            "birth_date": years_ago(years).isoformat(),
            "first_name": "A",
            "last_name": "B",
            "guardian_name": "Foresatt",
            "guardian_phone": "",
        },
    )
    assert response.status_code == 400 and "sjekk fødselsdatoen" in response.content.decode()
    assert not Youth.objects.exists()


def test_meeting_years_ahead_is_refused(shared_case, personas, nav_access):
    give_samtykke(nav_access)
    access = case_access(personas["veileder"], shared_case)
    with pytest.raises(ValidationError, match="ett år"):
        trekantsamtale_plan(
            access=access, planned_at=timezone.now() + dt.timedelta(days=800), location="NAV"
        )


def test_forbidden_page_says_why(client, shared_case, personas):
    client.force_login(personas["veileder"])
    response = client.get(reverse("cases:ot_status", args=[shared_case.pk]))
    assert response.status_code == 403 and "Bare OT kan endre dette." in response.content.decode()


def test_same_name_and_birth_date_without_numbers_is_a_duplicate(personas):
    from cases.services import DuplicateYouth

    born = dt.date(2001, 4, 4)
    youth_register(
        actor=personas["veileder"],
        fnr=None,
        first_name="Sara",
        last_name="Seksten",
        birth_date=born,
    )
    with pytest.raises(DuplicateYouth):
        youth_register(
            actor=personas["ot"],
            fnr=None,
            first_name=" sara",
            last_name="seksten ",
            birth_date=born,
        )
