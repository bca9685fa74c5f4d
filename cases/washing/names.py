"""The Norwegian name and date rules for list washing, and the score a candidate gets.

Spelling (æ/ae, ø/o/oe, å/a/aa, accents, hyphens, case) is normalised by PostgreSQL into the
name key (cases/models/washing.py); here the key is split into names, nicknames are mapped to
the full name, double names are compared in any order, a swapped first and last name is tried,
and the string similarity itself comes from rapidfuzz.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from cases.models.washing import NAME_SEPARATOR
from nav_ot.dates import day_month_swapped, differ_in_one_digit, within_a_year

# Common Norwegian short forms, written the way the name key spells them (ø→o, å→a, æ→ae).
NICKNAMES = {
    "per": "peder",
    "pal": "paul",
    "kari": "karin",
    "bjorn": "bjarne",
    "lise": "elisabeth",
    "liv": "olivia",
    "mia": "maria",
    "ida": "idun",
    "tone": "torunn",
    "siri": "sigrid",
    "stine": "kristine",
    "tina": "kristina",
    "kristin": "kristine",
    "kjersti": "kristine",
    "kaja": "karoline",
    "line": "karoline",
    "nina": "nikoline",
    "trine": "katrine",
    "kine": "katrine",
    "guri": "gudrun",
    "jo": "johannes",
    "jon": "johannes",
    "hans": "johannes",
    "jens": "johannes",
    "ole": "olav",
    "ola": "olav",
    "tor": "torbjorn",
    "kris": "kristoffer",
    "kristian": "kristoffer",
    "chris": "kristoffer",
    "christian": "kristoffer",
    "christoffer": "kristoffer",
    "nils": "nikolai",
    "nicolai": "nikolai",
    "alex": "aleksander",
    "alexander": "aleksander",
    "sandra": "aleksandra",
    "andy": "andreas",
    "sebbe": "sebastian",
    "mats": "mathias",
    "matias": "mathias",
    "mattias": "mathias",
    "tobbe": "tobias",
    "fredrik": "frederik",
    "fred": "frederik",
    "kim": "joakim",
    "jakob": "jacob",
    "tom": "thomas",
    "tomas": "thomas",
    "tommy": "thomas",
    "marte": "martha",
    "marta": "martha",
    "camilla": "kamilla",
    "karoline": "caroline",
    "katrine": "kathrine",
    "emilie": "emily",
    "ellen": "helene",
    "lena": "helene",
    "jenny": "johanne",
    "hanne": "johanne",
    "ina": "hedvig",
}


def _canonical(token: str) -> str:
    return NICKNAMES.get(token, token)


def split_key(name_key: str) -> tuple[str, str]:
    first, _, last = name_key.partition(NAME_SEPARATOR)
    return first.strip(), last.strip()


def _ratio(a: str, b: str) -> float:
    """rapidfuzz's similarity, rescaled so that two unrelated names (which still share letters,
    about 0.3–0.5) count as nothing and a one-letter typo still counts as most of a match."""
    return max(0.0, (fuzz.token_set_ratio(a, b) / 100 - 0.4) / 0.6)


@lru_cache(maxsize=100_000)  # a list repeats the same names many times over
def _part_similarity(a: str, b: str) -> tuple[float, bool]:
    """0–1 for one name part (first or last), and whether a nickname made the difference.

    A double name compared with one of its names scores as equal (token_set_ratio: «anne
    marie» ~ «marie»), in any order; each name is also compared by its full form.
    """
    if not a or not b:
        return 0.0, False
    plain = _ratio(a, b)
    if plain >= 0.95:
        return plain, False
    mapped_a = " ".join(_canonical(t) for t in a.split())
    mapped_b = " ".join(_canonical(t) for t in b.split())
    if _ratio(mapped_a, mapped_b) >= 0.95:
        return 0.95, True  # a nickname is a little less sure than the name itself
    return plain, False


def date_agreement(row: dt.date | None, youth: dt.date) -> tuple[float, str]:
    if row is None:
        return 0.0, ""
    if row == youth:
        return 1.0, "fødselsdato lik"
    if day_month_swapped(row) == youth:
        return 0.85, "dag og måned byttet"
    if differ_in_one_digit(row, youth):
        return 0.75, "fødselsdato ett siffer feil"
    if within_a_year(row, youth):
        return 0.3, "fødselsdato nær"
    return 0.0, ""


@dataclass(frozen=True)
class Score:
    value: float  # 0–1
    reasons: tuple[str, ...]


def _names_reason(kind: str, similarity: float) -> str:
    if similarity >= 0.999:
        return f"{kind} likt"
    return f"{kind} likner ({round(similarity * 100)} %)"


def score(
    row_key: str,
    row_date: dt.date | None,
    youth_key: str,
    youth_date: dt.date,
    at_least: float | None = None,
) -> Score | None:
    """How likely the row is this youth, and which parts agreed. With `at_least`, None for a
    pair scoring below it (its reasons are not put into words: most pairs a block finds are)."""
    row_first, row_last = split_key(row_key)
    first, last = split_key(youth_key)
    straight_first, nick_first = _part_similarity(row_first, first)
    straight_last, _ = _part_similarity(row_last, last)
    cross_first, nick_cross = _part_similarity(row_first, last)
    cross_last, _ = _part_similarity(row_last, first)
    swapped = cross_first + cross_last > straight_first + straight_last + 0.1
    if swapped:
        first_sim, last_sim, nick = cross_first, cross_last, nick_cross
    else:
        first_sim, last_sim, nick = straight_first, straight_last, nick_first
    date_score, date_reason = date_agreement(row_date, youth_date)
    # The surname weighs a little more than the first name (nicknames, double first names).
    # The date only strengthens a name: many youth share a birth date.
    name = 0.45 * first_sim + 0.55 * last_sim
    value = round(name * (0.6 + 0.4 * date_score), 4)
    if at_least is not None and value < at_least:
        return None
    reasons = ["fornavn og etternavn byttet om"] if swapped else []
    reasons.append(_names_reason("fornavn", first_sim))
    if nick:
        reasons.append("kallenavn")
    reasons.append(_names_reason("etternavn", last_sim))
    if date_reason:
        reasons.append(date_reason)
    return Score(value, tuple(reasons))
