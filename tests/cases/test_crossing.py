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
