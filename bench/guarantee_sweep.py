"""Benchmark: the daily guarantee sweep on N vedtak, beside the floor it cannot beat.

Run: .venv/bin/python bench/guarantee_sweep.py [--vedtak 1000000]
In a throwaway database (test_bench_trekant) it generates N youth with one fattet vedtak each
(mixed innsatsgrupper, ages 16–29, the last 18 months) and approved plans for about 60 %, then
times, in one run:
- the floor: one bare set-based UPDATE touching every deadline row;
- the first sweep (creates every deadline) and a same-day rerun (changes nothing);
- the sweep the next day (statuses move);
- the team lead's deadline queue page for one office.
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


def timed(label: str, func):
    start = time.perf_counter()
    result = func()
    elapsed = time.perf_counter() - start
    print(f"{label:48} {elapsed:8.2f} s  {result if result is not None else ''}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--vedtak", type=int, default=1_000_000)
    args = parser.parse_args()

    import datetime as dt

    with throwaway_database():
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        from accounts.models import Unit, User
        from cases.guarantees import sweep

        call_command("seed_demo", "--youth", "0", stdout=open(os.devnull, "w"))
        office = Unit.objects.get(kode="1203")
        # One office holds 1/200 of the vedtak (a large NAV-kontor); the rest sit elsewhere.
        elsewhere = Unit.objects.create(
            type="nav_kontor", kode="9999", navn="Resten av landet", parent=office.parent
        )
        today = dt.date(2026, 11, 23)
        n = args.vedtak

        def generate():
            with connection.cursor() as c:
                c.execute(
                    """
                    INSERT INTO cases_youth (fnr, first_name, last_name, birth_date, created_at)
                    SELECT NULL, 'Ung', 'Nr ' || g, %s::date - (16 * 365 + ((g::bigint * 7919) %% (13 * 365))::int), now()
                      FROM generate_series(1, %s) g
                """,
                    [today, n],
                )
                c.execute(
                    """
                    INSERT INTO cases_vedtak14a (youth_id, nav_kontor_id, innsatsgruppe, hovedmal, begrunnelse, kilder,
                                                 status, vedtak_dato, change_reason, imported, created_at)
                    SELECT y.id, CASE WHEN y.id %% 200 = 0 THEN %s ELSE %s END,
                           (ARRAY['SITUASJONSBESTEMT_INNSATS','SITUASJONSBESTEMT_INNSATS','STANDARD_INNSATS',
                                  'SPESIELT_TILPASSET_INNSATS','VARIG_TILPASSET_INNSATS'])[1 + y.id %% 5],
                           '', '', '', 'fattet', %s::date - ((y.id * 31) %% 541)::int, '', true, now()
                      FROM cases_youth y
                """,
                    [office.pk, elsewhere.pk, today],
                )
                c.execute(
                    """
                    INSERT INTO cases_aktivitetsplan (youth_id, mal, godkjent_dato, imported, created_at)
                    SELECT v.youth_id, '', v.vedtak_dato + ((v.id * 13) %% 60)::int, true, now()
                      FROM cases_vedtak14a v WHERE v.id %% 10 < 6 AND v.vedtak_dato + ((v.id * 13) %% 60)::int <= %s
                """,
                    [today],
                )
                c.execute("ANALYZE")
            return f"{n:,} vedtak"

        timed("generate data", generate)
        first = timed("first sweep (creates every deadline)", lambda: sweep(today=today))
        rerun = timed("same-day rerun (must change nothing)", lambda: sweep(today=today))

        def floor():
            with connection.cursor() as c:
                c.execute("UPDATE cases_frist SET updated_on = %s", [today])
                return f"{c.rowcount:,} rows"

        floor_time = timed("floor: bare UPDATE of every deadline row", floor)
        next_day = timed("next-day sweep", lambda: sweep(today=today + dt.timedelta(days=1)))
        print(
            f"next-day sweep / floor = {next_day / floor_time:.1f}x; first sweep / floor = {first / floor_time:.1f}x"
        )

        lead = User.objects.get(username="teamleder")
        client = Client()
        client.force_login(lead)
        timings = []
        for _ in range(10):
            start = time.perf_counter()
            assert client.get("/teamleder/frister/", HTTP_HOST="localhost").status_code == 200
            timings.append((time.perf_counter() - start) * 1000)

        with CaptureQueriesContext(connection) as queries:
            client.get("/teamleder/frister/", HTTP_HOST="localhost")
        slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:3]
        for query in slowest:
            print(f"  {float(query['time']) * 1000:7.1f} ms  {query['sql'][:200]}")
        if os.environ.get("BENCH_EXPLAIN"):
            with connection.cursor() as c:
                c.execute("EXPLAIN ANALYZE " + slowest[0]["sql"])
                print("\n".join(row[0] for row in c.fetchall()))
        from cases.models import Frist

        in_office = Frist.objects.filter(vedtak__nav_kontor=office).count()
        print(
            f"{'deadline queue page (median of 10)':48} {statistics.median(timings):8.1f} ms  ({in_office:,} deadlines at the office)"
        )
        _ = rerun


if __name__ == "__main__":
    main()
