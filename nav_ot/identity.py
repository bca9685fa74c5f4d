"""Norwegian national identity numbers: validation and generation (via python-stdnum)."""

from __future__ import annotations

import datetime as dt
import random
import unicodedata

from django.core.exceptions import ValidationError
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.no import fodselsnummer


def validate_fnr(value: str) -> None:
    """Django validator: an 11-digit fødselsnummer or D-nummer with valid check digits."""
    try:
        fodselsnummer.validate(value)
    except StdnumError as exc:
        raise ValidationError(
            "Ugyldig fødselsnummer: %(value)s (%(reason)s).",
            code="invalid_fnr",
            params={"value": value, "reason": _reason(exc)},
        ) from exc


def _reason(exc: StdnumError) -> str:
    name = type(exc).__name__
    return {
        "InvalidLength": "må ha 11 siffer",
        "InvalidFormat": "bare siffer",
        "InvalidChecksum": "kontrollsifrene stemmer ikke",
        "InvalidComponent": "ugyldig dato",
    }.get(name, "ugyldig")


def birth_date(fnr: str) -> dt.date:
    return fodselsnummer.get_birth_date(fnr)


def _individual_range(born: dt.date) -> range:
    if 2000 <= born.year <= 2039:
        return range(500, 1000)
    if 1900 <= born.year <= 1999:
        return range(0, 500)
    raise ValueError("Fødselsår utenfor 1900–2039 støttes ikke av generatoren.")


def generate_fnr(born: dt.date, rng: random.Random, *, female: bool | None = None) -> str:
    """A valid fødselsnummer for `born` (for demo and test data only)."""
    individual_numbers = _individual_range(born)
    while True:
        individual = rng.choice(individual_numbers)
        if female is not None and (individual % 2 == 0) != female:
            continue
        base = born.strftime("%d%m%y") + f"{individual:03d}"
        check1 = fodselsnummer.calc_check_digit1(base)
        if check1 == "10" or len(check1) != 1:
            continue
        check2 = fodselsnummer.calc_check_digit2(base + check1)
        if check2 == "10" or len(check2) != 1:
            continue
        return base + check1 + check2


def same_name(given: str, registered: str) -> bool:
    """Names as people type them: case, spacing, hyphens and accents do not matter."""
    return _name_key(given) == _name_key(registered)


def _name_key(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    # æ/ø/å are letters of their own in Norwegian, not accented a/o; keep them apart from ae/o/a.
    letters = "".join(c for c in decomposed if not unicodedata.combining(c) or c == "\u030a")
    return " ".join(letters.replace("-", " ").split())
