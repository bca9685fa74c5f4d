"""Page timing at national scale: every list and worklist page over HTTP, beside /healthz.

Run (after bench/national.py has built the database):

    .venv/bin/python bench/pages.py [--db trekant_national] [--rounds 15] [--port 8105]
    .venv/bin/python bench/pages.py --url http://127.0.0.1:8000   # a server already running

Without --url it starts the app as `make run` does (nav_ot/devstack.py: gunicorn with
nav_ot/gunicorn_conf.py, a Celery worker and beat, DEBUG off) against the national database
on a free port, and stops it at the end. It logs in the personas over HTTP (the login form,
one cookie jar each), then requests every page once per round, in the same order, with
/healthz between them, one request at a time. Times are wall-clock over loopback, so server
time plus a few tenths of a millisecond.

Query counts come from a second pass in this process: the same URL through Django's test client
as the same user, under CaptureQueriesContext, against the same database. (The server runs with
DEBUG off, so it cannot count its own queries without slowing every request.)

Prints per page: median, p95 (nearest rank over the rounds), queries, p95 / healthz p95 and
the goal (issue 11: 200 ms and 25× healthz; indicators 300 ms; the access log 100 ms).
`--explain LABEL` prints EXPLAIN ANALYZE of the slowest query of that page.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import statistics
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load import http_login  # noqa: E402
from national import DEFAULT_DB, free_port, national_env, start_server, stop_server  # noqa: E402

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
PERSONAS = ["veileder", "ot", "teamleder", "ot.teamleder", "koordinator", "admin"]
PAGE_GOAL_MS, HEALTHZ_RATIO = 200, 25
GOALS_MS = {"/teamleder/indikatorer/": 300, "/tilgangslogg/": 100}


# Mine saker's buckets shown alone (`?vis=`), beside those in the list above, per persona.
MINE_VEILEDER = ["tiltak", "ny", "moter", "henvisninger", "samtykke", "huskelapper"]
MINE_OT = ["ny", "moter", "kontakt", "henvisninger", "samtykke", "huskelapper"]
MINE_TEAM_LEAD = ["ufordelt", "ufordelt&side=20", "uten-kontaktperson", "ufordelt-tiltak"]


def pages(ids: dict) -> list[tuple[str, str]]:
    """(persona, path) for every page issue 11 names."""
    nav_sorts = ["navn", "-navn", "alder", "status", "nav_last_contact_at", "-created_at"]
    ot_sorts = ["navn", "alder", "ot_status", "ot_last_contact_at", "-created_at"]
    return (
        [("veileder", "/saker/")]
        + [("veileder", f"/saker/?sort={s}") for s in nav_sorts]
        + [("veileder", "/saker/?side=300"), ("veileder", "/saker/?sort=navn&side=300")]
        + [("veileder", "/saker/?fordeling=ufordelt"), ("veileder", "/saker/?alder=20-24")]
        + [("ot", "/saker/")]
        + [("ot", f"/saker/?sort={s}") for s in ot_sorts]
        + [("ot", "/saker/?side=300"), ("ot", "/saker/?sort=navn&side=2000")]
        + [("ot", "/saker/?oppfolging=alle&side=300")]
        + [
            ("veileder", f"/saker/?q={ids['name']}"),
            ("veileder", f"/saker/?q={ids['nav_fnr']}"),
            ("ot", f"/saker/?q={ids['name']}"),
            ("ot", f"/saker/?q={ids['ot_fnr']}"),
            ("veileder", f"/saker/ny/?q={ids['name']}"),
            ("veileder", "/mine/"),
            ("veileder", "/mine/?vis=kontakt&side=3"),
            ("ot", "/mine/"),
            ("ot", "/mine/?vis=informer&side=5"),
            ("ot", "/mine/?vis=ufordelt&side=50"),
            ("teamleder", "/mine/"),
            ("ot.teamleder", "/mine/"),
            ("ot.teamleder", "/mine/?vis=ufordelt&side=50"),
            ("teamleder", "/teamleder/frister/"),
            ("teamleder", "/teamleder/frister/?side=20"),
            ("teamleder", "/teamleder/indikatorer/"),
            ("teamleder", "/teamleder/saksmengde/"),
            ("ot.teamleder", "/teamleder/saksmengde/"),
            ("veileder", f"/saker/{ids['case']}/"),
            ("ot", f"/saker/{ids['ot_case']}/"),
            ("admin", "/tilgangslogg/?username=veileder"),
            ("admin", f"/tilgangslogg/?username={ids['busy_user']}&side=5"),
            ("admin", f"/tilgangslogg/?fnr={ids['nav_fnr']}"),
            ("admin", "/tilgangslogg/?since=2026-11-01&until=2026-11-30"),
            ("admin", "/tilgangslogg/?since=2026-06-01&until=2026-06-30&side=100"),
            # Past the count's cap, and deep in the log of the generator's busiest user (admin
            # is the user of every row without an owner, ~320,000 rows).
            ("admin", "/tilgangslogg/?since=2026-06-01&until=2026-06-30&side=300"),
            ("admin", "/tilgangslogg/?username=admin&side=1000"),
            ("ot", "/listevask/"),
            ("veileder", "/tiltak/"),
            ("veileder", "/tiltak/gjennomforinger/"),
            ("veileder", "/tiltak/ledige/"),
            ("veileder", "/tiltak/uten-tilbud/"),
            ("koordinator", "/tiltak/rapport/"),
        ]
        # The other list pages (tests/test_list_pages_limit.py), as the personas who use them.
        + [(who, "/varsler/") for who in ("veileder", "teamleder", "ot", "ot.teamleder")]
        + [(who, "/overforinger/") for who in ("veileder", "teamleder", "ot")]
        + [("veileder", f"/mine/?vis={vis}") for vis in MINE_VEILEDER]
        + [("ot", f"/mine/?vis={vis}") for vis in MINE_OT]
        + [("teamleder", f"/mine/?vis={vis}") for vis in MINE_TEAM_LEAD]
        + [("ot.teamleder", f"/mine/?vis={vis}") for vis in ("uten-kontaktperson", "informer")]
        + [
            ("veileder", f"/saker/ny/?q={ids['nav_fnr']}"),
            ("veileder", "/saker/ny/?q=Nilsen"),
            ("ot", f"/listevask/{ids['washing']}/"),
            ("ot", f"/listevask/{ids['washing']}/sammenligning/"),
            ("veileder", f"/listevask/{ids['washing']}/vurdering/"),
            ("ot.teamleder", "/listevask/"),
            ("koordinator", "/tiltak/gjennomforinger/"),
            ("ot", "/tiltak/gjennomforinger/"),
            ("veileder", f"/tiltak/tilby/{ids['case']}/"),
            ("teamleder", "/tiltak/uten-tilbud/"),
            ("koordinator", "/avtaler/"),
            ("teamleder", "/avtaler/"),
            ("ot", "/avtaler/"),
            # Filters and depth on those lists, and the indicators' drill-down (the rows behind
            # one figure, a page of them).
            ("ot", f"/listevask/{ids['washing']}/?resultat=kun_ot"),
            ("ot", f"/listevask/{ids['washing']}/?resultat=begge&side=2"),
            ("teamleder", "/tiltak/uten-tilbud/?side=70"),
            ("teamleder", "/teamleder/indikatorer/?vis=plan_innen_1_mnd"),
            ("teamleder", "/teamleder/indikatorer/?vis=spesielt_tilpasset_med_plan&side=5"),
            ("teamleder", "/teamleder/indikatorer/?vis=dager_vedtak_til_plan"),
            ("veileder", f"/saker/{ids['case']}/aktivitetsplan/"),
            ("veileder", f"/saker/{ids['case']}/vedtak/"),
            ("koordinator", "/fylke/"),
            ("koordinator", f"/fylke/kontor/{ids['office']}/"),
        ]
    )


def lookup_ids() -> dict:
    """Real ids from the national database for the pages above."""
    from django.db.models import Count

    from accounts.models import User
    from cases.models import AccessLog, Case, WashingSession

    veileder = User.objects.get(username="veileder")
    ot = User.objects.get(username="ot")
    case = Case.objects.filter(nav_veileder=veileder).exclude(status="avsluttet").first()
    ot_case = Case.objects.filter(ot_kontakt=ot).exclude(status="avsluttet").first()
    other = Case.objects.filter(nav_kontor=veileder.unit).exclude(youth__fnr=None).last()
    ot_other = Case.objects.filter(ot_enhet=ot.unit).exclude(youth__fnr=None).last()
    busy = (
        AccessLog.objects.filter(user__username__startswith="nb.")
        .values("user__username")
        .annotate(n=Count("id"))
        .order_by("-n")[:1]
    )
    washing = WashingSession.objects.filter(ot_enhet=ot.unit).order_by("-pk").first()
    return {
        "washing": washing.pk if washing else 0,
        "office": veileder.unit.office.pk,
        "case": case.pk,
        "ot_case": ot_case.pk,
        "nav_fnr": other.youth.fnr,
        "ot_fnr": ot_other.youth.fnr,
        "name": "Hansen",
        "busy_user": busy[0]["user__username"] if busy else "veileder",
    }


class Browser:
    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.base + path, timeout=120) as response:
                response.read()
                return response.status, response.geturl()
        except urllib.error.HTTPError as error:
            return error.code, error.geturl()

    def login(self, username: str, password: str) -> None:
        http_login(self.opener, self.base, username, password)


def nearest_rank(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q * len(ordered) + 0.5) - 1))]


def count_queries(pages_: list[tuple[str, str]]) -> dict[tuple[str, str], list]:
    """Each page's queries, through the test client in this process (same database)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User

    clients: dict[str, Client] = {}
    captured = {}
    for persona, path in pages_:
        if persona not in clients:
            clients[persona] = Client()
            clients[persona].force_login(User.objects.get(username=persona))
        with CaptureQueriesContext(connection) as queries:
            clients[persona].get(path, HTTP_HOST="localhost")
        captured[(persona, path)] = list(queries.captured_queries)
    return captured


