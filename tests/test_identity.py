import datetime as dt
import random

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st
from stdnum.no import fodselsnummer

from nav_ot.identity import birth_date, generate_fnr, validate_fnr


@given(
    born=st.dates(min_value=dt.date(1940, 1, 1), max_value=dt.date(2025, 12, 31)),
    seed=st.integers(min_value=0, max_value=2**32),
)
def test_generated_numbers_are_valid_and_carry_the_birth_date(born, seed):
    fnr = generate_fnr(born, random.Random(seed))
    assert fodselsnummer.is_valid(fnr)
    assert birth_date(fnr) == born


@pytest.mark.parametrize("female", [True, False])
def test_gender_digit(female):
    fnr = generate_fnr(dt.date(2005, 5, 17), random.Random(1), female=female)
    assert fodselsnummer.get_gender(fnr) == ("F" if female else "M")


@pytest.mark.parametrize(
    "value, reason",
    [
        ("1234567890", "11 siffer"),
        ("1705200512a", "bare siffer"),
        ("17052005123", "kontrollsifrene"),
    ],
)
def test_invalid_numbers_get_a_norwegian_reason(value, reason):
    with pytest.raises(ValidationError, match=reason):
        validate_fnr(value)
