import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.utils import timezone

from cases.access import case_access
from cases.models import AgreedAction, Case, CaseEvent, Samtykke, Task, Trekantsamtale, Youth
from cases.services import (
    ActionInput,
    DuplicateYouth,
    action_complete,
    case_assign,
    case_change_status,
    case_set_ot_status,
    cases_bulk_assign,
    contact_register,
    henvisning_decide,
    henvisning_send,
    inform_ot_acknowledge,
    samtykke_record,
    trekantsamtale_hold,
    trekantsamtale_plan,
    youth_register,
)
from tests.factories import give_samtykke, hold_meeting, today, years_ago

pytestmark = pytest.mark.django_db


def register(actor, **kwargs):
    data = {
        "fnr": None,
        "first_name": "Ola",
        "last_name": "Nordmann",
        "birth_date": dt.date(2004, 5, 17),
    }
    data.update(kwargs)
    return youth_register(actor=actor, **data)


def test_nav_registration_opens_case_on_nav_side(personas, org):
    case = register(personas["veileder"])
    assert case.nav_kontor == org["bergenhus"]
    assert case.nav_veileder == personas["veileder"]
    assert case.status == "ny"
    assert CaseEvent.objects.filter(case=case, verb="opened").exists()


def test_team_member_registers_on_the_office(personas, org):
    case = register(personas["team_veileder"])
    assert case.nav_kontor == org["bergenhus"]


def test_ot_registration_opens_case_on_ot_side(personas, org):
    case = register(personas["ot"])
    assert (case.ot_enhet, case.ot_kontakt, case.nav_kontor) == (
        org["ot_bergen"],
        personas["ot"],
        None,
    )
    assert not Task.objects.filter(case=case).exists()


def test_nav_registering_a_youth_under_ot_age_limit_creates_inform_ot_task(personas, org, settings):
    settings.OT_AGE_LIMIT = 24
    young = register(personas["veileder"], birth_date=years_ago(20))
    task = Task.objects.get(case=young, kind="informer_ot")
    assert task.owner_unit == org["ot_bergen"]
    young.refresh_from_db()
    assert young.ot_enhet == org["ot_bergen"]  # OT sees the youth in its own list
    older = register(personas["veileder"], first_name="Kari", birth_date=years_ago(26))
    assert not Task.objects.filter(case=older).exists()


def test_age_limit_is_configurable(personas, settings):
    settings.OT_AGE_LIMIT = 21
    case = register(personas["veileder"], birth_date=years_ago(22))
    assert not Task.objects.filter(case=case).exists()


def test_ot_acknowledges_inform_task(personas):
    case = register(personas["veileder"], birth_date=years_ago(19))
    with pytest.raises(PermissionDenied):
        inform_ot_acknowledge(access=case_access(personas["veileder"], case))
    assert inform_ot_acknowledge(access=case_access(personas["ot"], case)) == 1
    assert Task.objects.get(case=case).done_at is not None
    assert inform_ot_acknowledge(access=case_access(personas["ot"], case)) == 0


def test_duplicate_registration_offers_the_existing_case(personas):
    import random

    from nav_ot.identity import generate_fnr

    fnr = generate_fnr(dt.date(2003, 3, 3), random.Random(1))
    first = register(personas["veileder"], fnr=fnr, birth_date=dt.date(2003, 3, 3))
    with pytest.raises(DuplicateYouth) as excinfo:
        register(
            personas["other_office"], fnr=fnr, birth_date=dt.date(2003, 3, 3), first_name="Annet"
        )
    assert excinfo.value.case == first
    assert Youth.objects.count() == 1


def test_duplicate_without_number_matches_name_and_birth_date(personas):
    register(personas["veileder"])
    with pytest.raises(DuplicateYouth):
        register(personas["ot"], first_name="OLA", last_name=" nordmann ")


def test_future_birth_date_is_refused(personas):
    with pytest.raises(ValidationError, match="fram i tid"):
        register(personas["veileder"], birth_date=today() + dt.timedelta(days=1))
    assert not Youth.objects.exists()


