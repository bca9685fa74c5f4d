"""Search by name or number (the unit list, registration's search): what a search finds, that it
is logged, and that PostgreSQL can answer it from indexes (issue 11: at a million youth a search
by name read every youth)."""

from __future__ import annotations

import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import AccessLog, Case
from cases.selectors.unit_list import search_q
from tests.factories import YouthFactory, open_case, years_ago

pytestmark = pytest.mark.django_db


def _found(client, persona, q, url="cases:list") -> str:
    client.force_login(persona)
    return client.get(reverse(url), {"q": q}).content.decode()


@pytest.fixture
def youths(personas):
    """Four youth of the veileder's office with names that test æøå, case and several words."""
    names = {
        "orjan": ("Ørjan", "Ærø"),
        "asa": ("Åsa", "Hansen"),
        "ola": ("Ola", "Johansen"),
        "hans": ("Hans", "Dahl"),
    }
    return {
        key: open_case(
            personas["veileder"],
            YouthFactory(first_name=first, last_name=last, birth_date=years_ago(20 + n)),
        )
        for n, (key, (first, last)) in enumerate(names.items())
    }


def _ids(page: str, cases: dict) -> set[str]:
    return {key for key, case in cases.items() if f"/saker/{case.pk}/" in page}


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("ørjan", {"orjan"}),
        ("ÆRØ", {"orjan"}),  # æøå in either case, in the last name
        ("rø", {"orjan"}),  # any part of a name
        ("åSA", {"asa"}),
        ("hans", {"asa", "ola", "hans"}),  # first name Hans, last names Hansen and Johansen
        ("Hansen", {"asa", "ola"}),
        ("ola hansen", {"ola"}),  # every word must match, each in either name
        ("  hansen   åsa ", {"asa"}),
        ("hans dahl", {"hans"}),
        ("hans ørjan", set()),
        ("Oslo", set()),
    ],
)
def test_a_search_finds_youth_whose_names_contain_every_word(client, personas, youths, q, expected):
    assert _ids(_found(client, personas["veileder"], q), youths) == expected


def test_digits_search_the_number_whole_or_its_start(client, personas, youths):
    fnr = youths["asa"].youth.fnr
    # The first six digits are the birth date, which no other youth here shares.
    for q in (fnr, fnr[:6], fnr[:10], f" {fnr} "):
        assert _ids(_found(client, personas["veileder"], q), youths) == {"asa"}, q
    # A number one digit longer or with a wrong digit finds nobody.
    assert _ids(_found(client, personas["veileder"], fnr + "0"), youths) == set()
    wrong = fnr[:-1] + str((int(fnr[-1]) + 1) % 10)
    assert _ids(_found(client, personas["veileder"], wrong), youths) == set()


def test_a_search_finds_only_the_users_units_cases_and_logs_them_as_sok(client, personas, youths):
    elsewhere = open_case(
        personas["other_office"],
        YouthFactory(first_name="Åsa", last_name="Hansen", birth_date=years_ago(22)),
    )
    page = _found(client, personas["veileder"], "Åsa Hansen")
    assert _ids(page, youths) == {"asa"} and f"/saker/{elsewhere.pk}/" not in page
    logged = AccessLog.objects.filter(user=personas["veileder"])
    assert set(logged.values_list("case_id", "action")) == {(youths["asa"].pk, "sok")}
    # The other office finds its own Åsa Hansen only, by name or by number.
    for q in ("åsa hansen", youths["asa"].youth.fnr):
        page = _found(client, personas["other_office"], q)
        assert _ids(page, youths) == set()
    assert f"/saker/{elsewhere.pk}/" in _found(client, personas["other_office"], "hansen")


