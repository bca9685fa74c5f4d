"""What crosses between NAV and OT: sorting and filtering on the other side's data, each side's
own last contact, the guardian, timeline categories and what withdrawal leaves each side."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.access import case_access
from cases.models import Case
from cases.selectors import worklist_for
from cases.services import case_set_ot_status, contact_register, youth_register
from tests.factories import YouthFactory, give_samtykke, open_case, years_ago

pytestmark = pytest.mark.django_db
OSLO = ZoneInfo("Europe/Oslo")


def _page(client, user, url, params=None):
    client.force_login(user)
    return client.get(url, params or {}).content.decode()


@pytest.fixture
def two_cases(personas, org):
    """Two cases of the same age: the first created has the lower OT status code."""
    cases = []
    for code in ("OTAP", "OTOV"):
        case = open_case(
            personas["veileder"],
            youth=YouthFactory(birth_date=years_ago(22)),
            ot_enhet=org["ot_bergen"],
        )
        case_set_ot_status(access=case_access(personas["ot"], case), ot_status=code, reason="x")
        cases.append(case)
    return cases


def _order(content, cases):
    return sorted(cases, key=lambda c: content.index(reverse("cases:detail", args=[c.pk])))


@pytest.mark.parametrize("sort", ["ot_status,navn", "-alder,ot_status"])
def test_nav_list_is_never_ordered_by_ot_status_without_samtykke(client, personas, two_cases, sort):
    first, second = two_cases
    content = _page(client, personas["veileder"], reverse("cases:list"), {"sort": sort})
    assert _order(content, two_cases) == [second, first]  # the default: newest first
    content = _page(client, personas["ot"], reverse("cases:list"), {"sort": sort})
    assert _order(content, two_cases) == [first, second]  # OT's own data: sorted


def test_nav_list_is_not_ordered_by_ot_s_last_contact(client, personas, two_cases):
    first, second = two_cases
    contact_register(
        access=case_access(personas["ot"], second), kind="telefon", happened_at=timezone.now()
    )
    for sort in ("ot_last_contact_at", "-ot_last_contact_at,navn"):
        content = _page(client, personas["veileder"], reverse("cases:list"), {"sort": sort})
        assert _order(content, two_cases) == [second, first]
        content = _page(client, personas["veileder"], reverse("cases:list"), {"sort": "-" + sort})
        assert _order(content, two_cases) == [second, first]


def test_each_side_sees_its_own_last_contact_on_the_list(client, personas, org):
    case = open_case(personas["veileder"], ot_enhet=org["ot_bergen"])
    when = dt.datetime(2026, 3, 5, 12, 0, tzinfo=OSLO)
    contact_register(access=case_access(personas["veileder"], case), kind="sms", happened_at=when)
    assert "05.03.2026" in _page(client, personas["veileder"], reverse("cases:list"))
    assert "05.03.2026" not in _page(client, personas["ot"], reverse("cases:list"))


def test_the_other_side_s_contact_does_not_clear_no_contact_in_mine_saker(personas, org):
    case = open_case(personas["veileder"], ot_enhet=org["ot_bergen"])
    case.ot_kontakt = personas["ot"]
    case.save()
    Case.objects.filter(pk=case.pk).update(created_at=timezone.now() - dt.timedelta(days=60))
    contact_register(
        access=case_access(personas["ot"], case), kind="telefon", happened_at=timezone.now()
    )
    assert case in worklist_for(personas["veileder"]).no_contact
    assert case not in worklist_for(personas["ot"]).no_contact


def test_case_page_shows_the_other_side_s_last_contact_only_with_samtykke(client, personas, org):
    case = open_case(personas["veileder"], ot_enhet=org["ot_bergen"])
    when = dt.datetime(2026, 3, 5, 12, 0, tzinfo=OSLO)
    contact_register(access=case_access(personas["veileder"], case), kind="sms", happened_at=when)
    url = reverse("cases:detail", args=[case.pk])
    assert "05.03.2026" in _page(client, personas["veileder"], url)
    assert "05.03.2026" in _page(client, personas["teamleder"], url)
    assert "05.03.2026" not in _page(client, personas["ot"], url)
    give_samtykke(case_access(personas["veileder"], case), categories=["helse"])
    assert "05.03.2026" in _page(client, personas["ot"], url)


def _minor_with_guardian(personas, org):
    return youth_register(
        actor=personas["veileder"],
        fnr=None,
        first_name="Ola",
        last_name="Liten",
        birth_date=years_ago(16),
        ot_enhet=org["ot_bergen"],
        guardian_name="Kari Foresatt",
        guardian_phone="99887766",
    )


def test_nav_s_guardian_details_reach_ot_only_with_samtykke_for_family(client, personas, org):
    case = _minor_with_guardian(personas, org)
    url = reverse("cases:detail", args=[case.pk])
    assert "Kari Foresatt" in _page(client, personas["veileder"], url)
    assert "Kari Foresatt" in _page(client, personas["teamleder"], url)
    content = _page(client, personas["ot"], url)
    assert "Kari Foresatt" not in content and "99887766" not in content
    give_samtykke(case_access(personas["veileder"], case), categories=["skole", "arbeid_tiltak"])
    assert "Kari Foresatt" not in _page(client, personas["ot"], url)
    give_samtykke(case_access(personas["veileder"], case), categories=["familie"])
    assert "Kari Foresatt" in _page(client, personas["ot"], url)


@pytest.mark.parametrize("persona", ["other_office", "koordinator", "admin"])
def test_outsiders_get_404_on_the_case_page(client, personas, org, persona):
    case = _minor_with_guardian(personas, org)
    client.force_login(personas[persona])
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404


# Timeline entries: every shared one has a category.


def _timeline(user, case):
    from cases.selectors import timeline_for

    case.refresh_from_db()
    events = timeline_for(case_access(user, case))
    return " ".join(f"{e.summary} {e.reason}" for e in events)


def test_nav_s_uncategorised_entries_do_not_cross_on_a_samtykke_for_health_only(
    shared_case, personas, nav_access
):
    from cases.services import (
        ActionInput,
        action_complete,
        case_assign,
        case_change_status,
        trekantsamtale_cancel,
        trekantsamtale_plan,
    )
    from tests.factories import hold_meeting, today

    give_samtykke(nav_access, categories=["helse"])
    access = case_access(personas["veileder"], shared_case)
    case_change_status(access=access, status="aktiv", reason="Begynt i behandling")
    case_assign(access=access, owner=personas["team_veileder"], reason="Veileder sykemeldt")
    shared_case.refresh_from_db()
    access = case_access(personas["veileder"], shared_case)
    hold_meeting(access, [ActionInput("Søke jobb hos Rema", "nav", today())])
    action_complete(access=access, action_id=shared_case.actions.get().pk)
    meeting = trekantsamtale_plan(
        access=access, planned_at=timezone.now() + dt.timedelta(days=2), location="NAV"
    )
    trekantsamtale_cancel(access=access, meeting_id=meeting.pk, reason="Innlagt på sykehus")
    secrets = ["Begynt i behandling", "Veileder sykemeldt", "Utført: Søke", "Innlagt på sykehus"]
    seen = _timeline(personas["ot"], shared_case)
    assert not [s for s in secrets if s in seen]
    assert all(s in _timeline(personas["veileder"], shared_case) for s in secrets)
    give_samtykke(access, categories=["arbeid_tiltak"])
    seen = _timeline(personas["ot"], shared_case)
    assert all(s in seen for s in secrets)


def test_a_referral_decision_reason_crosses_only_under_the_decider_s_category(personas, org):
    from cases.services import henvisning_decide, henvisning_send

    case = open_case(personas["ot"])
    give_samtykke(case_access(personas["ot"], case), categories=["helse"])
    henvisning = henvisning_send(
        access=case_access(personas["ot"], case), to_unit=org["bergenhus"], message="Trenger jobb"
    )
    henvisning_decide(
        user=personas["veileder"], henvisning_id=henvisning.pk, accept=True, reason="Har AAP"
    )
    assert "Har AAP" in _timeline(personas["veileder"], case)
    assert "Har AAP" not in _timeline(personas["ot"], case)


def test_the_reason_for_a_withdrawal_reaches_the_other_side_only_under_family(
    client, shared_case, personas, nav_access
):
    from cases.services import samtykke_withdraw

    give_samtykke(nav_access, categories=["skole", "arbeid_tiltak"])
    health = give_samtykke(nav_access, categories=["helse"])
    samtykke_withdraw(access=nav_access, samtykke_id=health.pk, reason="Redd for rykter i bygda")
    url = reverse("cases:detail", args=[shared_case.pk])
    assert "Redd for rykter" in _page(client, personas["veileder"], url)
    ot_page = _page(client, personas["ot"], url)
    assert "Redd for rykter" not in ot_page and "Trukket tilbake" in ot_page
    give_samtykke(nav_access, categories=["familie"])
    assert "Redd for rykter" in _page(client, personas["ot"], url)


def test_existing_uncategorised_events_get_their_side_s_category(shared_case, personas):
    import importlib

    from django.apps import apps

    from cases.models import CaseEvent

    def event(**kwargs):
        return CaseEvent.objects.create(case=shared_case, verb="status_changed", **kwargs)

    nav = event(summary="a", agency="nav", actor=personas["veileder"])
    ot = event(summary="b", agency="ot", actor=personas["ot"])
    own = event(summary="c", agency="nav", visibility="nav")
    withdrawn = CaseEvent.objects.create(
        case=shared_case, verb="consent_withdrawn", summary="d", reason="x", actor=personas["ot"]
    )
    importlib.import_module("cases.migrations.0028_event_categories").categorise(apps, None)
    for e in (nav, ot, own, withdrawn):
        e.refresh_from_db()
    assert (nav.category, ot.category, own.category) == ("arbeid_tiltak", "skole", "")
    assert (withdrawn.agency, withdrawn.category) == ("ot", "familie")


# Withdrawal stops what crosses from then on; it never hides a side's own records.


@pytest.fixture
def withdrawn(shared_case, personas, nav_access):
    """A trekantsamtale held with an action for each party, then the samtykke withdrawn."""
    from cases.services import ActionInput, samtykke_withdraw
    from tests.factories import hold_meeting, today

    samtykke = give_samtykke(nav_access)
    access = case_access(personas["veileder"], shared_case)
    meeting = hold_meeting(
        access,
        [
            ActionInput("Søke jobb hos Rema", "nav", today()),
            ActionInput("Ring rektor", "ot", today()),
        ],
    )
    meeting.referat = "Ungdommen vil prøve arbeidstrening"
    meeting.save()
    samtykke_withdraw(access=access, samtykke_id=samtykke.pk, reason="Vil ikke lenger")
    shared_case.refresh_from_db()
    return meeting


@pytest.mark.parametrize("persona", ["veileder", "teamleder", "ot", "ot_teamleder"])
def test_both_sides_keep_the_meetings_they_took_part_in_after_withdrawal(
    client, shared_case, personas, withdrawn, persona
):
    content = _page(client, personas[persona], reverse("cases:detail", args=[shared_case.pk]))
    assert reverse("cases:meeting", args=[shared_case.pk, withdrawn.pk]) in content
    assert "Søke jobb hos Rema" in content and "Ring rektor" in content
    assert "Planlegg trekantsamtale" not in content  # nothing new without a samtykke
    client.force_login(personas[persona])
    response = client.get(reverse("cases:meeting", args=[shared_case.pk, withdrawn.pk]))
    assert response.status_code == 200
    assert "Ungdommen vil prøve arbeidstrening" in response.content.decode()


@pytest.mark.parametrize("persona", ["other_office", "koordinator", "admin"])
def test_outsiders_get_404_on_the_meeting_page(client, shared_case, personas, withdrawn, persona):
    client.force_login(personas[persona])
    url = reverse("cases:meeting", args=[shared_case.pk, withdrawn.pk])
    assert client.get(url).status_code == 404


def test_nav_s_own_agreed_action_stays_in_nav_s_mine_saker(
    client, shared_case, personas, withdrawn
):
    assert [a.description for a in worklist_for(personas["veileder"]).actions_due] == [
        "Søke jobb hos Rema"
    ]
    assert [a.description for a in worklist_for(personas["ot"]).actions_due] == ["Ring rektor"]
    assert "Søke jobb hos Rema" in _page(client, personas["veileder"], reverse("cases:mine"))


def test_what_the_other_side_records_after_withdrawal_does_not_cross(
    client, shared_case, personas, withdrawn
):
    from cases.services import action_complete, note_add

    ot = case_access(personas["ot"], shared_case)
    action = shared_case.actions.get(responsible="ot")
    action_complete(access=ot, action_id=action.pk)
    note_add(access=ot, text="Rektor sier nei", visibility="delt", category="skole")
    url = reverse("cases:detail", args=[shared_case.pk])
    nav_page = _page(client, personas["veileder"], url)
    assert "Rektor sier nei" not in nav_page and "Utført: Ring rektor" not in nav_page
    assert "Utført " not in nav_page  # OT's ticking-off is OT's record
    assert "Utført " in _page(client, personas["ot"], url)
