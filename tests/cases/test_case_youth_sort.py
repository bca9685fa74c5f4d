"""The youth's name and birth date copied on each case (Case.youth_last_name and the others, kept by
triggers, migration 0041) equal the youth's, whoever writes; and the unit list, sorted by them,
shows every case once over its pages, in one order, both ways, however many rows tie."""

import datetime as dt
import importlib
import re

import pytest
from django.db import connection, transaction
from django.db.models import F, Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Case, Youth
from tests.factories import YouthFactory, open_case, years_ago


def mismatches() -> list[int]:
    """Cases whose copies differ from their youth's fields."""
    differ = (
        ~Q(youth_last_name=F("youth__last_name"))
        | ~Q(youth_first_name=F("youth__first_name"))
        | ~Q(youth_birth_date=F("youth__birth_date"))
        | Q(youth_birth_date__isnull=True)
    )
    return list(Case.objects.filter(differ).values_list("pk", flat=True))


def copies(case) -> tuple:
    return Case.objects.values_list("youth_last_name", "youth_first_name", "youth_birth_date").get(
        pk=case.pk
    )


def test_copies_follow_the_youth_through_every_write(personas):
    case = open_case(
        personas["veileder"],
        youth=YouthFactory(first_name="Ada", last_name="Aas", birth_date=years_ago(22)),
    )
    born = case.youth.birth_date
    assert copies(case) == ("Aas", "Ada", born) and mismatches() == []

    youth = Youth.objects.get(pk=case.youth_id)
    youth.last_name, youth.birth_date = "Berg", born - dt.timedelta(days=1)
    youth.save()  # a name change (a correction, a washing)
    assert copies(case) == ("Berg", "Ada", born - dt.timedelta(days=1))

    stale = Case.objects.get(pk=case.pk)
    Youth.objects.filter(pk=case.youth_id).update(first_name="Bea")  # SQL, in bulk
    stale.school = "Ny skole"
    stale.save()  # writes the copies it read before the change: the youth's stand
    Case.objects.filter(pk=case.pk).update(youth_last_name="Feil")  # nobody writes them but SQL
    assert copies(case) == ("Berg", "Bea", born - dt.timedelta(days=1))

    other = YouthFactory(first_name="Cato", last_name="Dahl", birth_date=years_ago(23))
    Case.objects.filter(pk=case.pk).update(youth=other)  # the case moved to another youth
    assert copies(case) == ("Dahl", "Cato", other.birth_date)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cases_youth SET last_name = upper(last_name) WHERE id = ANY(%s)",
            [[other.pk, youth.pk]],
        )
    assert copies(case) == ("DAHL", "Cato", other.birth_date) and mismatches() == []


def test_copies_are_written_when_the_youth_comes_after_its_case(personas, org):
    """In one transaction a case may be written before its youth (the foreign key is deferred,
    as in loaddata or a raw import): the youth's INSERT fills the case's copies."""
    born = years_ago(21)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval(pg_get_serial_sequence('cases_youth', 'id'))")
            (youth_id,) = cursor.fetchone()
        case = Case.objects.create(youth_id=youth_id, nav_kontor=org["bergenhus"])
        Youth.objects.create(
            id=youth_id, fnr=None, first_name="Sen", last_name="Ankomst", birth_date=born
        )
    assert copies(case) == ("Ankomst", "Sen", born) and mismatches() == []


def _names_in_order(client, params) -> list[str]:
    """Every row's link text over every page of the list, in order (pages of one row)."""
    seen, page = [], 1
    while True:
        html = client.get(reverse("cases:list"), {**params, "side": page}).content.decode()
        seen += re.findall(r'href="/saker/(\d+)/"', html)
        if f"Side {page} av {page} " in html:
            return seen
        page += 1