def test_registration_search_finds_by_name_and_number_and_logs_what_it_shows(
    client, personas, youths
):
    for q in ("ærø", youths["orjan"].youth.fnr, youths["orjan"].youth.fnr[:8]):
        AccessLog.objects.all().delete()
        page = _found(client, personas["veileder"], q, url="cases:register")
        assert _ids(page, youths) == {"orjan"}, q
        logged = AccessLog.objects.values_list("user_id", "case_id", "action", "path")
        assert set(logged) == {
            (personas["veileder"].pk, youths["orjan"].pk, "sok", reverse("cases:register"))
        }
    AccessLog.objects.all().delete()
    page = _found(client, personas["other_office"], "ærø", url="cases:register")
    assert "Ingen treff" in page and not AccessLog.objects.exists()


def _plan(queryset) -> str:
    """The plan PostgreSQL picks for `queryset` when it may not scan the whole table."""
    sql, params = queryset.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def _register(count: int) -> None:
    """`count` more youth in the register, without cases, and fresh statistics: on a test's few
    rows every plan costs about the same and the planner's pick is chance; with a register
    around them, a number's index is the one cheap way in, as at scale."""
    import datetime as dt
    import random

    from cases.models import Youth
    from nav_ot.identity import generate_fnr

    rng = random.Random(11)
    taken = set(Youth.objects.values_list("fnr", flat=True))
    youth = []
    for n in range(count):
        born = dt.date(1997, 1, 1) + dt.timedelta(days=n % 3000)
        fnr = generate_fnr(born, rng)
        if fnr not in taken:
            taken.add(fnr)
            youth.append(Youth(fnr=fnr, first_name="Kari", last_name="Nordmann", birth_date=born))
    Youth.objects.bulk_create(youth)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cases_youth")
        cursor.execute("ANALYZE cases_case")


def test_the_indexes_serve_the_search(youths):
    """The search's own SQL matches the indexes' expressions: a name word by both trigram
    indexes on the case, a whole number by the youth's unique index, a number's start by the
    pattern index."""
    _register(3000)
    by_name = _plan(Case.objects.filter(search_q("ørjan")))
    for index, name in (
        ("case_youth_first_name_trgm", "youth_first"),
        ("case_youth_last_name_trgm", "youth_last"),
    ):
        assert re.search(
            rf"Bitmap Index Scan on {index} .*\n\s+Index Cond: \(upper\(\({name}_name\)::text\) ~~ '%ØRJAN%'",
            by_name,
        ), by_name
    fnr = youths["ola"].youth.fnr
    whole = _plan(Case.objects.filter(search_q(fnr)))
    # Equality: either the unique index or the pattern index (which also serves it).
    assert re.search(
        rf"Index Scan using youth_fnr_(unique|prefix) .*\n\s+Index Cond: \(\(fnr\)::text = '{fnr}'",
        whole,
    ), whole
    start = _plan(Case.objects.filter(search_q(fnr[:6])))
    assert "youth_fnr_prefix" in start and "~>=~" in start, start


def test_a_renamed_youth_is_found_by_the_new_name(client, personas, youths):
    youth = youths["hans"].youth
    youth.last_name = "Ødegård"
    youth.save()
    assert _ids(_found(client, personas["veileder"], "ødegå"), youths) == {"hans"}
    assert _ids(_found(client, personas["veileder"], "dahl"), youths) == set()


def test_a_search_outside_the_list_does_not_count_the_unassigned(client, personas, youths):
    """The list's filter form shows «Ufordelt (n)»; registration's search does not show the form,
    so it does not count the unit's unassigned cases (0.1 s for a county's OT unit)."""
    unassigned = '"cases_case"."nav_veileder_id" IS NULL'
    client.force_login(personas["teamleder"])
    with CaptureQueriesContext(connection) as listed:
        page = client.get(reverse("cases:list")).content.decode()
    assert "Ufordelt (0)" in page  # the veileder who opened them owns them
    assert any(unassigned in q["sql"] for q in listed.captured_queries)
    with CaptureQueriesContext(connection) as searched:
        page = client.get(reverse("cases:register"), {"q": "hansen"}).content.decode()
    assert _ids(page, youths) == {"asa", "ola"}
    assert not any(unassigned in q["sql"] for q in searched.captured_queries)
