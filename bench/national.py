"""The national benchmark database: 1,000,000 youth across 250 NAV-kontor and 15 OT units.

Run: .venv/bin/python bench/national.py [--youth 1000000] [--db trekant_national] [--fresh]

Creates (with --fresh: drops and recreates) a named database on the configured PostgreSQL
server (the worktree's embedded one unless DATABASE_URL is set), migrates it, loads the demo
organisation and personas (`seed_demo`, 300 youth through the services), then generates the
nation set-based in SQL (INSERT … SELECT generate_series, no rows in Python):

- 11 more fylker, 15 OT units (the demo's four and one per new fylke) and 250 NAV-kontor;
- N youth (synthetic numbers: month + 80, as NAV's test persons), ages 16–29, one case each:
  80 % with a NAV-kontor, 60 % with an OT unit, 15 % closed. NAV Bergenhus (the `veileder`
  and `teamleder` personas) is the largest office, ~9,000 open cases at 1M; OT Vestland –
  Bergen (`ot`, `ot.teamleder`) the county unit, ~66,000 open cases;
- staff per unit: a NAV-veileder per ~100 cases (the `veileder` persona is one of them), an
  OT-rådgiver per ~150, a team lead per office; passwords as the demo users';
- each side's oppfølgingsperiode, samtykker, trekantsamtaler with avtalte tiltak, contacts,
  notes, informer-OT tasks, huskelapper, pending referrals, fattet §14a vedtak (60 % of NAV
  cases) with approved plans, ~7 timeline events per case and 5 access-log rows per case;
- then the guarantee sweep (deadlines), VACUUM ANALYZE.

Every row goes through the tables' constraints and triggers (the guarantee change triggers
note each vedtak, plan and assigned case). bench/pages.py and bench/load.py serve and time the
result; `national_env()` is the environment they give the server.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

DEFAULT_DB = "trekant_national"
TODAY = dt.date(2026, 12, 4)
SCALE = 10_000  # granularity of the unit picks: 1/10,000 of the cases
# Shares of the cases per unit: the personas' units are the large ones.
BERGENHUS_SHARE = 0.0132  # of NAV cases: ~9,000 open at 1M
BERGEN_OT_SHARE = 0.129  # of OT cases: ~66,000 open at 1M
NAV_OFFICES, OT_UNITS = 250, 15
CASES_PER_VEILEDER, CASES_PER_RADGIVER = 100, 150

FIRST_NAMES = (
    "Emma Nora Olivia Ella Sofie Leah Frida Ingrid Maja Sara Amalie Hedda Tiril Vilde Ida "
    "Thea Mathilde Astrid Selma Jenny Noah Oskar Lucas Filip Isak Aksel Jakob Emil Henrik "
    "Liam Magnus Johannes Elias Mathias Sander Tobias Jonas William Kasper Sindre Mohammed Ali"
).split()
LAST_NAMES = (
    "Hansen Johansen Olsen Larsen Andersen Pedersen Nilsen Kristiansen Jensen Karlsen "
    "Johnsen Pettersen Eriksen Berg Haugen Hagen Johannessen Andreassen Jacobsen Dahl "
    "Jørgensen Halvorsen Henriksen Lund Sørensen Jakobsen Moen Gundersen Iversen Strand "
    "Solberg Svendsen Eide Knutsen Martinsen Paulsen Bakken Kristoffersen Mathisen Lie "
    "Amundsen Nguyen Rasmussen Ahmed Lunde Solheim Berge Moe Nygård Bakke Kristensen Fredriksen"
).split()


def national_env(db: str = DEFAULT_DB) -> dict[str, str]:
    """The environment for a process (manage.py, gunicorn, celery) that serves database `db` on
    the worktree's embedded PostgreSQL (or the server of DATABASE_URL)."""
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "nav_ot.settings")
    if url := env.get("DATABASE_URL"):
        env["DATABASE_URL"] = _with_name(url, db)
    else:
        from nav_ot import embedded

        server = embedded.postgres_database()
        host = quote(str(server["HOST"]), safe="/")
        env["DATABASE_URL"] = f"postgres://postgres@/{db}?host={host}&port={server['PORT']}"
    key = REPO / ".data" / "secret_key"
    if not env.get("SECRET_KEY") and not env.get("SECRET_KEY_FILE"):
        if not key.exists():
            import secrets

            key.parent.mkdir(parents=True, exist_ok=True)
            key.write_text(secrets.token_urlsafe(50))
        env["SECRET_KEY_FILE"] = str(key)
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(env: dict, port: int) -> subprocess.Popen:
    """The app as `make run` starts it, on `port`; its output goes to .data/bench-server.log."""
    log = open(REPO / ".data" / "bench-server.log", "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "nav_ot.devstack"],
        cwd=REPO,
        env={**env, "TREKANT_PORT": str(port), "DEBUG": "False"},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("the server stopped; see .data/bench-server.log")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:  # noqa: S310
                if r.status == 200:
                    return server
        except (OSError, urllib.error.HTTPError):
            pass
        time.sleep(1)
    raise RuntimeError("the server did not answer /healthz with 200 within 5 minutes")


def stop_server(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGINT)  # devstack stops its children on one Ctrl-C
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGTERM)


