"""Mine saker: each bucket shows a few items and its count; `?vis=` shows one bucket alone,
paginated in SQL. The page's size and queries do not grow with the caseload, and the access log
holds exactly the youth on the rendered page."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import AccessLog, Case
from cases.selectors import BUCKETS
from cases.selectors.mine import PAGE_SIZE, PREVIEW
from tests.factories import YouthFactory, open_case, years_ago

pytestmark = pytest.mark.django_db


def new_to_veileder(veileder, n):
    """`n` cases new to the veileder (as when a colleague hands them over), same-length names;
    over OT's age limit, so OT is not told of them."""
    cases = [
        open_case(
            veileder,
            youth=YouthFactory(
                first_name="Ny", last_name=f"Ungdom{i:03}", birth_date=years_ago(26)
            ),
        )
        for i in range(n)
    ]
    Case.objects.filter(pk__in=[c.pk for c in cases]).update(new_for_nav_veileder=True)
    return cases


def get_mine(client, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("cases:mine"), params)
    assert response.status_code == 200
    return response.content.decode(), queries.captured_queries


def logged_cases(user):
    return set(AccessLog.objects.filter(user=user, path="/mine/").values_list("case_id", flat=True))


def section(page, key):
    return page.split(f'data-testid="section-{key}"')[1].split("</section>")[0]


def test_every_bucket_is_one_registry_entry_with_a_unique_key():
    keys = [bucket.key for bucket in BUCKETS]
    assert len(keys) == len(set(keys))
    assert all(bucket.title for bucket in BUCKETS)


@pytest.mark.parametrize("vis", ["", "ny"])
def test_page_size_and_queries_do_not_grow_with_the_caseload(client, personas, vis):
    veileder = personas["veileder"]
    client.force_login(veileder)
    new_to_veileder(veileder, 30)
    get_mine(client, vis=vis)  # caches filled on a first request do not count
    few_page, few_queries = get_mine(client, vis=vis)
    new_to_veileder(veileder, 30)
    more_page, more_queries = get_mine(client, vis=vis)
    assert len(more_queries) == len(few_queries)
    assert abs(len(more_page) - len(few_page)) < 200  # case ids may gain a digit
    shown = PAGE_SIZE if vis else PREVIEW
    assert section(more_page, "ny").count('data-testid="ny-item"') == shown


def test_every_bucket_query_carries_a_limit(client, personas):
    """The ufordelt buckets and the rest, for a NAV team lead: no row query reads a whole bucket."""
    client.force_login(personas["teamleder"])
    open_case(personas["teamleder"])
    for vis in ["", "ufordelt"]:
        _, queries = get_mine(client, vis=vis)
        bucket_tables = ("cases_case", "cases_task", "cases_agreedaction", "cases_youth")
        reads = [
            q["sql"]
            for q in queries
            if q["sql"].startswith("SELECT")
            and any(f'FROM "{t}"' in q["sql"] for t in bucket_tables)
        ]
        assert reads
        for sql in reads:
            assert re.search(r"\bLIMIT\b", sql), sql


def test_vis_shows_that_bucket_alone_paginated(client, personas):
    veileder = personas["veileder"]
    cases = new_to_veileder(veileder, PAGE_SIZE + 3)
    client.force_login(veileder)
    page, _ = get_mine(client, vis="ny")
    assert 'data-testid="section-ny"' in page
    assert 'data-testid="section-kontakt"' not in page  # the others collapsed to their counts
    assert 'data-testid="bucket-kontakt"' in page
    assert page.count('data-testid="ny-item"') == PAGE_SIZE
    assert "Side 1 av 2" in page and "?vis=ny&amp;side=2" in page
    second, _ = get_mine(client, vis="ny", side="2")
    assert second.count('data-testid="ny-item"') == 3
    # Newest first: the first three opened are on the second page.
    for case in cases[:3]:
        assert case.youth.last_name in second
    # A page past the end shows the last; a bad one the first.
    assert get_mine(client, vis="ny", side="99")[0].count('data-testid="ny-item"') == 3
    assert get_mine(client, vis="ny", side="x")[0].count('data-testid="ny-item"') == PAGE_SIZE


def test_overview_shows_a_preview_and_a_link_to_the_whole_bucket(client, personas):
    veileder = personas["veileder"]
    new_to_veileder(veileder, PREVIEW + 2)
    client.force_login(veileder)
    page, _ = get_mine(client)
    ny = section(page, "ny")
    assert ny.count('data-testid="ny-item"') == PREVIEW
    assert f"Vis alle ({PREVIEW + 2})" in ny and 'href="?vis=ny"' in ny
    assert 'data-testid="vis-alle-kontakt"' not in page  # all of it already shown


@pytest.mark.parametrize("vis", ["ukjent", "overforinger", "ufordelt", "<script>"])
def test_an_unknown_or_unavailable_vis_is_the_overview(client, personas, vis):
    """`ufordelt` is a team lead's bucket; `overforinger` has its own page."""
    new_to_veileder(personas["veileder"], 2)
    client.force_login(personas["veileder"])
    page, _ = get_mine(client, vis=vis)
    assert 'data-testid="section-ny"' in page and 'data-testid="section-kontakt"' in page
    assert 'data-testid="section-ufordelt"' not in page


def test_the_access_log_holds_exactly_the_youth_on_the_page(client, personas):
    veileder = personas["veileder"]
    cases = new_to_veileder(veileder, PAGE_SIZE + 3)
    client.force_login(veileder)
    page, _ = get_mine(client)
    on_page = {c.pk for c in cases if c.youth.last_name in page}
    assert len(on_page) == PREVIEW
    assert logged_cases(veileder) == on_page
    AccessLog.objects.all().delete()
    page, _ = get_mine(client, vis="ny", side="2")
    on_page = {c.pk for c in cases if c.youth.last_name in page}
    assert len(on_page) == 3 and logged_cases(veileder) == on_page