def test_minor_needs_a_guardian(personas):
    with pytest.raises(ValidationError, match="foresatt"):
        register(personas["veileder"], birth_date=years_ago(16))
    assert not Youth.objects.exists()  # nothing saved half-way
    case = register(
        personas["veileder"],
        birth_date=years_ago(16),
        guardian_name="Mor Nordmann",
    )
    assert case.guardian_name == "Mor Nordmann"


def test_one_open_case_per_youth_in_the_database(shared_case):
    with pytest.raises(IntegrityError):
        Case.objects.create(youth=shared_case.youth, nav_kontor=shared_case.nav_kontor)


def test_status_transitions_need_reason_and_outcome(shared_case, nav_access, personas):
    with pytest.raises(ValidationError, match="begrunnelse"):
        case_change_status(access=nav_access, status="aktiv", reason=" ")
    case_change_status(access=nav_access, status="aktiv", reason="Første samtale holdt")
    with pytest.raises(ValidationError, match="Velg hvordan"):
        case_change_status(access=nav_access, status="avsluttet", reason="Ferdig")
    case = case_change_status(
        access=nav_access, status="avsluttet", outcome="arbeid", reason="Fikk jobb"
    )
    # NAV ended its side; OT still follows, so the case stays open.
    assert (case.status, case.outcome, case.closed_on) == ("aktiv", "", None)
    with pytest.raises(ValidationError, match="følger ikke opp"):
        case_change_status(access=nav_access, status="avsluttet", outcome="arbeid", reason="igjen")
    ot = case_access(personas["ot"], case)
    case = case_change_status(
        access=ot, status="avsluttet", outcome="skole", reason="Startet på vgs"
    )
    assert (case.status, case.outcome, case.closed_on) == ("avsluttet", "skole", today())
    events = list(
        CaseEvent.objects.filter(case=shared_case, verb="periode_ended").values_list(
            "reason", flat=True
        )
    )
    assert sorted(events) == ["Fikk jobb", "Startet på vgs"]


def test_ot_status_only_by_ot_and_with_reason(shared_case, personas, nav_access):
    with pytest.raises(PermissionDenied):
        case_set_ot_status(access=nav_access, ot_status="OTAP", reason="x")
    ot = case_access(personas["ot"], shared_case)
    with pytest.raises(ValidationError):
        case_set_ot_status(access=ot, ot_status="OTAP", reason="")
    case_set_ot_status(access=ot, ot_status="OTAP", reason="Startet arbeidstrening")
    event = CaseEvent.objects.get(case=shared_case, verb="ot_status_changed")
    assert (event.reason, event.category, event.agency) == ("Startet arbeidstrening", "skole", "ot")


def test_assign_only_within_own_office_and_marks_new(shared_case, personas, nav_access):
    with pytest.raises(ValidationError):
        case_assign(access=nav_access, owner=personas["other_office"], reason="feil kontor")
    with pytest.raises(ValidationError):
        case_assign(access=nav_access, owner=personas["ot"], reason="feil etat")
    case = case_assign(access=nav_access, owner=personas["team_veileder"], reason="Ny fordeling")
    assert case.nav_veileder == personas["team_veileder"] and case.new_for_nav_veileder


def test_bulk_assign_skips_cases_the_user_cannot_see(personas, org, shared_case):
    from tests.factories import open_case

    elsewhere = open_case(personas["other_office"])
    result = cases_bulk_assign(
        user=personas["teamleder"],
        case_ids=[shared_case.pk, elsewhere.pk],
        owner=personas["team_veileder"],
        reason="Fordeling",
    )
    assert result.changed == 1
    elsewhere.refresh_from_db()
    assert elsewhere.nav_veileder == personas["other_office"]


