"""Benchmark: the nightly access-log purge (ACCESS_LOG_RETENTION_DAYS) on a large log.

Run: .venv/bin/python bench/access_log_purge.py [--rows N]
Creates a throwaway database (test_bench_purge) on the configured server, seeds a small demo
(users and cases), writes N access-log rows set-based with `at` spread over the last seven years
(so about two sevenths are past the default five-year retention), and times one nightly run of
the purge, then a second run (nothing left to delete). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _throwaway_db import throwaway_database  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=2_000_000)
    args = parser.parse_args()

    with throwaway_database("test_bench_purge"):
        from django.core.management import call_command
        from django.db import connection

        from cases.services.access_log import PURGE_BATCH, access_log_cutoff, access_log_purge

        call_command("seed_demo", "--youth", "200", "--seed", "1", stdout=open(os.devnull, "w"))
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(
                """
                WITH c AS (SELECT array_agg(id ORDER BY id) AS ids,
                                  array_agg(youth_id ORDER BY id) AS youths, count(*) AS k
                             FROM cases_case),
                     u AS (SELECT min(id) AS id FROM accounts_user)
                INSERT INTO cases_accesslog (user_id, case_id, youth_id, agency, unit_id, action,
                                             path, at)
                SELECT u.id, c.ids[(1 + n %% c.k)::int], c.youths[(1 + n %% c.k)::int], 'nav',
                       NULL, 'liste', '/saker/', now() - random() * interval '7 years'
                  FROM generate_series(1, %s) n, c, u
                """,
                [args.rows],
            )
            cursor.execute("ANALYZE cases_accesslog")
            cursor.execute(
                "SELECT count(*) FROM cases_accesslog WHERE at < %s", [access_log_cutoff()]
            )
            past = cursor.fetchone()[0]
        print(
            f"{args.rows:,} rows written in {time.perf_counter() - started:.1f} s; {past:,} past retention"
        )
        for run in ("first night", "second night"):
            started = time.perf_counter()
            deleted = access_log_purge()
            seconds = time.perf_counter() - started
            batches = -(-deleted // PURGE_BATCH)
            per_batch = f" ({seconds / batches * 1000:.0f} ms per {PURGE_BATCH:,}-row batch)"
            print(
                f"{run}: {deleted:,} rows deleted in {seconds:.1f} s{per_batch if batches else ''}"
            )


if __name__ == "__main__":
    main()