def _with_name(url: str, db: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + db))


def _create_database(env: dict[str, str], db: str, fresh: bool) -> bool:
    """Create `db` (dropped first with `fresh`); False when it exists and is kept."""
    import psycopg

    admin_url = _with_name(env["DATABASE_URL"], "postgres")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db]).fetchone()
        if exists and not fresh:
            return False
        if exists:
            conn.execute(f'DROP DATABASE "{db}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{db}"')
    return True


def _picks(units: list[tuple[int, float]]) -> list[int]:
    """A lookup array of SCALE unit ids: each unit fills its share of the slots."""
    slots: list[int] = []
    for unit_id, share in units:
        slots += [unit_id] * max(1, round(share * SCALE))
    return (slots + [units[-1][0]] * SCALE)[:SCALE]


ORGANISATION = """
INSERT INTO accounts_unit (type, kode, navn, kommune, active, parent_id)
SELECT 'fylke', 'BF' || lpad(f::text, 2, '0'), 'Benchfylke ' || f, '', true, NULL
  FROM generate_series(1, 11) f;
INSERT INTO accounts_unit (type, kode, navn, kommune, active, parent_id)
SELECT 'ot_enhet', 'OT-BF' || lpad(f::text, 2, '0'), 'OT Benchfylke ' || f, '', true, u.id
  FROM generate_series(1, 11) f JOIN accounts_unit u ON u.kode = 'BF' || lpad(f::text, 2, '0');
INSERT INTO accounts_unit (type, kode, navn, kommune, active, parent_id)
SELECT 'nav_kontor', 'B' || lpad(k::text, 3, '0'), 'NAV Bench ' || k, 'Benchkommune ' || k, true,
       (SELECT array_agg(id ORDER BY id) FROM accounts_unit WHERE type = 'fylke')[
           1 + k %% (SELECT count(*) FROM accounts_unit WHERE type = 'fylke')]
  FROM generate_series(1, %(extra_offices)s) k;
CREATE OR REPLACE FUNCTION bench_h(bigint, int) RETURNS bigint LANGUAGE sql IMMUTABLE
    AS 'SELECT (hashint8($1 * 1000003 + $2) & 2147483647)::bigint';
"""

PLAN = """
DROP TABLE IF EXISTS bench_plan;
CREATE UNLOGGED TABLE bench_plan AS
WITH p AS (
    SELECT g, bench_h(g, 1) %% 100 AS side, bench_h(g, 4) %% 100 AS st,
           (%(nav_picks)s::bigint[])[1 + bench_h(g, 2) %% %(scale)s] AS nav,
           (%(ot_picks)s::bigint[])[1 + bench_h(g, 3) %% %(scale)s] AS ot
      FROM generate_series(1, %(n)s) g
)
SELECT g,
       CASE WHEN side < 80 THEN nav END AS nav_unit,
       CASE WHEN side >= 40 THEN ot END AS ot_unit,
       CASE WHEN st < 15 THEN 'avsluttet' WHEN st < 30 THEN 'ny' ELSE 'aktiv' END AS status,
       row_number() OVER (PARTITION BY CASE WHEN side < 80 THEN nav END ORDER BY g) AS nav_rank,
       row_number() OVER (PARTITION BY CASE WHEN side >= 40 THEN ot END ORDER BY g) AS ot_rank
  FROM p;
"""