def test_the_team_leads_ufordelt_is_paginated_too(client, personas):
    teamleder = personas["teamleder"]
    for i in range(PREVIEW + 1):
        open_case(teamleder, youth=YouthFactory(last_name=f"Ufordelt{i}", birth_date=years_ago(22)))
    client.force_login(teamleder)
    page, _ = get_mine(client)
    assert section(page, "ufordelt").count('data-testid="ufordelt-case"') == PREVIEW
    assert f"Vis alle ({PREVIEW + 1})" in section(page, "ufordelt")
    page, _ = get_mine(client, vis="ufordelt")
    assert page.count('data-testid="ufordelt-case"') == PREVIEW + 1


@pytest.mark.parametrize(
    ("persona", "sees"),
    [("veileder", True), ("team_veileder", False), ("other_office", False), ("ot", False)],
)
def test_only_the_owner_sees_their_new_cases(client, personas, persona, sees):
    cases = new_to_veileder(personas["veileder"], 2)
    client.force_login(personas[persona])
    for vis in ["", "ny"]:
        page, _ = get_mine(client, vis=vis)
        assert (cases[0].youth.last_name in page) is sees
    assert bool(logged_cases(personas[persona])) is sees


def test_agreed_actions_due_are_the_users_by_name_or_their_sides_on_their_cases(personas):
    """The tiltak bucket joins two sets: actions named to the user (on any case of the unit) and
    their side's actions without a named person on a case they own; nobody else's."""
    import datetime as dt

    from cases.models import AgreedAction
    from cases.selectors import worklist_for
    from tests.factories import today

    veileder, colleague = personas["veileder"], personas["team_veileder"]
    mine, theirs = open_case(veileder), open_case(colleague)

    def action(text, case, responsible="nav", user=None, days=3, done=False):
        AgreedAction.objects.create(
            case=case,
            description=text,
            responsible=responsible,
            responsible_user=user,
            due_date=today() + dt.timedelta(days=days),
            done_at=case.created_at if done else None,
        )

    action("Navngitt på kollegas sak", theirs, user=veileder, days=2)
    action("Uten person på min sak", mine, days=1)
    action("Uten person på kollegas sak", theirs)
    action("OTs på min sak", mine, responsible="ot")
    action("Ungdommens på min sak", mine, responsible="ungdom")
    action("Kollegas på min sak", mine, user=colleague, days=0)
    action("Ferdig", mine, done=True)
    action("Om tre uker", mine, days=21)
    action("Forfalt", mine, days=-10)
    due = worklist_for(veileder).actions_due
    assert [a.description for a in due] == [
        "Forfalt",
        "Uten person på min sak",
        "Navngitt på kollegas sak",
    ]
    assert due.count() == 3
    assert [a.description for a in worklist_for(colleague).actions_due] == [
        "Kollegas på min sak",
        "Uten person på kollegas sak",
    ]


def test_ot_sees_the_inform_ot_tasks_of_its_own_unit_and_they_follow_a_transfer(
    personas, org, settings
):
    """Each OT unit's bucket holds the tasks NAV sent it, on cases it sees; accepting a transfer
    moves the open task with the case's OT side."""
    from accounts.models import Role
    from cases.access import case_access
    from cases.selectors import worklist_for
    from cases.services import overforing_accept, overforing_request
    from tests.factories import UserFactory

    settings.OT_AGE_LIMIT = 24
    hamar = UserFactory(username="hamar", role=Role.NAV_VEILEDER, unit=org["hamar"])
    ot_innlandet = UserFactory(username="otinn", role=Role.OT_RADGIVER, unit=org["ot_innlandet"])
    bergen_case = open_case(personas["veileder"], youth=YouthFactory(birth_date=years_ago(19)))
    hamar_case = open_case(hamar, youth=YouthFactory(birth_date=years_ago(19)))

    def tasks(user):
        return [task.case_id for task in worklist_for(user).inform_ot]

    assert tasks(personas["ot"]) == [bergen_case.pk]
    assert tasks(ot_innlandet) == [hamar_case.pk]
    assert tasks(personas["veileder"]) == []
    bergen_case.refresh_from_db()
    overforing = overforing_request(
        access=case_access(personas["ot"], bergen_case),
        to_unit=org["ot_innlandet"],
        reason="Flyttet til Hamar",
    )
    overforing_accept(user=ot_innlandet, overforing_id=overforing.pk)
    assert tasks(personas["ot"]) == []
    assert tasks(ot_innlandet) == [bergen_case.pk, hamar_case.pk]


def test_a_deep_page_joins_only_its_own_rows(client, personas):
    """`?vis=` pages by the bucket's ids on its own table, then joins the youth of those rows
    only: a deep page must not join every row it skips."""
    veileder = personas["veileder"]
    cases = new_to_veileder(veileder, PAGE_SIZE + 3)
    client.force_login(veileder)
    page, queries = get_mine(client, vis="ny", side="2")
    assert page.count('data-testid="ny-item"') == 3
    case_reads = [q["sql"] for q in queries if q["sql"].startswith('SELECT "cases_case"."id"')]
    skipping = [sql for sql in case_reads if "OFFSET" in sql]
    assert skipping and all('JOIN "cases_youth"' not in sql for sql in skipping)
    joined = [sql for sql in case_reads if 'JOIN "cases_youth"' in sql]
    assert joined and all("OFFSET" not in sql for sql in joined)
    assert {c.pk for c in cases[:3]} == logged_cases(veileder)
