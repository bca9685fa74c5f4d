"""Saksmengde: open and new cases per owner in the team lead's units, counted in one grouped
query whatever the number of owners or cases."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from cases.models import Case, CaseStatus
from cases.selectors import caseload_per_owner
from tests.factories import UserFactory, open_case

pytestmark = pytest.mark.django_db


def owned(owner, n, *, side="nav", status=None, **kwargs):
    cases = [open_case(owner, **kwargs) for _ in range(n)]
    field = "nav_veileder" if side == "nav" else "ot_kontakt"
    Case.objects.filter(pk__in=[c.pk for c in cases]).update(
        **{field: owner}, **({"status": status} if status else {})
    )
    return cases


def rows(user):
    return [(p.username, p.open_cases, p.new_cases) for p in caseload_per_owner(user)]


def test_nav_counts_open_and_new_cases_per_veileder_most_first(personas, org):
    owned(personas["veileder"], 2)  # registered by the veileder: theirs, status ny
    owned(personas["veileder"], 1, status=CaseStatus.AKTIV)
    closed = owned(personas["veileder"], 1)[0]
    Case.objects.filter(pk=closed.pk).update(
        status=CaseStatus.AVSLUTTET, outcome="arbeid", closed_on=closed.created_at.date()
    )
    owned(personas["team_veileder"], 1)  # the office's team is the lead's too
    owned(personas["other_office"], 2)  # another office: not the lead's
    assert rows(personas["teamleder"]) == [
        ("veileder", 3, 2),
        ("teamveileder", 1, 1),
        ("teamleder", 0, 0),
    ]


def test_ot_counts_the_ot_kontakts_cases_not_the_nav_veileders(personas, org):
    owned(personas["ot"], 2, side="ot", ot_enhet=org["ot_bergen"])
    owned(personas["veileder"], 3)
    assert rows(personas["ot_teamleder"]) == [("ot", 2, 2), ("otleder", 0, 0)]


def test_equal_counts_keep_the_name_order(personas, org):
    for name in ("Aasen", "Berg", "Dahl"):
        UserFactory(
            username=name.lower(), last_name=name, role=Role.NAV_VEILEDER, unit=org["bergenhus"]
        )
    order = [username for username, *_ in rows(personas["teamleder"])]
    zero = [u for u in order if u in {"aasen", "berg", "dahl"}]
    assert zero == ["aasen", "berg", "dahl"]


def test_the_page_costs_the_same_queries_for_more_owners_and_cases(client, personas, org):
    client.force_login(personas["ot_teamleder"])
    client.get(reverse("cases:caseload"))  # caches filled on a first request do not count
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("cases:caseload"))
    for i in range(4):
        radgiver = UserFactory(username=f"ot{i}", role=Role.OT_RADGIVER, unit=org["ot_bergen"])
        owned(radgiver, 2, side="ot", ot_enhet=org["ot_bergen"])
    with CaptureQueriesContext(connection) as more:
        page = client.get(reverse("cases:caseload")).content.decode()
    assert page.count('data-testid="caseload-row"') == 6
    assert len(more.captured_queries) == len(few.captured_queries)


def test_the_page_lists_the_owners_in_pages_of_its_size_in_sql(client, personas, org, monkeypatch):
    """A county OT unit has some 500 rådgivere: the page reads one page of them (with LIMIT), most
    open cases first, and the pages together list every owner once."""
    import importlib
    import re

    from tests.sql_limits import unbounded_reads

    monkeypatch.setattr(importlib.import_module("cases.views.unit_list"), "CASELOAD_PAGE_SIZE", 2)
    radgivere = []
    for i in range(3):
        radgiver = UserFactory(username=f"r{i}", role=Role.OT_RADGIVER, unit=org["ot_bergen"])
        owned(radgiver, 3 - i, side="ot", ot_enhet=org["ot_bergen"])
        radgivere.append(radgiver.pk)
    expected = [p.pk for p in caseload_per_owner(personas["ot_teamleder"])]
    assert expected[:3] == radgivere and len(expected) == 5  # and ot, otleder with none
    client.force_login(personas["ot_teamleder"])
    shown = []
    for side in (1, 2, 3):
        with CaptureQueriesContext(connection) as captured:
            page = client.get(reverse("cases:caseload"), {"side": side}).content.decode()
        assert page.count('data-testid="caseload-row"') == (2 if side < 3 else 1)
        assert f"Side {side} av 3" in page
        assert unbounded_reads(captured.captured_queries, "accounts_user") == []
        shown += [int(pk) for pk in re.findall(r"\?eier=(\d+)", page)]
    assert shown == expected
