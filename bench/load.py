"""Load: N logged-in users on the worklists, a case page and the team lead's queue, beside /healthz.

Run by hand, not as a test, against a server on this machine (loopback only):

    # once: the demo data plus enough users (idempotent; same DATABASE_URL as the server)
    DATABASE_URL=... .venv/bin/python bench/load.py --setup
    # a server as `make run` starts it (nav_ot/devstack.py: gunicorn, 2 workers × 4 threads),
    # or `make run` itself, which listens on 127.0.0.1:8000
    .venv/bin/python bench/load.py --url http://127.0.0.1:8000 --users 50 --duration 60

    # at national scale (bench/national.py built the database): starts the app as `make run`
    # does against it, on a free port, and stops it afterwards
    .venv/bin/python bench/load.py --db trekant_national --users 50 --duration 60

Each user logs in once, then requests pages in a closed loop without think time for the
duration: a random pick of /mine/, /saker/, a case page it may see, /teamleder/frister/ (team
leads only) and /healthz, so /healthz is measured under the same load. Prints requests/s, p50,
p95, p99 and errors per page, and each page's p95 over /healthz's. Errors are exceptions,
HTTP status >= 400 and pages that bounced to the login form.

With --db the users are the national database's: the personas and their colleagues at NAV
Bergenhus (the largest office) and OT Vestland – Bergen (the county unit), a tenth of them
team leads; the mix adds a deep page of the unit list at a random sort, a search by name and,
for NAV team leads, the indicators. The resident memory (RSS) of each gunicorn worker is sampled
every second, and the largest is printed (goal: no worker above 300 MB).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import random
import re
import statistics
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
MAX_USERS, MAX_DURATION = 200, 600
LOAD_VEILEDERE = [(f"last.veileder{n:02d}", "1203" if n % 2 else "1210") for n in range(1, 43)]
LOAD_TEAMLEDERE = [(f"last.teamleder{n:02d}", "1203") for n in range(1, 6)]
FIXED = [("veileder", False), ("veileder.asane", False), ("teamleder", True)]


def all_users() -> list[tuple[str, bool]]:
    """(username, is team lead), the fixed demo users first."""
    return (
        FIXED
        + [(name, False) for name, _ in LOAD_VEILEDERE]
        + [(name, True) for name, _ in LOAD_TEAMLEDERE]
    )


def setup() -> None:
    """Seed the demo data if the database is empty, and add the load users to the demo units."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nav_ot.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from accounts.models import Role, Unit, User
    from nav_ot.demo_accounts import DEMO_PASSWORD

    call_command("migrate", "--noinput", verbosity=0)
    call_command("seed_demo", "--if-empty", "--force")
    units = {u.kode: u for u in Unit.objects.filter(kode__in=["1203", "1210"])}
    wanted = [(n, Role.NAV_VEILEDER, k) for n, k in LOAD_VEILEDERE] + [
        (n, Role.NAV_TEAMLEDER, k) for n, k in LOAD_TEAMLEDERE
    ]
    created = 0
    for username, role, kode in wanted:
        user, is_new = User.objects.get_or_create(
            username=username,
            defaults={
                "role": role,
                "unit": units[kode],
                "first_name": "Last",
                "last_name": username,
            },
        )
        if is_new:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            created += 1
    print(f"{created} load users created; {len(wanted)} in all, password as the demo users.")


def http_login(opener, base: str, username: str, password: str) -> None:
    """Log in through the login form, as a browser does; the session lands in opener's jar."""
    with opener.open(base + "/logg-inn/", timeout=60) as response:
        page = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if not token:
        raise RuntimeError(f"{username}: no login form")
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token[1], "username": username, "password": password}
    ).encode()
    request = urllib.request.Request(
        base + "/logg-inn/", data=body, headers={"Referer": base + "/logg-inn/"}
    )
    with opener.open(request, timeout=60) as response:
        if "/logg-inn/" in response.geturl():
            raise RuntimeError(f"{username}: login failed (run --setup?)")