def test_samtykke_expiry_before_start_is_refused_and_nothing_saved(nav_access):
    with pytest.raises(ValidationError, match="Utløpsdatoen"):
        samtykke_record(
            access=nav_access,
            given_by="ungdom",
            categories=["skole"],
            valid_from=today(),
            valid_to=today() - dt.timedelta(days=1),
        )
    with pytest.raises(ValidationError, match="minst ett tema"):
        samtykke_record(
            access=nav_access, given_by="ungdom", categories=[], valid_from=today(), valid_to=None
        )
    assert not Samtykke.objects.exists()


def test_trekantsamtale_needs_samtykke_and_a_future_time(shared_case, personas, nav_access):
    later = timezone.now() + dt.timedelta(days=3)
    with pytest.raises(ValidationError, match="samtykke"):
        trekantsamtale_plan(access=nav_access, planned_at=later, location="NAV Bergenhus")
    give_samtykke(nav_access)
    access = case_access(personas["veileder"], shared_case)
    with pytest.raises(ValidationError, match="allerede vært"):
        trekantsamtale_plan(
            access=access, planned_at=timezone.now() - dt.timedelta(hours=1), location="NAV"
        )
    meeting = trekantsamtale_plan(
        access=access, planned_at=later, location="NAV Bergenhus", preparation="Snakk om skole"
    )
    assert meeting.status == "planlagt"


def test_holding_a_trekantsamtale_creates_actions_for_each_party(shared_case, personas, nav_access):
    give_samtykke(nav_access)
    access = case_access(personas["veileder"], shared_case)
    meeting = trekantsamtale_plan(
        access=access, planned_at=timezone.now() + dt.timedelta(hours=1), location="Skolen"
    )
    ot = case_access(personas["ot"], shared_case)
    trekantsamtale_hold(
        access=ot,
        meeting_id=meeting.pk,
        held_on=today(),
        referat="Ola vil prøve arbeidstrening.",
        actions=[
            ActionInput("Søke arbeidstrening", "nav", today() + dt.timedelta(days=14)),
            ActionInput("Kontakte skolen om opptak", "ot", today() + dt.timedelta(days=7)),
            ActionInput("Møte opp på NAV", "ungdom", today() + dt.timedelta(days=3)),
        ],
        next_planned_at=timezone.now() + dt.timedelta(days=30),
    )
    meeting.refresh_from_db()
    assert meeting.status == "gjennomfort" and meeting.next_meeting is not None
    by_party = {
        a.responsible: a.responsible_user for a in AgreedAction.objects.filter(case=shared_case)
    }
    assert by_party == {"nav": personas["veileder"], "ot": personas["ot"], "ungdom": None}
    shared_case.refresh_from_db()
    assert shared_case.status == "aktiv"
    assert shared_case.nav_last_contact_at and shared_case.ot_last_contact_at  # both met them


def test_meeting_referat_required_and_held_once(shared_case, personas, nav_access):
    give_samtykke(nav_access)
    access = case_access(personas["veileder"], shared_case)
    meeting = trekantsamtale_plan(
        access=access, planned_at=timezone.now() + dt.timedelta(hours=1), location="NAV"
    )
    with pytest.raises(ValidationError, match="referat"):
        trekantsamtale_hold(
            access=access, meeting_id=meeting.pk, held_on=today(), referat="", actions=[]
        )
    assert Trekantsamtale.objects.get(pk=meeting.pk).status == "planlagt"
    trekantsamtale_hold(
        access=access, meeting_id=meeting.pk, held_on=today(), referat="Ok", actions=[]
    )
    with pytest.raises(ValidationError, match="allerede"):
        trekantsamtale_hold(
            access=access, meeting_id=meeting.pk, held_on=today(), referat="Igjen", actions=[]
        )


def test_action_complete_is_idempotent(shared_case, personas, nav_access):
    give_samtykke(nav_access)
    access = case_access(personas["veileder"], shared_case)
    hold_meeting(access, [ActionInput("Ring skolen", "ot", today())])
    action = AgreedAction.objects.get()
    action_complete(access=access, action_id=action.pk)
    action_complete(access=access, action_id=action.pk)
    assert CaseEvent.objects.filter(verb="action_done").count() == 1


