"""The one access rule, persona by persona: same office, other office, OT with and without
samtykke, samtykke withdrawn, team lead, fylkeskoordinator, admin."""

import pytest
from django.http import Http404

from cases.access import ListStatus, case_access, case_get_for_user, cases_visible_to
from cases.models import AccessLog, Visibility
from cases.selectors import ivaretatt_status
from cases.services import note_add, samtykke_withdraw
from tests.factories import give_samtykke

pytestmark = pytest.mark.django_db


def visible(user):
    return set(cases_visible_to(user).values_list("pk", flat=True))


def test_who_sees_the_case_at_all(shared_case, personas):
    pk = shared_case.pk
    assert pk in visible(personas["veileder"])
    assert pk in visible(personas["team_veileder"])  # a team under the same office
    assert pk in visible(personas["teamleder"])
    assert pk in visible(personas["ot"])
    assert pk in visible(personas["ot_teamleder"])
    assert pk not in visible(personas["other_office"])
    assert pk not in visible(personas["koordinator"])
    assert pk not in visible(personas["admin"])


@pytest.mark.parametrize("persona", ["other_office", "koordinator", "admin"])
def test_outsiders_get_404_and_nothing_is_logged(shared_case, personas, persona):
    with pytest.raises(Http404):
        case_get_for_user(user=personas[persona], case_id=shared_case.pk)
    assert not AccessLog.objects.exists()


def test_every_read_is_logged_with_agency(shared_case, personas):
    case_get_for_user(user=personas["veileder"], case_id=shared_case.pk, path="/saker/1/")
    case_get_for_user(user=personas["ot"], case_id=shared_case.pk)
    log = list(AccessLog.objects.order_by("at").values_list("user__username", "agency", "youth_id"))
    assert log == [("veileder", "nav", shared_case.youth_id), ("ot", "ot", shared_case.youth_id)]


def test_without_samtykke_ot_sees_only_list_status_and_own_data(shared_case, personas, nav_access):
    note_add(
        access=nav_access,
        text="Sosialhjelp innvilget",
        visibility=Visibility.SHARED,
        category="arbeid_tiltak",
    )
    ot = case_access(personas["ot"], shared_case)
    assert ot.side == "ot"
    assert not ot.has_samtykke
    assert not ot.may_see(agency="nav", visibility=Visibility.SHARED, category="arbeid_tiltak")
    assert ot.may_see(agency="ot", visibility=Visibility.OT, category="helse")
    assert ivaretatt_status(shared_case, "ot") == ListStatus.IVARETATT  # NAV has a veileder


def test_samtykke_opens_exactly_its_categories(shared_case, personas, nav_access):
    give_samtykke(nav_access, categories=["arbeid_tiltak"])
    ot = case_access(personas["ot"], shared_case)
    assert ot.may_see(agency="nav", visibility=Visibility.SHARED, category="arbeid_tiltak")
    assert not ot.may_see(agency="nav", visibility=Visibility.SHARED, category="helse")
    assert not ot.may_see(agency="nav", visibility=Visibility.NAV, category="arbeid_tiltak")


def test_withdrawal_takes_effect_at_once(shared_case, personas, nav_access):
    samtykke = give_samtykke(nav_access)
    assert case_access(personas["ot"], shared_case).has_samtykke
    samtykke_withdraw(access=nav_access, samtykke_id=samtykke.pk, reason="Ungdommen ønsker det")
    assert not case_access(personas["ot"], shared_case).has_samtykke


def test_expired_and_future_samtykke_do_not_count(shared_case, personas, nav_access):
    import datetime as dt

    from cases.models import Samtykke
    from tests.factories import today

    Samtykke.objects.create(
        case=shared_case,
        given_by="ungdom",
        categories=["skole"],
        recorded_by=personas["veileder"],
        valid_from=today() - dt.timedelta(days=60),
        valid_to=today() - dt.timedelta(days=1),
    )
    Samtykke.objects.create(
        case=shared_case,
        given_by="ungdom",
        categories=["skole"],
        recorded_by=personas["veileder"],
        valid_from=today() + dt.timedelta(days=1),
    )
    assert not case_access(personas["ot"], shared_case).has_samtykke


def test_list_status_moved_and_not_followed(shared_case, personas, nav_access):
    from cases.services import case_assign, case_change_status

    case_assign(access=nav_access, owner=None, reason="Veileder sluttet")
    shared_case.refresh_from_db()
    assert ivaretatt_status(shared_case, "ot") == ListStatus.IKKE_IVARETATT
    case_change_status(
        access=nav_access, status="avsluttet", outcome="flyttet", reason="Flyttet til Oslo"
    )
    shared_case.refresh_from_db()
    assert ivaretatt_status(shared_case, "ot") == ListStatus.FLYTTET


def test_one_way_samtykke_opens_only_that_direction(shared_case, personas, nav_access):
    from cases.services import samtykke_record
    from tests.factories import today

    samtykke_record(
        access=nav_access,
        given_by="ungdom",
        categories=["skole", "arbeid_tiltak"],
        valid_from=today(),
        valid_to=None,
        shared_with="nav",
    )
    nav = case_access(personas["veileder"], shared_case)
    ot = case_access(personas["ot"], shared_case)
    assert nav.sees_school  # NAV may read OT's school data
    assert not ot.may_see(agency="nav", visibility=Visibility.SHARED, category="arbeid_tiltak")
    assert not ot.has_samtykke