STAFF = """
INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name, email,
                           is_staff, is_active, date_joined, role, unit_id)
SELECT %(password)s, false, 'nb.' || lower(u.kode) || '.' || s.tag || i,
       (%(first)s::text[])[1 + bench_h(u.id * 1000 + i, 5) %% %(nfirst)s],
       (%(last)s::text[])[1 + bench_h(u.id * 1000 + i, 6) %% %(nlast)s],
       '', false, true, now(), s.role, u.id
  FROM (SELECT nav_unit AS unit_id, 'nav_veileder' AS role, 'v' AS tag,
               ceil(count(*) / %(per_veileder)s::numeric)::int AS k
          FROM bench_plan WHERE nav_unit IS NOT NULL GROUP BY nav_unit
        UNION ALL
        SELECT ot_unit, 'ot_radgiver', 'r', ceil(count(*) / %(per_radgiver)s::numeric)::int
          FROM bench_plan WHERE ot_unit IS NOT NULL GROUP BY ot_unit
        UNION ALL
        SELECT id, CASE WHEN type = 'nav_kontor' THEN 'nav_teamleder' ELSE 'ot_teamleder' END,
               't', 1
          FROM accounts_unit WHERE type IN ('nav_kontor', 'ot_enhet')) s
  JOIN accounts_unit u ON u.id = s.unit_id
  CROSS JOIN LATERAL generate_series(1, s.k) i;
DROP TABLE IF EXISTS bench_staff;
-- Case workers numbered per unit from 0; the personas are number 0 of their units.
CREATE UNLOGGED TABLE bench_staff AS
SELECT unit_id, role, id AS user_id,
       row_number() OVER (PARTITION BY unit_id, role
                          ORDER BY username NOT IN ('veileder', 'ot'), id) - 1 AS n,
       count(*) OVER (PARTITION BY unit_id, role) AS k
  FROM accounts_user
 WHERE role IN ('nav_veileder', 'ot_radgiver')
   AND (username LIKE 'nb.%%' OR username IN ('veileder', 'ot'));
CREATE INDEX ON bench_staff (unit_id, role, n);
DROP TABLE IF EXISTS bench_k;
CREATE UNLOGGED TABLE bench_k AS SELECT DISTINCT unit_id, role, k FROM bench_staff;
ANALYZE bench_plan;
ANALYZE bench_staff;
"""

YOUTH_AND_CASES = """
INSERT INTO cases_youth (id, fnr, first_name, last_name, birth_date, created_at)
SELECT %(ybase)s + g,
       to_char(b, 'DD') || lpad((extract(month FROM b)::int + 80)::text, 2, '0')
           || to_char(b, 'YY') || lpad((g / 5110)::text, 5, '0'),
       (%(first)s::text[])[1 + bench_h(g, 10) %% %(nfirst)s],
       (%(last)s::text[])[1 + bench_h(g, 11) %% %(nlast)s],
       b, now() - make_interval(days => (bench_h(g, 20) %% 1400)::int)
  FROM (SELECT g, %(today)s::date - (16 * 365 + 2 + g %% 5110)::int AS b
          FROM generate_series(1, %(n)s) g) y;
SELECT setval('cases_youth_id_seq', %(ybase)s + %(n)s);

INSERT INTO cases_case (id, youth_id, status, outcome, closed_on, nav_kontor_id, nav_veileder_id,
       ot_enhet_id, ot_kontakt_id, new_for_nav_veileder, new_for_ot_kontakt, guardian_name,
       guardian_phone, guardian_agency, ot_status, rett_til_vgo, school, programme, next_intake,
       nav_last_contact_at, ot_last_contact_at, created_at, updated_at)
SELECT %(cbase)s + p.g, %(ybase)s + p.g, p.status,
       CASE WHEN p.status = 'avsluttet'
            THEN (ARRAY['skole','laerling','arbeid','flyttet','aldersgrense','onsker_ikke_hjelp'])[
                     1 + bench_h(p.g, 22) %% 6] ELSE '' END,
       CASE WHEN p.status = 'avsluttet'
            THEN least(%(today)s::date, y.created_at::date + 30 + (bench_h(p.g, 23) %% 300)::int) END,
       p.nav_unit,
       CASE WHEN bench_h(p.g, 21) %% 10 <> 0 THEN nv.user_id END,
       p.ot_unit,
       CASE WHEN bench_h(p.g, 24) %% 10 <> 0 THEN orr.user_id END,
       bench_h(p.g, 25) %% 50 = 0, false,
       CASE WHEN y.birth_date > %(today)s::date - 18 * 365 THEN 'Foresatt ' || y.last_name ELSE '' END,
       '',
       CASE WHEN y.birth_date > %(today)s::date - 18 * 365
            THEN CASE WHEN p.nav_unit IS NOT NULL THEN 'nav' ELSE 'ot' END ELSE '' END,
       CASE WHEN p.ot_unit IS NULL THEN 'OTUK'
            ELSE (ARRAY['OTOV','OTOV','OTAP','OTKO','OTOA','OTUK','OTAR','OTNO'])[
                     1 + bench_h(p.g, 26) %% 8] END,
       NULL, '', '', NULL,
       CASE WHEN p.nav_unit IS NOT NULL AND bench_h(p.g, 27) %% 5 <> 0
            THEN now() - make_interval(hours => (bench_h(p.g, 28) %% (24 * 120))::int) END,
       CASE WHEN p.ot_unit IS NOT NULL AND bench_h(p.g, 29) %% 5 <> 0
            THEN now() - make_interval(hours => (bench_h(p.g, 30) %% (24 * 120))::int) END,
       y.created_at, y.created_at
  FROM bench_plan p
  JOIN cases_youth y ON y.id = %(ybase)s + p.g
  LEFT JOIN bench_k nk ON nk.unit_id = p.nav_unit AND nk.role = 'nav_veileder'
  LEFT JOIN bench_staff nv ON nv.unit_id = p.nav_unit AND nv.role = 'nav_veileder'
       AND nv.n = p.nav_rank %% nk.k
  LEFT JOIN bench_k ok ON ok.unit_id = p.ot_unit AND ok.role = 'ot_radgiver'
  LEFT JOIN bench_staff orr ON orr.unit_id = p.ot_unit AND orr.role = 'ot_radgiver'
       AND orr.n = p.ot_rank %% ok.k;
SELECT setval('cases_case_id_seq', %(cbase)s + %(n)s);
"""

