"""Issue 11: lists filter a user's cases by a literal list of office ids (cases.access).

A subquery on units (office OR parent = office) hid from the planner that one office is meant,
so a county OT unit's list read and sorted all its 66,000 cases for a page of 25 (10 s).
"""

from __future__ import annotations

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.access import case_unit_ids, cases_visible_to
from tests.factories import open_case


def test_case_units_are_the_office_only_also_for_a_team_member(personas, org):
    assert case_unit_ids(personas["veileder"]) == [org["bergenhus"].pk]
    assert case_unit_ids(personas["team_veileder"]) == [org["bergenhus"].pk]
    assert case_unit_ids(personas["ot"]) == [org["ot_bergen"].pk]


def test_a_team_member_lists_the_office_cases_and_not_another_office(client, personas, org):
    own = open_case(personas["veileder"])
    elsewhere = open_case(personas["other_office"])
    assert set(cases_visible_to(personas["team_veileder"])) == {own}
    client.force_login(personas["team_veileder"])
    page = client.get(reverse("cases:list")).content.decode()
    assert reverse("cases:detail", args=[own.pk]) in page
    assert reverse("cases:detail", args=[elsewhere.pk]) not in page


def test_the_unit_list_filters_on_literal_office_ids(client, personas, org):
    open_case(personas["ot"])
    client.force_login(personas["ot"])
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("cases:list"), {"sort": "navn"}).status_code == 200
    page_query = [
        q["sql"]
        for q in captured.captured_queries
        if 'FROM "cases_case"' in q["sql"] and 'ORDER BY "cases_case"."youth_last_name"' in q["sql"]
    ]
    assert len(page_query) == 1
    assert f'"cases_case"."ot_enhet_id" IN ({org["ot_bergen"].pk})' in page_query[0]
    assert not re.search(r'FROM "accounts_unit" U\d', page_query[0])