def goal_for(path: str) -> int:
    for prefix, goal in GOALS_MS.items():
        if path.startswith(prefix):
            return goal
    return PAGE_GOAL_MS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=DEFAULT_DB)
    parser.add_argument("--url", help="a running server (loopback) instead of starting one")
    parser.add_argument("--port", type=int, default=0, help="port for the started server")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument(
        "--only", default="", help="only pages whose path contains this (or any of a,b,c)"
    )
    parser.add_argument("--explain", default="", help="EXPLAIN ANALYZE the slowest query")
    args = parser.parse_args()

    env = national_env(args.db)
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connection

    from nav_ot.demo_accounts import DEMO_PASSWORD

    parts = args.only.split(",")
    todo = [p for p in pages(lookup_ids()) if any(part in p[1] for part in parts)]
    server = None
    if args.url:
        if urllib.parse.urlsplit(args.url).hostname not in LOOPBACK:
            parser.error("only a server on this machine")
        base = args.url.rstrip("/")
    else:
        port = args.port or free_port()
        print(f"starting the app on 127.0.0.1:{port} against {args.db} …", flush=True)
        server = start_server(env, port)
        base = f"http://127.0.0.1:{port}"
    try:
        browsers = {}
        for persona in {p for p, _ in todo} | {"veileder"}:
            browsers[persona] = Browser(base)
            browsers[persona].login(persona, DEMO_PASSWORD)
        health = Browser(base)
        for persona, path in todo:  # warm up each worker's caches and connections
            browsers[persona].get(path)
            browsers[persona].get(path)
        timings: dict[tuple[str, str], list[float]] = {key: [] for key in todo}
        timings[("-", "/healthz")] = []
        errors: dict[tuple[str, str], int] = {}
        print(f"load average before: {os.getloadavg()}", flush=True)
        for _ in range(args.rounds):
            for persona, path in todo:
                for key, browser in (
                    ((persona, path), browsers[persona]),
                    (("-", "/healthz"), health),
                ):
                    started = time.perf_counter()
                    status, final = browser.get(key[1])
                    timings[key].append((time.perf_counter() - started) * 1000)
                    if status >= 400 or "/logg-inn/" in final:
                        errors[key] = errors.get(key, 0) + 1
        load = os.getloadavg()
    finally:
        if server is not None:
            stop_server(server)

    captured = count_queries(todo)
    health_p95 = nearest_rank(timings[("-", "/healthz")], 0.95)
    print(f"\nload average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; rounds {args.rounds}")
    print(f"{'persona':<13}{'page':<58}{'median':>8}{'p95':>8}{'queries':>8}{'× hz':>7}  goal")
    over = 0
    for key, values in timings.items():
        persona, path = key
        median, p95 = statistics.median(values), nearest_rank(values, 0.95)
        queries = len(captured.get(key, []))
        goal = goal_for(path)
        ok = path == "/healthz" or (p95 <= goal and p95 <= HEALTHZ_RATIO * health_p95)
        over += not ok
        flag = "" if ok else "  OVER"
        if key in errors:
            flag += f"  {errors[key]} errors"
        print(
            f"{persona:<13}{path[:57]:<58}{median:>8.0f}{p95:>8.0f}{queries:>8}"
            f"{p95 / health_p95:>6.1f}×  {goal if path != '/healthz' else ''}{flag}"
        )
    print(f"{over} pages over goal; healthz p95 {health_p95:.1f} ms")
    if args.explain:
        key = next(k for k in captured if args.explain in k[1])
        slowest = max(captured[key], key=lambda q: float(q["time"]))
        print(f"\nslowest query of {key[1]} ({float(slowest['time']) * 1000:.0f} ms):")
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest["sql"])
            print("\n".join(row[0] for row in cursor.fetchall()))


if __name__ == "__main__":
    main()