# Everything below reads the generated cases (id > cbase) and writes set-based.
CASE_CONTENT = {
    "periods": """
INSERT INTO cases_oppfolgingsperiode (case_id, agency, started_on, ended_on, outcome, reason,
       ot_status_start, ot_status_end, ended_by_id, created_at)
SELECT c.id, s.agency, c.created_at::date,
       CASE WHEN c.status = 'avsluttet' THEN c.closed_on
            WHEN s.agency = 'nav' AND c.ot_enhet_id IS NOT NULL AND c.id %% 50 = 0
            THEN greatest(c.created_at::date, %(today)s::date - 10) END,
       CASE WHEN c.status = 'avsluttet' THEN c.outcome
            WHEN s.agency = 'nav' AND c.ot_enhet_id IS NOT NULL AND c.id %% 50 = 0 THEN 'arbeid'
            ELSE '' END,
       '', CASE WHEN s.agency = 'ot' THEN c.ot_status ELSE '' END,
       CASE WHEN s.agency = 'ot' AND c.status = 'avsluttet' THEN c.ot_status ELSE '' END,
       NULL, c.created_at
  FROM cases_case c
  CROSS JOIN LATERAL (VALUES ('nav', c.nav_kontor_id), ('ot', c.ot_enhet_id)) s(agency, unit)
 WHERE c.id > %(cbase)s AND s.unit IS NOT NULL
""",
    "samtykker": """
INSERT INTO cases_samtykke (case_id, given_by, categories, shared_with, valid_from, valid_to,
       withdrawn_at, withdrawn_reason, recorded_by_id, created_at)
SELECT c.id, CASE WHEN c.guardian_name <> '' THEN 'foresatt' ELSE 'ungdom' END,
       CASE c.id %% 4 WHEN 0 THEN ARRAY['skole','arbeid_tiltak']::varchar[]
                      WHEN 1 THEN ARRAY['skole']::varchar[]
                      WHEN 2 THEN ARRAY['arbeid_tiltak','helse']::varchar[]
                      ELSE ARRAY['skole','arbeid_tiltak','helse','familie']::varchar[] END,
       CASE WHEN c.id %% 10 = 0 THEN 'nav' ELSE 'begge' END,
       least(%(today)s::date, c.created_at::date + 3),
       CASE WHEN c.id %% 5 = 0 THEN least(%(today)s::date, c.created_at::date + 3) + 365 END,
       CASE WHEN c.id %% 20 = 0 THEN now() END,
       CASE WHEN c.id %% 20 = 0 THEN 'Ønsker ikke deling' ELSE '' END,
       coalesce(c.nav_veileder_id, c.ot_kontakt_id, %(fallback)s), c.created_at
  FROM cases_case c
 WHERE c.id > %(cbase)s AND bench_h(c.id, 40) %% 10 < 6
""",
    "meetings": """
INSERT INTO cases_trekantsamtale (case_id, planned_at, location, other_participants, agenda,
       preparation, status, referat, held_on, created_by_id, created_at)
SELECT c.id,
       CASE WHEN h %% 10 < 5 THEN least(now() - interval '1 day', c.created_at + interval '20 days')
            ELSE now() + make_interval(days => (1 + h %% 30)::int) END,
       (ARRAY['NAV-kontoret','Skolen','Biblioteket'])[1 + h %% 3], '', 'Status og veien videre',
       '', CASE WHEN h %% 10 < 5 THEN 'gjennomfort' ELSE 'planlagt' END,
       CASE WHEN h %% 10 < 5 THEN 'Gikk gjennom skole og arbeid; avtalte tiltak.' ELSE '' END,
       CASE WHEN h %% 10 < 5
            THEN least(now() - interval '1 day', c.created_at + interval '20 days')::date END,
       coalesce(c.nav_veileder_id, c.ot_kontakt_id, %(fallback)s), c.created_at
  FROM (SELECT c.*, bench_h(c.id, 41) AS h FROM cases_case c
         WHERE c.id > %(cbase)s AND c.nav_kontor_id IS NOT NULL AND c.ot_enhet_id IS NOT NULL
           AND c.status <> 'avsluttet') c
 WHERE h %% 10 < 7 AND EXISTS (SELECT 1 FROM cases_samtykke s WHERE s.case_id = c.id)
""",
    "actions": """
INSERT INTO cases_agreedaction (case_id, meeting_id, description, responsible,
       responsible_user_id, due_date, done_at, done_by_id, created_at)
SELECT m.case_id, m.id, (ARRAY['Søke arbeidstrening hos lokal butikk',
       'Ta kontakt med skolen om opptak', 'Møte til kartleggingssamtale'])[i],
       (ARRAY['nav','ot','ungdom'])[i],
       CASE i WHEN 1 THEN c.nav_veileder_id WHEN 2 THEN c.ot_kontakt_id END,
       m.held_on + 7 * i,
       CASE WHEN (m.id + i) %% 2 = 0 THEN m.held_on + interval '5 days' END,
       CASE WHEN (m.id + i) %% 2 = 0 THEN m.created_by_id END, m.planned_at
  FROM cases_trekantsamtale m JOIN cases_case c ON c.id = m.case_id
  CROSS JOIN generate_series(1, 3) i
 WHERE m.case_id > %(cbase)s AND m.status = 'gjennomfort'
""",
    "contacts": """
INSERT INTO cases_contact (case_id, kind, happened_at, note, agency, registered_by_id, created_at)
SELECT c.id, (ARRAY['telefon','sms','mote','ikke_mott'])[1 + c.id %% 4], s.at, '', s.agency,
       coalesce(s.owner, %(fallback)s), s.at
  FROM cases_case c
  CROSS JOIN LATERAL (VALUES ('nav', c.nav_last_contact_at, c.nav_veileder_id),
                             ('ot', c.ot_last_contact_at, c.ot_kontakt_id)) s(agency, at, owner)
 WHERE c.id > %(cbase)s AND s.at IS NOT NULL
""",
    "notes": """
INSERT INTO cases_note (case_id, author_id, agency, visibility, category, text, created_at)
SELECT c.id, coalesce(c.nav_veileder_id, c.ot_kontakt_id, %(fallback)s),
       CASE WHEN c.nav_veileder_id IS NOT NULL OR c.ot_kontakt_id IS NULL THEN 'nav' ELSE 'ot' END,
       CASE WHEN c.id %% 3 = 0 THEN 'delt'
            WHEN c.nav_veileder_id IS NOT NULL OR c.ot_kontakt_id IS NULL THEN 'nav' ELSE 'ot' END,
       (ARRAY['arbeid_tiltak','skole','helse','familie'])[1 + c.id %% 4],
       'Ungdommen ønsker å prøve arbeidstrening i butikk.', c.created_at + interval '2 days'
  FROM cases_case c
 WHERE c.id > %(cbase)s AND c.id %% 2 = 0
""",
    "tasks": """
INSERT INTO cases_task (case_id, kind, owner_user_id, owner_unit_id, text, due_date, done_at,
       done_by_id, created_by_id, created_at)
SELECT c.id, 'informer_ot', NULL, c.ot_enhet_id,
       'NAV har registrert en ungdom under OTs aldersgrense. Bekreft at OT er informert.',
       NULL, NULL, NULL, c.nav_veileder_id, c.created_at
  FROM cases_case c
 WHERE c.id > %(cbase)s AND c.ot_enhet_id IS NOT NULL AND c.nav_kontor_id IS NOT NULL
   AND c.status <> 'avsluttet' AND bench_h(c.id, 42) %% 40 = 0;
INSERT INTO cases_task (case_id, kind, owner_user_id, owner_unit_id, text, due_date, done_at,
       done_by_id, created_by_id, created_at)
SELECT c.id, 'huskelapp', c.nav_veileder_id, NULL, 'Ring ungdommen etter skolestart',
       %(today)s::date + (bench_h(c.id, 43) %% 18)::int - 3, NULL, NULL, c.nav_veileder_id,
       c.created_at
  FROM cases_case c
 WHERE c.id > %(cbase)s AND c.nav_veileder_id IS NOT NULL AND c.status <> 'avsluttet'
   AND bench_h(c.id, 44) %% 10 = 0
""",
    "referrals": """
INSERT INTO cases_henvisning (case_id, direction, to_unit_id, message, status, decision_reason,
       created_by_id, decided_by_id, decided_at, created_at)
SELECT c.id, 'ot_til_nav', (%(nav_picks)s::bigint[])[1 + bench_h(c.id, 45) %% %(scale)s],
       'Trenger arbeidsrettet oppfølging og vurdering av tiltak.', 'venter', '',
       coalesce(c.ot_kontakt_id, %(fallback)s), NULL, NULL, now() - interval '2 days'
  FROM cases_case c
 WHERE c.id > %(cbase)s AND c.nav_kontor_id IS NULL AND c.status <> 'avsluttet'
   AND bench_h(c.id, 46) %% 100 = 0
""",
    "vedtak": """
INSERT INTO cases_vedtak14a (youth_id, case_id, nav_kontor_id, veileder_id, innsatsgruppe,
       hovedmal, begrunnelse, kilder, status, vedtak_dato, fattet_at, change_reason,
       beslutter_id, imported, created_at)
SELECT c.youth_id, c.id, c.nav_kontor_id, c.nav_veileder_id,
       (ARRAY['SITUASJONSBESTEMT_INNSATS','SITUASJONSBESTEMT_INNSATS','STANDARD_INNSATS',
              'SPESIELT_TILPASSET_INNSATS','VARIG_TILPASSET_INNSATS'])[1 + c.id %% 5],
       'SKAFFE_ARBEID', '', '', 'fattet', d, d::timestamptz + interval '10 hours', '', NULL,
       false, d::timestamptz + interval '10 hours'
  FROM (SELECT c.*, least(%(today)s::date, c.created_at::date + 20 + (bench_h(c.id, 47) %% 60)::int) AS d
          FROM cases_case c
         WHERE c.id > %(cbase)s AND c.nav_kontor_id IS NOT NULL
           AND bench_h(c.id, 48) %% 10 < 6) c
""",
    "plans": """
INSERT INTO cases_aktivitetsplan (youth_id, case_id, mal, godkjent_dato, imported, created_at)
SELECT v.youth_id, v.case_id, 'Komme i arbeid eller utdanning', v.vedtak_dato + (v.id %% 40)::int,
       false, v.created_at
  FROM cases_vedtak14a v
 WHERE v.case_id > %(cbase)s AND v.id %% 10 < 6 AND v.vedtak_dato + (v.id %% 40)::int <= %(today)s
""",
    "timeline": """
INSERT INTO cases_caseevent (case_id, actor_id, verb, summary, reason, agency, visibility,
       category, payload, created_at)
SELECT c.id, coalesce(c.nav_veileder_id, c.ot_kontakt_id),
       (ARRAY['opened','status_changed','contact','note_added','consent_given','owner_changed',
              'ot_status_changed','contact','meeting_planned','note_added','contact'])[i],
       (ARRAY['Sak opprettet','Status endret til Under oppfølging','Kontakt: telefon',
              'Notat','Samtykke registrert','Eier endret','OT-status endret','Kontakt: SMS',
              'Trekantsamtale planlagt','Notat','Kontakt: møte'])[i],
       '', CASE WHEN c.nav_kontor_id IS NOT NULL THEN 'nav' ELSE 'ot' END,
       CASE WHEN i IN (4, 10) THEN CASE WHEN c.nav_kontor_id IS NOT NULL THEN 'nav' ELSE 'ot' END
            ELSE 'delt' END,
       CASE WHEN i IN (4, 10) THEN 'arbeid_tiltak' ELSE '' END, '{}'::jsonb,
       least(now(), c.created_at + make_interval(days => 3 * (i - 1)))
  FROM cases_case c CROSS JOIN LATERAL generate_series(1, 3 + (c.id %% 9)::int) i
 WHERE c.id > %(cbase)s
""",
    "access log": """
INSERT INTO cases_accesslog (user_id, case_id, youth_id, agency, unit_id, action, path, at)
SELECT CASE side WHEN 'nav' THEN nav_veileder_id WHEN 'ot' THEN ot_kontakt_id
                 ELSE %(fallback)s END,
       id, youth_id, side,
       CASE side WHEN 'nav' THEN nav_kontor_id WHEN 'ot' THEN ot_enhet_id END,
       (ARRAY['vis','liste','liste','sok','vis'])[1 + i %% 5], '/saker/' || id || '/',
       now() - make_interval(secs => (bench_h(id * 8 + i, 49) %% (365 * 86400))::int)
  FROM (SELECT c.*, i,
               CASE WHEN c.nav_veileder_id IS NOT NULL AND (i %% 2 = 1 OR c.ot_kontakt_id IS NULL)
                    THEN 'nav' WHEN c.ot_kontakt_id IS NOT NULL THEN 'ot' ELSE '' END AS side
          FROM cases_case c CROSS JOIN generate_series(1, %(log_per_case)s) i
         WHERE c.id > %(cbase)s) c
""",
}


