"""Realistic, reproducible demo data: counties, offices, users in every role, youth."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from faker import Faker

from accounts.models import Role, Unit, User
from cases.models import Youth
from nav_ot.demo_accounts import DEMO_PASSWORD, FIXED_USERS
from nav_ot.identity import generate_fnr


_FIXED_USERS = [
    (username, Role(role), kode, first, last) for username, role, kode, first, last in FIXED_USERS
]

# type, kode, navn, overordnet, kommune
_UNITS = [
    ("fylke", "46", "Vestland", "", ""),
    ("fylke", "34", "Innlandet", "", ""),
    ("fylke", "18", "Nordland", "", ""),
    ("nav_kontor", "1203", "NAV Bergenhus", "46", "Bergen"),
    ("nav_kontor", "1210", "NAV Åsane", "46", "Bergen"),
    ("nav_kontor", "1235", "NAV Voss", "46", "Voss"),
    ("nav_kontor", "0403", "NAV Hamar", "34", "Hamar"),
    ("nav_kontor", "0501", "NAV Lillehammer", "34", "Lillehammer"),
    ("nav_kontor", "1804", "NAV Bodø", "18", "Bodø"),
    ("nav_kontor", "1833", "NAV Rana", "18", "Rana"),
    ("ot_enhet", "OT-46-BERGEN", "OT Vestland – Bergen", "46", ""),
    ("ot_enhet", "OT-46-VOSS", "OT Vestland – Voss og Hardanger", "46", ""),
    ("ot_enhet", "OT-34", "OT Innlandet", "34", ""),
    ("ot_enhet", "OT-18", "OT Nordland", "18", ""),
    ("team", "1203-UNG", "Ungdomsteamet, NAV Bergenhus", "1203", ""),
    ("team", "0403-UNG", "Ungteam, NAV Hamar", "0403", ""),
]


@dataclass(frozen=True)
class SeedResult:
    units: int
    users: int
    youth: int


def _seed_units() -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for unit_type, kode, navn, parent, kommune in _UNITS:
        units[kode], _ = Unit.objects.update_or_create(
            kode=kode,
            defaults={"type": unit_type, "navn": navn, "parent": units.get(parent), "kommune": kommune},
        )
    return units


def _upsert_user(username: str, role: str, unit: Unit | None, first: str, last: str) -> User:
    user, created = User.objects.update_or_create(
        username=username,
        defaults={
            "role": role,
            "unit": unit,
            "first_name": first,
            "last_name": last,
            "email": f"{username}@demo.trekant.no",
            "is_staff": role == Role.ADMIN,
            "is_superuser": role == Role.ADMIN,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def _seed_users(units: dict[str, Unit], fake: Faker, rng: random.Random) -> int:
    count = 0
    for username, role, kode, first, last in _FIXED_USERS:
        _upsert_user(username, role, units.get(kode) if kode else None, first, last)
        count += 1
    # Colleagues in every office, so caseloads and team views have people in them.
    staffing = {
        "nav_kontor": [(Role.NAV_VEILEDER, 3), (Role.NAV_TEAMLEDER, 1)],
        "ot_enhet": [(Role.OT_RADGIVER, 2), (Role.OT_TEAMLEDER, 1)],
        "team": [(Role.NAV_VEILEDER, 2)],
        "fylke": [(Role.FYLKESKOORDINATOR, 1)],
    }
    for unit in units.values():
        for role, how_many in staffing[unit.type]:
            for number in range(1, how_many + 1):
                first, last = fake.first_name(), fake.last_name()
                username = f"{role.value.replace('_', '')}.{unit.kode.lower()}.{number}"
                _upsert_user(username, role, unit, first, last)
                count += 1
    return count


def _seed_youth(count: int, fake: Faker, rng: random.Random, today: dt.date) -> int:
    youth = []
    seen: set[str] = set()
    while len(youth) < count:
        age_days = rng.randint(15 * 365 + 4, 30 * 365 - 4)  # ages 15–29 on `today`
        born = today - dt.timedelta(days=age_days)
        female = rng.random() < 0.5
        fnr = generate_fnr(born, rng, female=female)
        if fnr in seen:
            continue
        seen.add(fnr)
        first = fake.first_name_female() if female else fake.first_name_male()
        youth.append(Youth(fnr=fnr, first_name=first, last_name=fake.last_name(), birth_date=born))
    Youth.objects.bulk_create(youth, ignore_conflicts=True)
    return len(youth)


@transaction.atomic
def demo_seed(*, youth: int = 300, seed: int = 2026, today: dt.date | None = None) -> SeedResult:
    """Create or update the demo organisation, users and youth. Same seed, same day, same data."""
    rng = random.Random(seed)
    fake = Faker("no_NO")
    fake.seed_instance(seed)
    units = _seed_units()
    users = _seed_users(units, fake, rng)
    created_youth = _seed_youth(youth, fake, rng, today or timezone.localdate())
    return SeedResult(units=len(units), users=users, youth=created_youth)


def demo_data_present() -> bool:
    return Unit.objects.exists()