@pytest.mark.parametrize("sort", ["navn", "-navn", "alder", "-alder", "status", "-created_at"])
def test_every_sort_shows_every_case_once_and_ties_in_one_order(
    client, personas, monkeypatch, sort
):
    monkeypatch.setattr(importlib.import_module("cases.views.unit_list"), "PAGE_SIZE", 1)
    # Six youth of one name and birth date, cases created in the same instant: all tie.
    born = years_ago(22)
    cases = [
        open_case(personas["veileder"], youth=YouthFactory(first_name="Tor", last_name="Likt", birth_date=born))
        for _ in range(6)
    ]  # fmt: skip
    Case.objects.filter(pk__in=[c.pk for c in cases]).update(created_at=cases[0].created_at)
    client.force_login(personas["veileder"])
    first = _names_in_order(client, {"sort": sort})
    assert sorted(first) == sorted(str(c.pk) for c in cases)
    assert _names_in_order(client, {"sort": sort}) == first
    reverse_sort = sort[1:] if sort.startswith("-") else "-" + sort
    assert _names_in_order(client, {"sort": reverse_sort}) == first[::-1]


def test_name_and_age_sorts_follow_the_youth(client, personas):
    names = [("Øya", "Å"), ("Berg", "Bo"), ("Aas", "Ola"), ("Aas", "Anne")]
    for i, (last, first) in enumerate(names):
        youth = YouthFactory(last_name=last, first_name=first, birth_date=years_ago(20 + i))
        open_case(personas["veileder"], youth=youth)
    client.force_login(personas["veileder"])
    html = client.get(reverse("cases:list"), {"sort": "navn"}).content.decode()
    shown = re.findall(r'class="aksel-link" href="/saker/\d+/">([^<]+)</a>', html)
    assert shown == ["Aas, Anne", "Aas, Ola", "Berg, Bo", "Øya, Å"]
    html = client.get(reverse("cases:list"), {"sort": "alder"}).content.decode()
    shown = re.findall(r'class="aksel-link" href="/saker/\d+/">([^<]+)</a>', html)
    assert shown == ["Øya, Å", "Berg, Bo", "Aas, Ola", "Aas, Anne"]  # youngest first


def _page_id_query(client, params) -> str:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("cases:list"), params).status_code == 200
    (sql,) = [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].startswith('SELECT "cases_case"."id" AS "pk" FROM "cases_case"')
        and "ORDER BY" in q["sql"]
    ]
    return sql


@pytest.mark.parametrize(
    "persona, params, index",
    [
        *(
            (persona, {"sort": sort}, f"case_list_{side}_")
            for persona, side, sorts in (
                ("veileder", "nav", ["-created_at", "navn", "-navn", "alder"]),
                ("ot", "ot", ["-created_at", "navn", "-alder", "status", "ot_status"]),
            )
            for sort in sorts
        ),
        ("ot", {"sort": "-ot_last_contact_at"}, "case_list_ot_"),
        ("veileder", {"oppfolging": "alle"}, "case_nav_created"),
        ("veileder", {"oppfolging": "avsluttet_hos_oss"}, "case_ended_nav_created"),
        ("ot", {"oppfolging": "avsluttet_hos_oss"}, "case_ended_ot_created"),
        ("ot", {"oppfolging": "alle", "sort": "created_at"}, "case_ot_created"),
    ],
)
def test_a_page_of_every_indexed_sort_walks_its_index_without_sorting(
    client, personas, org, persona, params, index
):
    for _ in range(3):
        open_case(personas["veileder"], ot_enhet=org["ot_bergen"])
    client.force_login(personas[persona])
    sql = _page_id_query(client, params)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        # Sorting is the last resort (with a handful of rows any plan is cheap): the plan has no
        # Sort only when an index gives the whole order, ties included.
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_incremental_sort = off")
        # Statistics left by other tests can make a tiny table's sort look cheaper than the
        # walk: with sorting priced out, a Sort still in the plan means no index serves it.
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN {sql}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert re.search(rf"Index (Only )?Scan (Backward )?using {index}", plan), plan
    assert "Sort" not in plan, plan