def test_contact_updates_last_contact_but_no_show_does_not(shared_case, nav_access):
    contact_register(access=nav_access, kind="ikke_mott", happened_at=timezone.now())
    shared_case.refresh_from_db()
    assert shared_case.nav_last_contact_at is None
    contact_register(access=nav_access, kind="telefon", happened_at=timezone.now(), note="Ringte")
    shared_case.refresh_from_db()
    assert shared_case.nav_last_contact_at is not None
    assert shared_case.ot_last_contact_at is None  # NAV's call is not OT's contact
    with pytest.raises(ValidationError):
        contact_register(
            access=nav_access, kind="telefon", happened_at=timezone.now() + dt.timedelta(days=1)
        )


def test_referral_ot_to_nav_accepted_makes_nav_owner(personas, org):
    case = register(personas["ot"])
    ot = case_access(personas["ot"], case)
    with pytest.raises(ValidationError):
        henvisning_send(access=ot, to_unit=org["ot_bergen"], message="feil retning")
    henvisning = henvisning_send(
        access=ot, to_unit=org["bergenhus"], message="Trenger arbeidsrettet oppfølging"
    )
    from django.http import Http404

    with pytest.raises(Http404):  # another office cannot answer it
        henvisning_decide(user=personas["other_office"], henvisning_id=henvisning.pk, accept=True)
    with pytest.raises(ValidationError):
        henvisning_decide(
            user=personas["veileder"], henvisning_id=henvisning.pk, accept=False, reason=""
        )
    henvisning_decide(user=personas["veileder"], henvisning_id=henvisning.pk, accept=True)
    case.refresh_from_db()
    assert (case.nav_kontor, case.nav_veileder) == (org["bergenhus"], personas["veileder"])


def test_referral_rejected_with_reason(personas, org):
    case = register(personas["ot"])
    henvisning = henvisning_send(
        access=case_access(personas["ot"], case), to_unit=org["bergenhus"], message=""
    )
    henvisning_decide(
        user=personas["veileder"], henvisning_id=henvisning.pk, accept=False, reason="Bor i Åsane"
    )
    henvisning.refresh_from_db()
    case.refresh_from_db()
    assert henvisning.status == "avvist" and case.nav_kontor is None


def test_open_actions_follow_the_case_to_a_new_owner(shared_case, personas, nav_access):
    give_samtykke(nav_access)
    access = case_access(personas["veileder"], shared_case)
    hold_meeting(
        access,
        [
            ActionInput("Søke tiltak", "nav", today()),
            ActionInput("Ring skolen", "ot", today()),
        ],
    )
    case_assign(access=access, owner=personas["team_veileder"], reason="Ny veileder")
    owners = dict(AgreedAction.objects.values_list("description", "responsible_user"))
    assert owners == {"Søke tiltak": personas["team_veileder"].pk, "Ring skolen": personas["ot"].pk}


def _d_nummer(fnr: str) -> str:
    from stdnum.no import fodselsnummer

    base = str(int(fnr[0]) + 4) + fnr[1:9]
    check1 = fodselsnummer.calc_check_digit1(base)
    return base + check1 + fodselsnummer.calc_check_digit2(base + check1)


def test_d_nummer_is_accepted_with_its_birth_date(client, personas):
    import random

    from django.urls import reverse

    from nav_ot.identity import generate_fnr

    for seed in range(50):  # some bases give a check digit of 10; find one that does not
        d = _d_nummer(generate_fnr(dt.date(2002, 1, 15), random.Random(seed)))
        if len(d) == 11:
            break
    client.force_login(personas["veileder"])
    response = client.post(
        reverse("cases:register"), {"fnr": d, "first_name": "Ali", "last_name": "Hassan"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Youth.objects.get(fnr=d).birth_date == dt.date(2002, 1, 15)


def test_youth_data_is_not_in_django_admin(client, personas):
    client.force_login(personas["admin"])
    assert client.get("/admin/cases/youth/").status_code == 404
    assert client.get("/admin/cases/case/").status_code == 404
