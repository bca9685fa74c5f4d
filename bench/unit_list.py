"""Benchmark: the unit's case list and "Mine saker" on a realistic office.

Run: .venv/bin/python bench/unit_list.py [--cases N]
Creates a throwaway database (test_bench_trekant) on the configured server, seeds N cases on
one NAV office, and times the two pages through Django's test client. Prints figures; asserts
nothing (targets are in bench/README.md).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _throwaway_db import throwaway_database  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()

    with throwaway_database():
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        from accounts.models import User

        started = time.perf_counter()
        call_command(
            "seed_demo", "--youth", str(args.cases), "--seed", "1", stdout=open(os.devnull, "w")
        )
        print(f"seed_demo --youth {args.cases}: {time.perf_counter() - started:.1f} s")
        user = User.objects.get(username="veileder")
        client = Client()
        client.force_login(user)
        for url in ("/saker/", "/saker/?sort=navn&side=3", "/saker/?q=an&alder=20-24", "/mine/"):
            timings = []
            for _ in range(args.rounds):
                with CaptureQueriesContext(connection) as queries:
                    t = time.perf_counter()
                    response = client.get(url)
                    timings.append((time.perf_counter() - t) * 1000)
                assert response.status_code == 200, url
            print(
                f"{url:32} median {statistics.median(timings):6.1f} ms  p95 {sorted(timings)[int(len(timings) * 0.95) - 1]:6.1f} ms  {len(queries)} queries"
            )


if __name__ == "__main__":
    main()
