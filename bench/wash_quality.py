"""Benchmark: list-washing quality and speed against a register with known truth.

Run: .venv/bin/python bench/wash_quality.py [--register 100000] [--rows 10000] [--seed 1]
In a throwaway database (test_bench_washing) it generates a register of youth (Norwegian names,
ages 15–29, double first and last names, about 5 % without a number and 2 % with a D-nummer,
pairs of different people who share name and birth date, NAV cases for 5 %) and a messy OT list
whose right answer is known:
- rows with the right number, some typed with spaces or dots;
- rows without a number or with a mistyped one, and the name or date spoiled: typos, æ/ae, ø/o/oe,
  å/aa, first and last name swapped, a double name shortened, a nickname, day and month swapped,
  one digit off in the date;
- rows for a person whose namesake (same name and birth date) is also in the register (decoys);
- people who are not in the register, duplicate rows, and rows that cannot be used.
It runs the same service as the page and the command (cases.washing.wash_file) and reports:
wrong automatic links (must be 0), rows with a valid number linked, the share of fuzzy rows whose
right person is first in review, unknown people proposed, and the time end to end.
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

TODAY = dt.date(2026, 12, 1)
NICK = {"Peder": "Per", "Karin": "Kari", "Kristoffer": "Kristian", "Johannes": "Jon",
        "Olav": "Ola", "Mathias": "Mats", "Thomas": "Tom", "Aleksander": "Alex"}  # fmt: skip
SPELLING = [("ø", "oe"), ("ø", "o"), ("å", "aa"), ("å", "a"), ("æ", "ae"), ("Ø", "Oe"),
            ("Å", "Aa"), ("Æ", "Ae")]  # fmt: skip


def names(rng):
    from faker.providers.person.no_NO import Provider as P

    firsts = sorted(set(P.first_names_male) | set(P.first_names_female) | set(NICK))
    lasts = sorted(set(P.last_names))

    def first():
        name = rng.choice(firsts)
        return f"{name} {rng.choice(firsts)}" if rng.random() < 0.2 else name

    def last():
        name = rng.choice(lasts)
        return f"{name}-{rng.choice(lasts)}" if rng.random() < 0.1 else name

    return first, last


def d_nummer(fnr_born: dt.date, rng) -> str:
    from stdnum.no import fodselsnummer

    while True:
        # The individual number tells the century: 000–499 for 1900–1999, 500–999 after.
        individual = rng.randrange(0, 500) if fnr_born.year < 2000 else rng.randrange(500, 1000)
        base = f"{fnr_born.day + 40:02d}{fnr_born:%m%y}{individual:03d}"
        c1 = fodselsnummer.calc_check_digit1(base)
        if len(c1) != 1:
            continue
        c2 = fodselsnummer.calc_check_digit2(base + c1)
        if len(c2) == 1:
            return base + c1 + c2


def build_register(n: int, rng):
    """(fnr or None, first, last, born) per youth; the last 1 % are namesakes of others."""
    from nav_ot.identity import generate_fnr

    first, last = names(rng)
    people, seen = [], set()
    for index in range(n):
        if index >= n * 0.99:
            _, f, la, born = people[rng.randrange(len(people) // 2)]  # a namesake: other person
        else:
            f, la = first(), last()
            born = TODAY - dt.timedelta(days=rng.randrange(15 * 365 + 4, 30 * 365 - 4))
        roll = rng.random()
        if roll < 0.05:
            fnr = None
        else:
            while True:
                fnr = d_nummer(born, rng) if roll < 0.07 else generate_fnr(born, rng)
                if fnr not in seen:
                    seen.add(fnr)
                    break
        people.append((fnr, f, la, born))
    return people


def spoil_name(first, last, rng):
    kind = rng.choice(["typo", "spelling", "swap", "double", "nick", "hyphen"])
    if kind == "typo":
        i = rng.randrange(1, len(last))
        last = last[:i] + rng.choice("aeilnorst") + last[i + 1 :]
    elif kind == "spelling":
        for a, b in rng.sample(SPELLING, len(SPELLING)):
            if a in first + last:
                first, last = first.replace(a, b), last.replace(a, b)
                break
        else:
            first = first.upper()
    elif kind == "swap":
        first, last = last, first
    elif kind == "double":
        first = first.split()[0] if " " in first else f"{first} Marie"
    elif kind == "nick":
        first = NICK.get(first.split()[0], first)
    else:
        last = last.replace("-", " ") if "-" in last else last
    return first, last, kind


def spoil_date(born, rng):
    from nav_ot.dates import day_month_swapped, one_digit_off

    roll = rng.random()
    if roll < 0.15 and (swapped := day_month_swapped(born)):
        return swapped, "date swap"
    if roll < 0.3:
        near = one_digit_off(born, earliest=dt.date(1990, 1, 1), latest=TODAY)
        if near:
            return rng.choice(near), "date digit"
    return born, ""


def build_list(register, ids, rows: int, rng):
    """CSV bytes and the truth per data row: (kind, youth id or None)."""
    namesakes = {}
    for youth_id, (_, f, la, born) in zip(ids, register, strict=True):
        namesakes.setdefault((f, la, born), []).append(youth_id)
    shared = [key for key, who in namesakes.items() if len(who) > 1]
    lines, truth = ["Fødselsnummer;Fornavn;Etternavn;Fødselsdato;Skole;OT-status"], []

    def emit(fnr, first, last, born, kind, youth_id):
        date = born.strftime("%d.%m.%Y") if born else ""
        lines.append(f"{fnr};{first};{last};{date};Skolen;OTOV")
        truth.append((kind, youth_id))

    while len(truth) < rows:
        roll = rng.random()
        index = rng.randrange(len(register))
        fnr, first, last, born = register[index]
        if roll < 0.55 and fnr:
            typed = fnr if rng.random() < 0.8 else f"{fnr[:6]} {fnr[6:9]}.{fnr[9:]}"
            emit(typed, first, last, born, "number", ids[index])
        elif roll < 0.85:
            first2, last2, kind = spoil_name(first, last, rng)
            born2, date_kind = spoil_date(born, rng)
            typed = ""
            if fnr and rng.random() < 0.3:  # mistyped: mod 11 catches every one-digit slip
                i = rng.randrange(11)
                typed = fnr[:i] + str((int(fnr[i]) + rng.randrange(1, 10)) % 10) + fnr[i + 1 :]
            emit(typed, first2, last2, born2, f"fuzzy {kind} {date_kind}".strip(), ids[index])
        elif roll < 0.88 and shared:
            f, la, b = rng.choice(shared)
            emit("", f, la, b, "decoy", tuple(namesakes[(f, la, b)]))
        elif roll < 0.94:
            emit("", "Ukjentnavn", f"Personsen{len(truth)}", born, "unknown", None)
        elif roll < 0.97 and len(lines) > 2:
            lines.append(lines[rng.randrange(1, len(lines))])
            truth.append(("duplicate", None))
        else:
            emit("", "", "", None, "invalid", None)
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig"), truth


def _time_steps() -> dict[str, float]:
    """Time each step of the service (read and insert rows is the rest)."""
    from cases.washing import service

    return time_steps(
        service, ("link_exact", "propose_candidates", "_settle", "_add_kun_nav", "_count")
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--register", type=int, default=100_000)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", action="store_true", help="print where the time goes")
    parser.add_argument(
        "--explain", action="store_true", help="print the candidate query's plan (one chunk)"
    )
    args = parser.parse_args()
    rng = random.Random(args.seed)

    with throwaway_database("test_bench_washing"):
        from django.db import connection

        from accounts.models import Role, Unit, User
        from cases.models import WashingRow
        from cases.washing import wash_file

        fylke = Unit.objects.create(type="fylke", kode="46", navn="Vestland")
        kontor = Unit.objects.create(type="nav_kontor", kode="1203", navn="NAV", parent=fylke)
        ot = Unit.objects.create(type="ot_enhet", kode="OT-46", navn="OT", parent=fylke)
        user = User.objects.create(username="ot", role=Role.OT_RADGIVER, unit=ot)

        start = time.perf_counter()
        register = build_register(args.register, rng)
        buffer = io.StringIO()
        null = "\\N"
        for fnr, f, la, born in register:
            buffer.write(f"{fnr or null}\t{f}\t{la}\t{born}\t{TODAY}\n")
        with connection.cursor() as cursor:
            with cursor.copy(
                "COPY cases_youth (fnr, first_name, last_name, birth_date, created_at) FROM STDIN"
            ) as copy:
                copy.write(buffer.getvalue())
            cursor.execute(
                """INSERT INTO cases_case (youth_id, status, outcome, new_for_nav_veileder,
                       new_for_ot_kontakt, guardian_name, guardian_phone, guardian_agency, ot_status,
                       school, programme, created_at, updated_at, nav_kontor_id)
                   SELECT id, 'aktiv', '', false, false, '', '', '', 'OTUK', '', '', now(), now(),
                          %s
                   FROM cases_youth WHERE id %% 20 = 0""",
                [kontor.id],
            )
            cursor.execute("ANALYZE cases_youth")
            cursor.execute("SELECT id FROM cases_youth ORDER BY id")
            ids = [row[0] for row in cursor.fetchall()]
        print(
            f"register of {len(register):,} youth generated in {time.perf_counter() - start:.1f} s"
        )

        data, truth = build_list(register, ids, args.rows, rng)
        steps = _time_steps()
        start = time.perf_counter()
        if args.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            session = profiler.runcall(
                wash_file, user=user, ot_enhet=ot, data=data, file_name="bench.csv"
            )
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
        else:
            session = wash_file(user=user, ot_enhet=ot, data=data, file_name="bench.csv")
        elapsed = time.perf_counter() - start
        print(f"washed {args.rows:,} rows against {len(register):,} in {elapsed:.2f} s")
        print("counts:", session.counts)
        if args.explain:
            from cases.washing.matching import _CANDIDATES, _PENDING_IDS, CHUNK, SIMILAR_WITH_DATE

            with connection.cursor() as cursor:
                cursor.execute(_PENDING_IDS, [session.id])
                chunk = [row_id for (row_id,) in cursor.fetchall()][:CHUNK]
                cursor.execute(
                    "EXPLAIN (ANALYZE, BUFFERS) " + _CANDIDATES, [chunk, SIMILAR_WITH_DATE]
                )
                print("\n".join(line for (line,) in cursor.fetchall()))
        print("steps:", ", ".join(f"{name} {seconds:.2f} s" for name, seconds in steps.items()))

        rows = {
            r.rad: r
            for r in WashingRow.objects.filter(session=session, rad__isnull=False).prefetch_related(
                "candidates"
            )
        }
        wrong_auto = numbered = numbered_linked = 0
        fuzzy = fuzzy_first = decoys = decoy_linked = unknown = unknown_proposed = 0
        misses: dict[str, list[int]] = {}
        for rad, (kind, youth_id) in enumerate(truth, start=1):
            row = rows[rad]
            if row.youth_id and row.linked_by == "fnr" and kind != "duplicate":
                if youth_id is None or (
                    row.youth_id != youth_id
                    and not (isinstance(youth_id, tuple) and row.youth_id in youth_id)
                ):
                    wrong_auto += 1
            if kind == "number":
                numbered += 1
                numbered_linked += row.youth_id == youth_id
            elif kind.startswith("fuzzy"):
                fuzzy += 1
                best = next((c for c in row.candidates.all() if c.rank == 1), None)
                hit = best is not None and best.youth_id == youth_id
                fuzzy_first += hit
                tally = misses.setdefault(kind, [0, 0])
                tally[0] += 1
                tally[1] += hit
            elif kind == "decoy":
                decoys += 1
                decoy_linked += row.youth_id is not None
            elif kind == "unknown":
                unknown += 1
                unknown_proposed += row.candidates.exists()
        print(f"wrong automatic links: {wrong_auto}")
        print(f"rows with a valid number linked: {numbered_linked}/{numbered}")
        print(
            f"fuzzy rows, right person first: {fuzzy_first}/{fuzzy} = {fuzzy_first / max(fuzzy, 1):.1%}"
        )
        for kind, (total, hit) in sorted(misses.items()):
            print(f"    {kind:28} {hit}/{total} = {hit / total:.1%}")
        print(f"decoy rows (namesakes) linked automatically: {decoy_linked}/{decoys}")
        print(f"unknown people given a candidate: {unknown_proposed}/{unknown}")


if __name__ == "__main__":
    main()
