"""Building blocks of the hand-made guarantee calendars."""

import datetime as dt

from dateutil.relativedelta import relativedelta

from cases.models import Aktivitetsplan, Frist, Garantiregel, Vedtak14a, Youth
from tests.factories import unused_fnr

SIT = "SITUASJONSBESTEMT_INNSATS"
SPES = "SPESIELT_TILPASSET_INNSATS"


def youth_aged(age: int, on: dt.date, seed: int = 0) -> Youth:
    born = on - relativedelta(years=age, months=2)
    return Youth.objects.create(
        fnr=unused_fnr(born, seed),
        first_name="A",
        last_name=f"B{seed}",
        birth_date=born,
    )


def vedtak(youth, office, day, gruppe=SIT):
    return Vedtak14a.objects.create(
        youth=youth, nav_kontor=office, innsatsgruppe=gruppe, status="fattet", vedtak_dato=day
    )


def plan(youth, day):
    return Aktivitetsplan.objects.create(youth=youth, godkjent_dato=day)


def status_of(v, kode="G2"):
    return Frist.objects.get(vedtak=v, regel__kode=kode)


def rule(kode: str, valid_from: dt.date, **fields) -> Garantiregel:
    """A rule added in the admin; by default for everyone aged 16–29, without a deadline."""
    defaults = {"navn": kode, "min_age": 16, "max_age": 29, "innsatsgrupper": []}
    return Garantiregel.objects.create(kode=kode, valid_from=valid_from, **{**defaults, **fields})
