"""Benchmark: the tiltak catalogue and offer pages at national size.

Run: .venv/bin/python bench/measures_pages.py [--gjennomforinger 3000] [--deltakelser 100000]
Creates a throwaway database, loads the demo organisation (seed_demo), then generates
gjennomføringer spread over the demo's offices (a third of them offered by NAV Bergenhus) and
participations with their status history set-based in SQL, and times each page through Django's
test client. Prints figures; asserts nothing (targets are in bench/README.md).
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

GENERATE = """
INSERT INTO measures_tiltaksarrangor (navn, organisasjonsnummer) VALUES ('Bench AS', '974760673')
ON CONFLICT DO NOTHING;
INSERT INTO measures_gjennomforing (tiltakstype_id, arrangor_id, navn, fylke_id, start_dato,
    slutt_dato, antall_plasser, apen_for_pamelding, kontaktpersoner, stoppaarsak,
    stoppbegrunnelse, created_at)
SELECT (SELECT id FROM measures_tiltakstype ORDER BY id OFFSET g %% 10 LIMIT 1),
       (SELECT id FROM measures_tiltaksarrangor LIMIT 1),
       'Gjennomføring ' || g, %(fylke)s, current_date - 200 + (g %% 100), NULL,
       20 + g %% 30, g %% 7 <> 0, '', '', '', now()
FROM generate_series(1, %(n)s) g;
INSERT INTO measures_gjennomforing_enheter (gjennomforing_id, unit_id)
SELECT gj.id, CASE WHEN gj.id %% 3 = 0 THEN %(office)s
                   ELSE (SELECT u.id FROM accounts_unit u WHERE u.type = 'nav_kontor'
                         ORDER BY u.id OFFSET gj.id %% %(offices)s LIMIT 1) END
FROM measures_gjennomforing gj WHERE gj.navn LIKE 'Gjennomføring %%'
ON CONFLICT DO NOTHING;
WITH pairs AS (
    SELECT c.id AS case_id, c.youth_id, gj.id AS gj_id,
           row_number() OVER () AS rn
    FROM (SELECT id, youth_id, row_number() OVER (ORDER BY id) AS k FROM cases_case) c
    JOIN LATERAL (SELECT id FROM measures_gjennomforing WHERE navn LIKE 'Gjennomføring %%'
                  ORDER BY (id * 7919 + c.k * 104729) %% 100003 LIMIT %(per_case)s) gj ON true
)
INSERT INTO measures_deltakelse (case_id, youth_id, gjennomforing_id, status, aarsak,
    aarsak_tekst, status_gyldig_fra, start_dato, bakgrunnsinformasjon, soknad_at,
    overbooket_begrunnelse, created_by_id, created_at)
SELECT case_id, youth_id, gj_id,
       (ARRAY['DELTAR','VENTER_PA_OPPSTART','VENTELISTE','FULLFORT','HAR_SLUTTET'])[1 + rn %% 5],
       CASE WHEN rn %% 5 = 4 THEN 'FATT_JOBB' ELSE '' END, '',
       current_date - (rn %% 300)::int, current_date - (rn %% 300)::int, '',
       now() - make_interval(days => (rn %% 300)::int), '', %(user)s, now()
FROM pairs WHERE rn <= %(deltakelser)s;
INSERT INTO measures_deltakelseendring (deltakelse_id, status, aarsak, aarsak_tekst, gyldig_fra,
    overbooket, endret_av_id, endret_at)
SELECT id, status, aarsak, '', status_gyldig_fra, false, created_by_id, created_at
FROM measures_deltakelse;
ANALYZE;
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--youth", type=int, default=2000)
    parser.add_argument("--gjennomforinger", type=int, default=3000)
    parser.add_argument("--deltakelser", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()

    with throwaway_database("test_bench_measures"):
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        from accounts.models import Unit, User
        from cases.models import Case
        from measures.models import Deltakelse

        started = time.perf_counter()
        call_command(
            "seed_demo", "--youth", str(args.youth), "--seed", "1", stdout=open(os.devnull, "w")
        )
        veileder = User.objects.get(username="veileder")
        office = veileder.unit.office
        cases = Case.objects.count()
        with connection.cursor() as cursor:
            cursor.execute(
                GENERATE,
                {
                    "n": args.gjennomforinger,
                    "fylke": office.fylke.pk,
                    "office": office.pk,
                    "offices": Unit.objects.filter(type="nav_kontor").count(),
                    "per_case": -(-args.deltakelser // max(cases, 1)),
                    "deltakelser": args.deltakelser,
                    "user": veileder.pk,
                },
            )
        print(
            f"generated in {time.perf_counter() - started:.1f} s: {args.gjennomforinger} "
            f"gjennomføringer, {Deltakelse.objects.count()} deltakelser on {cases} cases"
        )
        case = Case.objects.filter(nav_kontor=office).first()
        pages = [
            ("veileder", "/tiltak/"),
            ("veileder", "/tiltak/gjennomforinger/"),
            ("veileder", "/tiltak/gjennomforinger/?side=30&apne=on"),
            ("veileder", "/tiltak/ledige/"),
            ("veileder", f"/tiltak/tilby/{case.pk}/"),
            ("veileder", "/tiltak/rapport/"),
            ("koordinator", "/tiltak/gjennomforinger/?side=100"),
        ]
        for username, url in pages:
            client = Client()
            client.force_login(User.objects.get(username=username))
            timings = []
            for _ in range(args.rounds):
                with CaptureQueriesContext(connection) as queries:
                    t = time.perf_counter()
                    response = client.get(url)
                    timings.append((time.perf_counter() - t) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            p95 = sorted(timings)[max(0, int(len(timings) * 0.95) - 1)]
            print(
                f"{username:12} {url:42} median {statistics.median(timings):7.1f} ms  "
                f"p95 {p95:7.1f} ms  {len(queries)} queries"
            )


if __name__ == "__main__":
    main()