def national_users(count: int) -> list[tuple[str, bool]]:
    """(username, is NAV team lead) from the national database (bench/national.py): the
    personas first, then colleagues at NAV Bergenhus and OT Vestland – Bergen, one in ten a lead."""
    from accounts.models import User as Account

    leads = ["teamleder", "ot.teamleder"] + list(
        Account.objects.filter(username__regex=r"^nb\.(1203|ot-46-bergen)\.t")
        .order_by("username")
        .values_list("username", flat=True)
    )
    sides = []
    for persona, prefix in (("veileder", "nb.1203.v"), ("ot", "nb.ot-46-bergen.r")):
        sides.append(
            [persona]
            + list(
                Account.objects.filter(username__startswith=prefix)
                .order_by("id")
                .values_list("username", flat=True)[:count]
            )
        )
    nav_leads = set(
        Account.objects.filter(username__in=leads, role="nav_teamleder").values_list(
            "username", flat=True
        )
    )
    workers = [name for pair in zip(*sides, strict=False) for name in pair]
    chosen = leads[: max(1, count // 10)] + workers
    return [(name, name in nav_leads) for name in chosen[:count]]


class User:
    """One logged-in browser: its own cookie jar, so its own session."""

    def __init__(self, base: str, username: str, lead: bool, national: bool = False):
        self.base, self.username, self.lead, self.national = base, username, lead, national
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        self.case_path: str | None = None

    def get(self, path: str) -> tuple[int, str, str]:
        try:
            with self.opener.open(self.base + path, timeout=30) as response:
                return response.status, response.geturl(), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.geturl(), ""

    def login(self, password: str) -> None:
        http_login(self.opener, self.base, self.username, password)
        _, _, unit_list = self.get("/saker/")
        found = re.search(r'href="(/saker/\d+/)"', unit_list)
        self.case_path = found[1] if found else None

    def mix(self) -> list[tuple[str, str]]:
        pages = [("/mine/", "/mine/"), ("/saker/", "/saker/"), ("/healthz", "/healthz")]
        if self.case_path:
            pages.append(("case page", self.case_path))
        if self.lead:
            pages.append(("/teamleder/frister/", "/teamleder/frister/"))
        if self.national:
            pages.append(("/saker/ deep, sorted", "deep"))
            pages.append(("search by name", "/saker/?q=Hansen"))
            if self.lead:
                pages.append(("/teamleder/indikatorer/", "/teamleder/indikatorer/"))
        return pages


SORTS = ["navn", "-navn", "alder", "status", "-created_at"]


def deep_page(rng: random.Random) -> str:
    """A page of the unit list at a random sort and depth (25 per page)."""
    return f"/saker/?sort={rng.choice(SORTS)}&side={rng.randint(2, 300)}"


def run_user(user: User, until: float, samples: list, lock: threading.Lock, seed: int) -> None:
    rng = random.Random(seed)
    mix = user.mix()
    mine = []
    while time.monotonic() < until:
        name, path = rng.choice(mix)
        if path == "deep":
            path = deep_page(rng)
        started = time.perf_counter()
        try:
            status, final_url, _ = user.get(path)
            ok = status < 400 and "/logg-inn/" not in final_url
        except OSError:
            ok = False
        mine.append((name, time.perf_counter() - started, ok))
    with lock:
        samples.extend(mine)


def worker_pids(port: int) -> list[int]:
    """The gunicorn workers serving `port`: processes whose parent is its gunicorn master."""
    procs = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if "gunicorn" in cmd and f":{port}" in cmd:
            procs[int(entry.name)] = ppid
    return [pid for pid, ppid in procs.items() if ppid in procs]


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def sample_rss(port: int, until: float, peaks: dict[int, float]) -> None:
    while time.monotonic() < until:
        for pid in worker_pids(port):
            peaks[pid] = max(peaks.get(pid, 0.0), rss_mb(pid))
        time.sleep(1)


def report(samples: list, elapsed: float) -> None:
    by_name: dict[str, list[tuple[float, bool]]] = {}
    for name, seconds, ok in samples:
        by_name.setdefault(name, []).append((seconds, ok))
    by_name["all pages"] = [(s, ok) for n, s, ok in samples if n != "/healthz"]

    def p(values: list[float], q: int) -> float:
        return statistics.quantiles(values, n=100, method="inclusive")[q - 1] * 1000

    health = [s for s, _ in by_name.get("/healthz", [])]
    health_p95 = p(health, 95) if len(health) > 1 else float("nan")
    print(
        f"{'page':<22}{'n':>7}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}"
        f"{'p95/healthz':>13}"
    )
    for name, rows in sorted(by_name.items()):
        times = [s for s, _ in rows]
        errors = sum(1 for _, ok in rows if not ok)
        if len(times) < 2:
            continue
        print(
            f"{name:<22}{len(times):>7}{len(times) / elapsed:>8.1f}{p(times, 50):>9.0f}"
            f"{p(times, 95):>9.0f}{p(times, 99):>9.0f}{errors:>8}{p(times, 95) / health_p95:>12.1f}×"
        )
    print(f"total {len(samples)} requests in {elapsed:.1f} s = {len(samples) / elapsed:.1f} req/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--setup", action="store_true", help="add the load users, then exit")
    parser.add_argument("--url", default="", help="a running server (default 127.0.0.1:8000)")
    parser.add_argument("--db", default="", help="the national database: start the app on it")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds")
    args = parser.parse_args()
    if args.setup:
        setup()
        return
    if not (0 < args.duration <= MAX_DURATION):
        parser.error(f"--duration between 0 and {MAX_DURATION} s")
    if not (1 <= args.users <= MAX_USERS):
        parser.error(f"--users between 1 and {MAX_USERS}")

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from nav_ot.demo_accounts import DEMO_PASSWORD

    server = None
    if args.db:
        from national import free_port, national_env, start_server, stop_server

        env = national_env(args.db)
        os.environ.update(env)
        import django

        django.setup()
        chosen = national_users(args.users)
        if not args.url:
            port = free_port()
            print(f"starting the app on 127.0.0.1:{port} against {args.db} …", flush=True)
            server = start_server(env, port)
            args.url = f"http://127.0.0.1:{port}"
    else:
        chosen = all_users()
    args.url = args.url or "http://127.0.0.1:8000"
    if urllib.parse.urlsplit(args.url).hostname not in LOOPBACK:
        parser.error("only a server on this machine (127.0.0.1, localhost, ::1)")
    if args.users > len(chosen):
        parser.error(f"--users at most {len(chosen)}")
    try:
        run(args, chosen[: args.users], DEMO_PASSWORD)
    finally:
        if server is not None:
            stop_server(server)


def run(args, chosen: list[tuple[str, bool]], password: str) -> None:
    base = args.url.rstrip("/")
    users = [User(base, name, lead, national=bool(args.db)) for name, lead in chosen]
    started = time.perf_counter()
    for user in users:  # one after another: Argon2 makes a login deliberately slow
        user.login(password)
    print(
        f"{len(users)} users logged in ({time.perf_counter() - started:.1f} s); "
        f"{sum(1 for u in users if u.case_path)} found a case page; loading {args.duration:.0f} s",
        flush=True,
    )

    samples: list = []
    lock = threading.Lock()
    until = time.monotonic() + args.duration
    port = urllib.parse.urlsplit(base).port or 80
    peaks: dict[int, float] = {pid: rss_mb(pid) for pid in worker_pids(port)}
    before = dict(peaks)
    threads = [
        threading.Thread(target=run_user, args=(user, until, samples, lock, seed))
        for seed, user in enumerate(users)
    ] + [threading.Thread(target=sample_rss, args=(port, until, peaks))]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    load = os.getloadavg()
    report(samples, elapsed)
    print(f"load average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    for pid, peak in sorted(peaks.items()):
        print(f"gunicorn worker {pid}: RSS {before.get(pid, 0):.0f} MB before, peak {peak:.0f} MB")


if __name__ == "__main__":
    main()
