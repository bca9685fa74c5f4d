"""The consent questions pages ask `cases.access`, category by category; templates only ask."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from cases.access import annotate_consent, case_access, may_sort_on
from cases.models import Case, Category
from tests.factories import give_samtykke, today

pytestmark = pytest.mark.django_db

# What each side sees of the other with a samtykke covering exactly one category.
SEES = ("sees_school", "sees_work", "sees_health", "sees_family")


@pytest.mark.parametrize(
    "category, nav_sees, ot_sees",
    [
        (Category.SKOLE, {"sees_school"}, set()),
        (Category.ARBEID_TILTAK, set(), {"sees_work"}),
        (Category.HELSE, {"sees_health"}, {"sees_health"}),
        (Category.FAMILIE, {"sees_family"}, {"sees_family"}),
    ],
)
def test_each_category_opens_only_its_own_data(
    shared_case, personas, nav_access, category, nav_sees, ot_sees
):
    give_samtykke(nav_access, categories=[category])
    for persona, expected, own in [
        ("veileder", nav_sees, {"sees_work"}),
        ("ot", ot_sees, {"sees_school"}),
    ]:
        access = case_access(personas[persona], shared_case)
        seen = {name for name in SEES if getattr(access, name)}
        assert seen == expected | own, persona
        assert access.may_plan_meetings and access.sees_outcome
        assert access.sees_nav_owner and access.sees_ot_owner


def test_without_samtykke_only_own_side(shared_case, personas, nav_access):
    ot = case_access(personas["ot"], shared_case)
    assert {name for name in SEES if getattr(ot, name)} == {"sees_school"}
    assert {name for name in SEES if getattr(nav_access, name)} == {"sees_work"}
    assert not (ot.may_plan_meetings or ot.sees_outcome or ot.sees_nav_owner)
    assert ot.sees_ot_owner and nav_access.sees_nav_owner and not nav_access.sees_ot_owner
    assert (nav_access.own_category, ot.own_category) == (Category.ARBEID_TILTAK, Category.SKOLE)


def test_list_annotation_and_sort_rule(shared_case, nav_access):
    def row(side):
        return annotate_consent(Case.objects.filter(pk=shared_case.pk), side, today()).get()

    assert not row("nav").har_samtykke and not row("nav").sees_ot_status
    assert row("ot").sees_ot_status
    give_samtykke(nav_access, categories=[Category.ARBEID_TILTAK])
    assert row("nav").har_samtykke and not row("nav").sees_ot_status
    give_samtykke(nav_access, categories=[Category.SKOLE])
    assert row("nav").sees_ot_status
    assert not may_sort_on("nav", "-ot_status") and may_sort_on("ot", "ot_status")
    assert may_sort_on("nav", "-created_at")


def test_case_templates_ask_the_access_object_and_never_decide():
    """A template that compares categories or combines side and samtykke decides on its own."""
    deciding = re.compile(
        r"has_samtykke\s+(and|or)|(and|or)\s+access\.has_samtykke|shared_categories"
        r"|category\s*==|\.categories\b|['\"](skole|arbeid_tiltak|helse|familie)['\"]"
        r"|samtykke_skole"
    )
    offenders = [
        f"{path.name}: {match.group(0)}"
        for path in (Path(settings.BASE_DIR) / "templates" / "cases").glob("*.html")
        for match in deciding.finditer(path.read_text())
    ]
    assert offenders == []
