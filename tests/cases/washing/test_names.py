"""The Norwegian name rules: normalised by PostgreSQL, compared by cases/washing/names.py."""

import datetime as dt

import pytest

from cases.models import Youth
from cases.washing.names import score
from nav_ot.dates import day_month_swapped, one_digit_off
from tests.factories import YouthFactory


@pytest.mark.parametrize(
    ("first", "last", "key"),
    [
        ("Søren", "Håland", "soren/haland"),
        ("Soeren", "Haaland", "soren/haland"),
        ("Soren", "Haland", "soren/haland"),
        ("KJÆRSTI", "BJØRNSTAD", "kjaersti/bjornstad"),
        ("Kjaersti", "Bjoernstad", "kjaersti/bjornstad"),
        ("Anne-Marie", "Berg-Olsen", "anne marie/berg olsen"),
        ("José", "Müller", "jose/muller"),
        ("  Åse ", "Ødegård", "ase/odegard"),
    ],
)
def test_the_name_key_is_normalised_by_the_database(db, first, last, key):
    youth = YouthFactory(first_name=first, last_name=last)
    assert Youth.objects.get(pk=youth.pk).name_key == key


BORN = dt.date(2007, 3, 4)


def test_same_name_and_date_score_highest():
    assert score("soren/haland", BORN, "soren/haland", BORN).value == 1.0


def test_a_swapped_first_and_last_name_is_recognised():
    result = score("haland/soren", BORN, "soren/haland", BORN)
    assert result.value >= 0.95
    assert "fornavn og etternavn byttet om" in result.reasons


def test_a_double_name_matches_one_of_its_names_in_any_order():
    result = score("marie anne/berg", BORN, "anne/berg", BORN)
    assert result.value >= 0.95
    assert "fornavn likt" in result.reasons


def test_a_nickname_counts_nearly_as_the_name():
    result = score("per/hansen", BORN, "peder/hansen", BORN)
    assert "kallenavn" in result.reasons
    assert result.value > score("pal/hansen", BORN, "peder/hansen", BORN).value


def test_day_and_month_swapped_and_one_digit_off():
    assert day_month_swapped(BORN) == dt.date(2007, 4, 3)
    assert day_month_swapped(dt.date(2007, 3, 14)) is None
    assert "dag og måned byttet" in score("a/b", dt.date(2007, 4, 3), "a/b", BORN).reasons
    assert dt.date(2007, 3, 5) in one_digit_off(
        BORN, earliest=dt.date(1990, 1, 1), latest=dt.date(2020, 1, 1)
    )
    assert "fødselsdato ett siffer feil" in score("a/b", dt.date(2007, 3, 5), "a/b", BORN).reasons


def test_another_person_scores_low():
    assert score("kari/nilsen", BORN, "soren/haland", BORN).value < 0.55


@pytest.mark.parametrize(
    ("row_key", "row_born", "youth_key"),
    [
        ("ola/hansen", dt.date(2007, 3, 14), "kari/hansen"),  # a namesake one digit off: too low
        ("per/hansen", dt.date(2007, 3, 14), "peder/hansen"),  # a nickname one digit off
        ("haland/soren", BORN, "soren/haland"),
    ],
)
def test_a_floor_leaves_out_only_the_pairs_scoring_below_it(row_key, row_born, youth_key):
    full = score(row_key, row_born, youth_key, BORN)
    floored = score(row_key, row_born, youth_key, BORN, at_least=0.55)
    assert floored == (full if full.value >= 0.55 else None)
