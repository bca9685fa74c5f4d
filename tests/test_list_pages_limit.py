"""Issue 11: every list and worklist page loads only its page in SQL. Each page is rendered with
more rows than fit on one page (pages of two), and every query that reads the listed table must
carry a LIMIT (or read a given list of ids): none loads or counts a whole unit.

Not here, because they are not lists that grow with the caseload: the team lead's saksmengde (one
row per veileder), the tiltak catalogue and kombinasjon templates (reference data), the tiltak
report and the county pages (figures), and the indicator drill-down (the rows behind one figure,
which the figure reads in full anyway)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.access import case_access
from cases.models import Case, Frist, Varsel
from cases.services import overforing_request
from cases.washing.uploads import upload_create, wash_queued
from nav_ot.pagination import CappedPaginator
from tests.cases.washing.conftest import HEADER, csv_bytes, line
from tests.factories import (
    YouthFactory,
    breached_frist,
    fattet_vedtak,
    open_case,
    today,
    years_ago,
)
from tests.sql_limits import unbounded_reads

pytestmark = pytest.mark.django_db

PER_PAGE = 2
ROWS = PER_PAGE + 2  # more than one page


@dataclass(frozen=True)
class ListPage:
    name: str
    persona: str
    table: str  # the table the page lists
    seed: Callable  # seed(personas, org, tiltakstyper) -> the page's URL
    params: dict | None = None
    more: str = ""  # what shows that rows were left out, when the page has no pager


def _cases(p, org, _t, url="cases:list"):
    for _ in range(ROWS):
        youth = YouthFactory(last_name="Listeby", birth_date=years_ago(22))
        open_case(p["veileder"], youth=youth, ot_enhet=org["ot_bergen"])
    return reverse(url)


def _mine(vis):
    def seed(p, org, _t):
        cases = [open_case(p["veileder"], ot_enhet=org["ot_bergen"]) for _ in range(ROWS)]
        mine = Case.objects.filter(pk__in=[c.pk for c in cases])
        mine.update(new_for_nav_veileder=True, nav_veileder=p["veileder"])
        if vis == "ufordelt":
            mine.update(nav_veileder=None)
        if vis == "kontakt":
            mine.update(nav_last_contact_at=timezone.now() - dt.timedelta(days=100))
        return reverse("cases:mine") + f"?vis={vis}"

    return seed


def _deadlines(p, org, _t):
    for _ in range(ROWS):
        breached_frist(p["veileder"], org["bergenhus"])
    return reverse("cases:deadline_queue")


def _varsler(p, org, _t):
    for _ in range(ROWS):
        frist = breached_frist(p["veileder"], org["bergenhus"])
        Varsel.objects.get_or_create(user=p["veileder"], frist=frist, kind="frist_brutt")
    return reverse("cases:varsler")


def _access_log(p, org, _t):
    for _ in range(ROWS):
        case = open_case(p["veileder"])
        case_access(p["veileder"], case)
    from cases.access import log_access

    log_access(p["veileder"], Case.objects.all(), "liste", "/saker/")
    return reverse("cases:access_log") + "?username=veileder"


def _transfers(p, org, _t):
    for _ in range(ROWS):
        case = open_case(p["veileder"])
        overforing_request(
            access=case_access(p["veileder"], case), to_unit=org["asane"], reason="Flyttet"
        )
    return reverse("cases:transfers")


def _washed(p, org, sessions=1, fuzzy=ROWS, name="Kjærsti"):
    for n in range(sessions):
        lines = []
        for i in range(fuzzy):
            youth = YouthFactory(
                first_name=f"{name}{i}", last_name="Bjørnstad", birth_date=years_ago(19)
            )
            open_case(p["veileder"], youth=youth)
            lines.append(line(youth, fnr="", first=f"{name}{i}x", last="Bjoernstad"))
        upload_create(
            user=p["ot"],
            ot_enhet=org["ot_bergen"],
            file_name=f"liste{n}.csv",
            data=csv_bytes(HEADER, *lines),
        )
    assert wash_queued() == sessions
    from cases.models import WashingSession

    return WashingSession.objects.order_by("-pk").first()


def _washing_sessions(p, org, _t):
    _washed(p, org, sessions=ROWS, fuzzy=1)
    return reverse("cases:washing_sessions")


def _washing_result(p, org, _t):
    return reverse("cases:washing_result", args=[_washed(p, org).pk])


def _washing_review(p, org, _t):
    return reverse("cases:washing_review", args=[_washed(p, org).pk])


def _washing_comparison(p, org, _t):
    _washed(p, org)  # the previous list; the next has other youth: all new, all left
    return reverse("cases:washing_comparison", args=[_washed(p, org, name="Oline").pk])


def _gjennomforinger(p, org, tiltakstyper, url="measures:gjennomforinger"):
    from tests.measures.conftest import make_gjennomforing

    for n in range(ROWS):
        make_gjennomforing(
            org,
            p,
            tiltakstyper,
            navn=f"Arbeidstrening {n}",
            start_dato=today() - dt.timedelta(days=30),
            slutt_dato=today() + dt.timedelta(days=365),
            enheter=("bergenhus", "ot_bergen"),
        )
    return reverse(url)


def _tilby(p, org, tiltakstyper):
    _gjennomforinger(p, org, tiltakstyper)
    case = open_case(p["veileder"], ot_enhet=org["ot_bergen"])
    fattet_vedtak(case, org["bergenhus"], days_ago=10)
    return reverse("measures:tilby", args=[case.pk])


def _uten_tilbud(p, org, _t):
    for _ in range(ROWS):
        case = open_case(p["veileder"], youth=YouthFactory(birth_date=years_ago(18)))
        fattet_vedtak(case, org["bergenhus"], days_ago=200)
    assert Frist.objects.filter(regel__deliverable="tilbud_om_tiltak").count() >= ROWS
    return reverse("measures:uten_tilbud")


def _avtaler(p, org, _t):
    from tests.agreements.conftest import make_lokal

    for _ in range(ROWS):
        make_lokal(org, p)
    return reverse("agreements:index")


LIST_PAGES = [
    ListPage("saker NAV", "veileder", "cases_case", _cases),
    ListPage("saker OT sorted", "ot", "cases_case", _cases, {"sort": "navn"}),
    ListPage(
        "saker filtered, page 2", "veileder", "cases_case", _cases, {"status": "ny", "side": "2"}
    ),
    ListPage("saker search", "veileder", "cases_case", _cases, {"q": "Listeby"}),
    ListPage("mine ?vis=ny", "veileder", "cases_case", _mine("ny")),
    ListPage("mine ?vis=kontakt", "veileder", "cases_case", _mine("kontakt")),
    ListPage("mine ?vis=ufordelt", "teamleder", "cases_case", _mine("ufordelt")),
    ListPage("mine ?vis=informer (OT)", "ot", "cases_task", _mine("informer")),
    ListPage("deadline queue", "teamleder", "cases_frist", _deadlines),
    ListPage("varsler", "veileder", "cases_varsel", _varsler),
    ListPage("access log", "admin", "cases_accesslog", _access_log),
    ListPage("overforinger incoming", "other_office", "cases_overforing", _transfers),
    ListPage("overforinger outgoing", "veileder", "cases_overforing", _transfers),
    ListPage("listevask sessions", "ot", "cases_washingsession", _washing_sessions),
    ListPage("listevask result rows", "ot", "cases_washingrow", _washing_result),
    ListPage("listevask review", "veileder", "cases_washingrow", _washing_review),
    ListPage(
        "listevask comparison",
        "ot",
        "cases_washingrow",
        _washing_comparison,
        more=f"Viser de {PER_PAGE} første",
    ),
    ListPage("tiltak gjennomforinger", "koordinator", "measures_gjennomforing", _gjennomforinger),
    ListPage(
        "tiltak ledige",
        "veileder",
        "measures_gjennomforing",
        lambda p, o, t: _gjennomforinger(p, o, t, "measures:ledige"),
    ),
    ListPage("tiltak tilby", "veileder", "measures_gjennomforing", _tilby),
    ListPage("tiltak uten tilbud", "teamleder", "cases_frist", _uten_tilbud),
    ListPage("avtaler", "koordinator", "agreements_samarbeidsavtale", _avtaler),
]


@pytest.fixture
def pages_of_two(monkeypatch):
    """Every paginated list shows PER_PAGE rows a page, so ROWS rows are more than a page."""
    init = CappedPaginator.__init__

    def small(self, object_list, per_page, *args, **kwargs):
        init(self, object_list, PER_PAGE, *args, **kwargs)

    monkeypatch.setattr(CappedPaginator, "__init__", small)
    monkeypatch.setattr("cases.selectors.washing.COMPARISON_SHOWN", PER_PAGE)


@pytest.mark.parametrize("page", LIST_PAGES, ids=lambda page: page.name)
def test_every_list_page_sql_carries_a_limit(
    client, personas, org, guarantee_rules, tiltakstyper, pages_of_two, page
):
    url = page.seed(personas, org, tiltakstyper)
    client.force_login(personas[page.persona])
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, page.params or {})
    assert response.status_code == 200
    html = response.content.decode()
    if page.more:
        assert page.more in html, "the list should have more rows than it shows"
    else:
        assert "side=2" in html or "side=1" in html, "the list should have more than one page"
    reads = [q for q in captured.captured_queries if f'FROM "{page.table}"' in q["sql"]]
    assert reads, f"the page reads no {page.table}"
    assert unbounded_reads(captured.captured_queries, page.table) == []
