"""Benchmark: washing in both directions (NAV's list, and each side's youth already in Trekant).

Run: .venv/bin/python bench/wash_directions.py [--youth 100000] [--rows 10000]
In a throwaway database (test_bench_wash_directions) it generates one county with one NAV office
and one OT unit and `--youth` youth aged 15–23, each with a case: 40 % followed by OT only,
40 % by NAV only, 20 % by both (an open oppfølgingsperiode per side, an owner on three in four,
OT's period ended because the youth moved for one in twenty of NAV's). Then it times, end to
end through the services the pages and the command use:
- NAV's list of `--rows` rows (NAV's followed youth with their numbers) against OT's follow-up
  (cases.washing.wash_file with nav_kontor);
- NAV's youth in Trekant (cases.washing.wash_register with nav_kontor);
- OT's youth in Trekant (cases.washing.wash_register).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _steps import time_steps  # noqa: E402
from _throwaway_db import throwaway_database  # noqa: E402

# Youth aged 15–23 (OT's age range), one case each; c.id % 10 decides who follows:
# 0–3 OT only, 4–7 NAV only, 8–9 both.
POPULATE = """
INSERT INTO cases_case (youth_id, status, outcome, new_for_nav_veileder, new_for_ot_kontakt,
       guardian_name, guardian_phone, guardian_agency, ot_status, school, programme,
       created_at, updated_at, nav_kontor_id, ot_enhet_id, nav_veileder_id, ot_kontakt_id)
SELECT y.id, 'aktiv', '', false, false, '', '', '', 'OTUK', '', '', now(), now(),
       CASE WHEN y.id %% 10 >= 4 THEN %(kontor)s END,
       CASE WHEN y.id %% 10 < 4 OR y.id %% 10 >= 8 OR y.id %% 20 = 5 THEN %(ot)s END,
       CASE WHEN y.id %% 10 >= 4 AND y.id %% 4 <> 0 THEN %(veileder)s END,
       CASE WHEN (y.id %% 10 < 4 OR y.id %% 10 >= 8) AND y.id %% 4 <> 1 THEN %(radgiver)s END
FROM cases_youth y;

INSERT INTO cases_oppfolgingsperiode (case_id, agency, started_on, ended_on, outcome, reason,
       ot_status_start, ot_status_end, ended_by_id, created_at)
SELECT c.id, 'nav', %(today)s::date - 100, NULL::date, '', '', '', '', NULL::bigint, now()
FROM cases_case c WHERE c.nav_kontor_id IS NOT NULL
UNION ALL
SELECT c.id, 'ot', %(today)s::date - 200,
       CASE WHEN c.nav_kontor_id IS NOT NULL AND c.ot_kontakt_id IS NULL
                 AND c.youth_id %% 10 < 8 THEN %(today)s::date - 10 END,
       CASE WHEN c.nav_kontor_id IS NOT NULL AND c.ot_kontakt_id IS NULL
                 AND c.youth_id %% 10 < 8 THEN 'flyttet' ELSE '' END,
       '', 'OTUK', '', NULL, now()
FROM cases_case c WHERE c.ot_enhet_id IS NOT NULL;

ANALYZE cases_youth;
ANALYZE cases_case;
ANALYZE cases_oppfolgingsperiode;
"""


def _youth(n: int, today: dt.date) -> str:
    """COPY text of `n` youth aged 15–23 with valid, distinct fødselsnumre."""
    from nav_ot.identity import generate_fnr

    rng, seen, out = random.Random(1), set(), io.StringIO()
    while len(seen) < n:
        born = today - dt.timedelta(days=15 * 365 + rng.randrange(9 * 365))
        fnr = generate_fnr(born, rng)
        if fnr not in seen:
            seen.add(fnr)
            k = len(seen)
            out.write(f"{fnr}\tFornavn{k % 997}\tEtternavn{k % 1009}\t{born}\t{today}\n")
    return out.getvalue()


def _time_steps() -> dict[str, float]:
    """Time each step of cases/washing/directions.py (the rest is the session and counts)."""
    from cases.washing import directions

    return time_steps(directions, ("insert_own_rows", "settle_rows", "add_other_side"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--youth", type=int, default=100_000)
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()

    with throwaway_database("test_bench_wash_directions"):
        from django.db import connection
        from django.utils import timezone

        from accounts.models import Role, Unit, User
        from cases.washing import wash_file, wash_register

        fylke = Unit.objects.create(type="fylke", kode="46", navn="Vestland")
        kontor = Unit.objects.create(type="nav_kontor", kode="1203", navn="NAV", parent=fylke)
        ot = Unit.objects.create(type="ot_enhet", kode="OT-46", navn="OT", parent=fylke)
        veileder = User.objects.create(username="nav", role=Role.NAV_VEILEDER, unit=kontor)
        radgiver = User.objects.create(username="ot", role=Role.OT_RADGIVER, unit=ot)

        start = time.perf_counter()
        with connection.cursor() as cursor:
            columns = "fnr, first_name, last_name, birth_date, created_at"
            with cursor.copy(f"COPY cases_youth ({columns}) FROM STDIN") as copy:
                copy.write(_youth(args.youth, timezone.localdate()))
            cursor.execute(
                POPULATE,
                {
                    "n": args.youth,
                    "today": timezone.localdate(),
                    "kontor": kontor.id,
                    "ot": ot.id,
                    "veileder": veileder.id,
                    "radgiver": radgiver.id,
                },
            )
            cursor.execute(
                "SELECT y.fnr, y.first_name, y.last_name, to_char(y.birth_date, 'DD.MM.YYYY') "
                "FROM cases_case c JOIN cases_youth y ON y.id = c.youth_id "
                "WHERE c.nav_kontor_id IS NOT NULL ORDER BY c.id LIMIT %s",
                [args.rows],
            )
            lines = ["Fødselsnummer;Fornavn;Etternavn;Fødselsdato"]
            lines += [";".join(row) for row in cursor.fetchall()]
        data = ("\r\n".join(lines) + "\r\n").encode("utf-8")
        print(f"{args.youth:,} youth with cases generated in {time.perf_counter() - start:.1f} s")

        runs = [
            (
                f"NAV's list ({len(lines) - 1:,} rows)",
                lambda: wash_file(
                    user=veileder,
                    ot_enhet=ot,
                    nav_kontor=kontor,
                    data=data,
                    file_name="navliste.csv",
                ),
            ),
            (
                "NAV's youth in Trekant",
                lambda: wash_register(user=veileder, ot_enhet=ot, nav_kontor=kontor),
            ),
            ("OT's youth in Trekant", lambda: wash_register(user=radgiver, ot_enhet=ot)),
        ]
        for name, run in runs:
            steps = _time_steps()
            start = time.perf_counter()
            session = run()
            elapsed = time.perf_counter() - start
            counts = {key: value for key, value in session.counts.items() if value}
            print(f"{name}: {elapsed:.2f} s, {session.rows.count():,} rows, {counts}")
            print("  steps:", ", ".join(f"{k} {v:.2f} s" for k, v in steps.items()))


if __name__ == "__main__":
    main()
