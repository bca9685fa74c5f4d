"""Load: N logged-in users on the worklists, a case page and the team lead's queue, beside /healthz.

Run by hand, not as a test, against a server on this machine (loopback only):

    # once: the demo data plus enough users (idempotent; same DATABASE_URL as the server)
    DATABASE_URL=... .venv/bin/python bench/load.py --setup
    # a server as `make run` starts it (nav_ot/devstack.py: gunicorn, 2 workers × 4 threads),
    # or `make run` itself, which listens on 127.0.0.1:8000
    .venv/bin/python bench/load.py --url http://127.0.0.1:8000 --users 50 --duration 60

Each user logs in once, then requests pages in a closed loop without think time for the
duration: a random pick of /mine/, /saker/, a case page it may see, /teamleder/frister/ (team
leads only) and /healthz, so /healthz is measured under the same load. Prints requests/s, p50,
p95, p99 and errors per page, and each page's p95 over /healthz's. Errors are exceptions,
HTTP status >= 400 and pages that bounced to the login form.
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


class User:
    """One logged-in browser: its own cookie jar, so its own session."""

    def __init__(self, base: str, username: str, lead: bool):
        self.base, self.username, self.lead = base, username, lead
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
        return pages


def run_user(user: User, until: float, samples: list, lock: threading.Lock, seed: int) -> None:
    rng = random.Random(seed)
    mix = user.mix()
    mine = []
    while time.monotonic() < until:
        name, path = rng.choice(mix)
        started = time.perf_counter()
        try:
            status, final_url, _ = user.get(path)
            ok = status < 400 and "/logg-inn/" not in final_url
        except OSError:
            ok = False
        mine.append((name, time.perf_counter() - started, ok))
    with lock:
        samples.extend(mine)


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
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds")
    args = parser.parse_args()
    if args.setup:
        setup()
        return
    host = urllib.parse.urlsplit(args.url).hostname
    if host not in LOOPBACK:
        parser.error("only a server on this machine (127.0.0.1, localhost, ::1)")
    if not (1 <= args.users <= min(MAX_USERS, len(all_users()))):
        parser.error(f"--users between 1 and {min(MAX_USERS, len(all_users()))}")
    if not (0 < args.duration <= MAX_DURATION):
        parser.error(f"--duration between 0 and {MAX_DURATION} s")

    from_repo = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(from_repo))
    from nav_ot.demo_accounts import DEMO_PASSWORD

    base = args.url.rstrip("/")
    users = [User(base, name, lead) for name, lead in all_users()[: args.users]]
    started = time.perf_counter()
    for user in users:  # one after another: Argon2 makes a login deliberately slow
        user.login(DEMO_PASSWORD)
    print(
        f"{len(users)} users logged in ({time.perf_counter() - started:.1f} s); "
        f"{sum(1 for u in users if u.case_path)} found a case page; loading {args.duration:.0f} s"
    )

    samples: list = []
    lock = threading.Lock()
    until = time.monotonic() + args.duration
    threads = [
        threading.Thread(target=run_user, args=(user, until, samples, lock, seed))
        for seed, user in enumerate(users)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    report(samples, time.perf_counter() - started)


if __name__ == "__main__":
    main()
