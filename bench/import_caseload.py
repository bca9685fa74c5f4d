"""Benchmark: import_caseload on 50,000 and 1,000,000 vedtak, and on a file of invalid rows.

Run: .venv/bin/python bench/import_caseload.py [--rows 50000 1000000] [--invalid-mb 49]
In a throwaway database (test_bench_trekant) with the demo organisation, it writes each caseload
CSV (valid, distinct fødselsnummer, ages 16–29, about 60 % with an approved plan), then runs
`manage.py import_caseload` on it in a child process, twice (the rerun changes nothing), and
prints the time and the child's peak RSS. Then the same for a file of invalid rows: time, the
size of what the command printed, and peak RSS.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _throwaway_db import throwaway_database  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
HEADER = "fnr,fornavn,etternavn,nav_kontor,innsatsgruppe,vedtak_dato,aktivitetsplan_godkjent_dato\n"
GRUPPER = ("SITUASJONSBESTEMT_INNSATS", "STANDARD_INNSATS", "SPESIELT_TILPASSET_INNSATS")


def day_fnrs(born: dt.date):
    """The valid fødselsnummer of one birth date."""
    from stdnum.no.fodselsnummer import calc_check_digit1, calc_check_digit2

    # Individual numbers 500–999 are those born 2000–2039; 000–499 those born 1900–1999.
    for individual in range(500, 1000) if born.year >= 2000 else range(0, 500):
        base = born.strftime("%d%m%y") + f"{individual:03d}"
        check1 = calc_check_digit1(base)
        if len(check1) != 1:
            continue
        check2 = calc_check_digit2(base + check1)
        if len(check2) == 1:
            yield base + check1 + check2


def write_caseload(path: Path, rows: int, today: dt.date) -> None:
    """Rows spread over about 12 years of birth dates, the youngest 16."""
    per_day = -(-rows // 4500)
    born = today.replace(year=today.year - 16)
    written = 0
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        while written < rows:
            for fnr in islice(day_fnrs(born), min(per_day, rows - written)):
                vedtak = today - dt.timedelta(days=written % 540)
                plan = vedtak + dt.timedelta(days=20)
                plan_text = plan.isoformat() if written % 5 < 3 and plan <= today else ""
                gruppe = GRUPPER[written % 3]
                out.write(f"{fnr},Ung,Nummer,1203,{gruppe},{vedtak},{plan_text}\n")
                written += 1
            born -= dt.timedelta(days=1)


def write_invalid(path: Path, megabytes: int) -> int:
    line = "12345678901,Ola,Nordmann,1203,SITUASJONSBESTEMT_INNSATS,2026-01-31,2026-02-20\n"
    count = megabytes * 1024 * 1024 // len(line)
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for _ in range(count // 1000):
            out.write(line * 1000)
    return count // 1000 * 1000


# manage.py in the child, which then reports its own peak RSS (in kB on Linux) as its last line.
CHILD = """
import resource, runpy, sys
sys.argv = ["manage.py", "import_caseload", sys.argv[1]]
try:
    runpy.run_path("manage.py", run_name="__main__")
finally:
    sys.stdout.flush()
    print("maxrss", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def run_import(path: Path, database_url: str) -> tuple[float, int, int, str]:
    """(seconds, peak RSS in MB, bytes printed, summary line) of one import in a child process."""
    env = {**os.environ, "DATABASE_URL": database_url}
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(path)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=err,
            check=False,
        )
        seconds = time.perf_counter() - start
        *output, rss = done.stdout.decode().strip().splitlines()
        printed = err.tell() + sum(len(line) + 1 for line in output)
    return seconds, int(rss.split()[1]) // 1024, printed, output[-1] if output else ""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, nargs="+", default=[50_000, 1_000_000])
    parser.add_argument("--invalid-mb", type=int, default=49)
    args = parser.parse_args()

    with throwaway_database("test_bench_import_caseload"), tempfile.TemporaryDirectory() as tmp:
        from django.core.management import call_command
        from django.db import connection
        from django.utils import timezone

        call_command("seed_demo", "--youth", "0", "--force", stdout=open(os.devnull, "w"))
        db = connection.settings_dict
        database_url = (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        )
        connection.close()  # the child does the writing
        today = timezone.localdate()
        for rows in args.rows:
            path = Path(tmp) / f"caseload-{rows}.csv"
            start = time.perf_counter()
            write_caseload(path, rows, today)
            size = path.stat().st_size / 1024 / 1024
            print(f"{rows:>9,} rows: file {size:.0f} MB in {time.perf_counter() - start:.1f} s")
            for attempt in ("import", "rerun"):
                seconds, peak, _, summary = run_import(path, database_url)
                print(
                    f"  {attempt:6} {seconds:7.1f} s  {rows / seconds:9,.0f} rows/s  "
                    f"peak RSS {peak} MB  {summary}"
                )
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM cases_sweepchange")
                print(f"  change rows noted for the next sweep: {cursor.fetchone()[0]:,}")
            connection.close()
        path = Path(tmp) / "invalid.csv"
        count = write_invalid(path, args.invalid_mb)
        seconds, peak, printed, summary = run_import(path, database_url)
        print(
            f"{count:,} invalid rows ({path.stat().st_size / 1024 / 1024:.0f} MB): {seconds:.1f} s, "
            f"printed {printed / 1024:.0f} KB, peak RSS {peak} MB  {summary}"
        )


if __name__ == "__main__":
    main()