def _step(cursor, label: str, sql: str, params: dict) -> None:
    started = time.perf_counter()
    cursor.execute(sql, params)
    rows = cursor.rowcount
    print(
        f"  {label:<22} {time.perf_counter() - started:7.1f} s"
        + (f"  {rows:>10,} rows" if rows and rows > 0 else ""),
        flush=True,
    )


def generate(n: int, log_per_case: int) -> None:
    """Generate the nation into the configured (already migrated and seeded) database."""
    from django.db import connection

    from accounts.models import Unit, User
    from cases.guarantees import sweep

    persona = User.objects.get(username="veileder")
    fallback = User.objects.get(username="admin").pk
    with connection.cursor() as cursor:
        offices = Unit.objects.filter(type=Unit.Type.NAV_KONTOR).count()
        _step(cursor, "organisation", ORGANISATION, {"extra_offices": NAV_OFFICES - offices})
        nav = list(
            Unit.objects.filter(type=Unit.Type.NAV_KONTOR)
            .exclude(kode="1203")
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        ot = list(
            Unit.objects.filter(type=Unit.Type.OT_ENHET)
            .exclude(kode="OT-46-BERGEN")
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        bergenhus = Unit.objects.get(kode="1203").pk
        bergen = Unit.objects.get(kode="OT-46-BERGEN").pk
        nav_picks = _picks(
            [(bergenhus, BERGENHUS_SHARE)] + [(u, (1 - BERGENHUS_SHARE) / len(nav)) for u in nav]
        )
        ot_picks = _picks(
            [(bergen, BERGEN_OT_SHARE)] + [(u, (1 - BERGEN_OT_SHARE) / len(ot)) for u in ot]
        )
        cursor.execute("SELECT coalesce(max(id), 0) FROM cases_youth")
        ybase = math.ceil((cursor.fetchone()[0] + 1) / 1000) * 1000
        cursor.execute("SELECT coalesce(max(id), 0) FROM cases_case")
        cbase = math.ceil((cursor.fetchone()[0] + 1) / 1000) * 1000
        params = {
            "n": n,
            "today": TODAY,
            "scale": SCALE,
            "nav_picks": nav_picks,
            "ot_picks": ot_picks,
            "password": persona.password,
            "first": FIRST_NAMES,
            "last": LAST_NAMES,
            "nfirst": len(FIRST_NAMES),
            "nlast": len(LAST_NAMES),
            "per_veileder": CASES_PER_VEILEDER,
            "per_radgiver": CASES_PER_RADGIVER,
            "ybase": ybase,
            "cbase": cbase,
            "fallback": fallback,
            "log_per_case": log_per_case,
        }
        _step(cursor, "plan", PLAN, params)
        _step(cursor, "staff", STAFF, params)
        _step(cursor, "youth and cases", YOUTH_AND_CASES, params)
        for label, sql in CASE_CONTENT.items():
            _step(cursor, label, sql, params)
        _step(cursor, "analyze", "ANALYZE", {})
    started = time.perf_counter()
    result = sweep(today=TODAY)
    print(f"  {'guarantee sweep':<22} {time.perf_counter() - started:7.1f} s  {result}")
    with connection.cursor() as cursor:
        _step(cursor, "vacuum analyze", "VACUUM ANALYZE", {})


def summary() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for label, sql in [
            ("youth", "SELECT count(*) FROM cases_youth"),
            ("cases, open", "SELECT count(*) FROM cases_case WHERE status <> 'avsluttet'"),
            ("NAV-kontor", "SELECT count(*) FROM accounts_unit WHERE type = 'nav_kontor'"),
            ("OT units", "SELECT count(*) FROM accounts_unit WHERE type = 'ot_enhet'"),
            ("users", "SELECT count(*) FROM accounts_user"),
            (
                "open at NAV Bergenhus",
                "SELECT count(*) FROM cases_case c JOIN accounts_unit u ON u.id = c.nav_kontor_id"
                " WHERE u.kode = '1203' AND c.status <> 'avsluttet'",
            ),
            (
                "open at OT Bergen",
                "SELECT count(*) FROM cases_case c JOIN accounts_unit u ON u.id = c.ot_enhet_id"
                " WHERE u.kode = 'OT-46-BERGEN' AND c.status <> 'avsluttet'",
            ),
            (
                "veileder's open cases",
                "SELECT count(*) FROM cases_case c JOIN accounts_user u ON u.id = c.nav_veileder_id"
                " WHERE u.username = 'veileder' AND c.status <> 'avsluttet'",
            ),
            ("samtykker", "SELECT count(*) FROM cases_samtykke"),
            ("trekantsamtaler", "SELECT count(*) FROM cases_trekantsamtale"),
            ("avtalte tiltak", "SELECT count(*) FROM cases_agreedaction"),
            ("vedtak", "SELECT count(*) FROM cases_vedtak14a"),
            ("aktivitetsplaner", "SELECT count(*) FROM cases_aktivitetsplan"),
            ("frister", "SELECT count(*) FROM cases_frist"),
            ("timeline events", "SELECT count(*) FROM cases_caseevent"),
            ("access log", "SELECT count(*) FROM cases_accesslog"),
        ]:
            cursor.execute(sql)
            print(f"  {label:<24} {cursor.fetchone()[0]:>12,}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--youth", type=int, default=1_000_000)
    parser.add_argument("--db", default=DEFAULT_DB)
    parser.add_argument("--fresh", action="store_true", help="drop the database first")
    parser.add_argument("--access-log-per-case", type=int, default=5)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nav_ot.settings")
    env = national_env(args.db)
    if not _create_database(env, args.db, args.fresh):
        print(f"{args.db} exists; --fresh to regenerate it. Its contents:")
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    from accounts.models import Unit

    started = time.perf_counter()
    call_command("migrate", "--noinput", verbosity=0)
    if not Unit.objects.exists():
        call_command("seed_demo", "--force", stdout=open(os.devnull, "w"))
        print(f"migrate and seed_demo: {time.perf_counter() - started:.1f} s", flush=True)
        generated = time.perf_counter()
        generate(args.youth, args.access_log_per_case)
        print(f"generated {args.youth:,} youth in {time.perf_counter() - generated:.0f} s")
    summary()
    print(f"DATABASE_URL={env['DATABASE_URL']}")


if __name__ == "__main__":
    main()
