"""Realistic, reproducible demo data: counties, offices, users in every role, youth."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from faker import Faker

from accounts.models import CASE_WORKER_ROLES, Agency, Role, Unit, User
from agreements.demo import seed_agreements
from cases.access import case_access
from cases.models import (
    AgreedAction,
    Aktivitet,
    Aktivitetsplan,
    Case,
    Samtykke,
    Trekantsamtale,
    Vedtak14a,
    WashingSession,
    Youth,
)
from cases.services import (
    case_change_status,
    case_open,
    case_set_ot_status,
    contact_register,
    henvisning_send,
    huskelapp_set,
    note_add,
    periode_open,
    samtykke_record,
    sweep,
    trekantsamtale_plan,
    wash_file,
)
from measures.demo import seed_measures
from nav_ot.dates import age_on
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
    cases: int = 0


def _seed_units() -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for unit_type, kode, navn, parent, kommune in _UNITS:
        units[kode], _ = Unit.objects.update_or_create(
            kode=kode,
            defaults={
                "type": unit_type,
                "navn": navn,
                "parent": units.get(parent),
                "kommune": kommune,
            },
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
    day = today or timezone.localdate()
    created_youth = _seed_youth(youth, fake, rng, day)
    cases = seed_cases(rng=rng, fake=fake, today=day)
    seed_agreements(day)
    seed_measures(day)
    _demo_list_washing(rng)
    return SeedResult(units=len(units), users=users, youth=created_youth, cases=cases)


def demo_data_present() -> bool:
    return Unit.objects.exists()


# Where demo youth live: most in Bergen, where the printed logins work, some elsewhere.
_CASE_HOMES = [
    ("1203", "OT-46-BERGEN", 45),
    ("1210", "OT-46-BERGEN", 15),
    ("1235", "OT-46-VOSS", 10),
    ("0403", "OT-34", 10),
    ("0501", "OT-34", 5),
    ("1804", "OT-18", 10),
    ("1833", "OT-18", 5),
]
_NOTES = [
    ("Ungdommen ønsker å prøve arbeidstrening i butikk.", "arbeid_tiltak"),
    ("Har søkt om skoleplass på TIP til høsten.", "skole"),
    ("Sover dårlig og har mye fravær; avtalt time hos fastlege.", "helse"),
    ("Bor hos mor, flytter trolig til egen hybel i vår.", "familie"),
    ("Møtte ikke til avtalt samtale; sendt SMS.", "arbeid_tiltak"),
    ("Interessert i lærekandidatordning innen renhold.", "skole"),
]
_ACTIONS = [
    ("Søke arbeidstrening hos lokal butikk", "nav"),
    ("Ta kontakt med skolen om opptak", "ot"),
    ("Møte til kartleggingssamtale", "ungdom"),
    ("Undersøke lærekandidatplass", "ot"),
    ("Avklare tiltakspenger", "nav"),
    ("Levere søknad om skoleplass", "ungdom"),
]


def seed_cases(*, rng: random.Random, fake: Faker, today: dt.date) -> int:
    """Open cases for demo youth without one, with the content every screen needs."""

    units = {unit.kode: unit for unit in Unit.objects.all()}
    staff: dict[str, list[User]] = {}
    for user in User.objects.filter(role__in=CASE_WORKER_ROLES).select_related("unit__parent"):
        staff.setdefault(user.unit.office.kode, []).append(user)
    weights = [weight for *_rest, weight in _CASE_HOMES]
    now = timezone.now()
    count = 0
    for youth in Youth.objects.filter(cases__isnull=True).order_by("pk"):
        nav_kode, ot_kode, _ = rng.choices(_CASE_HOMES, weights=weights)[0]
        guardian = fake.name() if (today.year - youth.birth_date.year) < 19 else ""
        ot_first = rng.random() < 0.25
        actor = rng.choice(staff[ot_kode] if ot_first else staff[nav_kode])
        if not ot_first and nav_kode == "1203" and rng.random() < 0.5:
            actor = User.objects.get(username="veileder")
        case = (
            case_open(actor=actor, youth=youth, ot_enhet=units[ot_kode], guardian_name=guardian)
            if not ot_first
            else case_open(actor=actor, youth=youth, guardian_name=guardian)
        )
        count += 1
        # The other side takes part in most cases.
        if ot_first and rng.random() < 0.6:
            case.nav_kontor = units[nav_kode]
            case.nav_veileder = rng.choice(staff[nav_kode])
            periode_open(case=case, agency=Agency.NAV)
        elif not ot_first:
            ot_staff = staff[ot_kode]
            if ot_kode == "OT-46-BERGEN" and rng.random() < 0.5:
                case.ot_kontakt = User.objects.get(username="ot")
            elif rng.random() < 0.7:
                case.ot_kontakt = rng.choice(ot_staff)
        case.save()
        nav = case_access(case.nav_veileder, case) if case.nav_veileder else None
        ot = case_access(case.ot_kontakt, case) if case.ot_kontakt else None
        worker = nav or ot
        if ot:
            case_set_ot_status(
                access=ot,
                ot_status=rng.choice(["OTOV", "OTOV", "OTAP", "OTKO", "OTOA", "OTUK"]),
                reason="Registrert ved oppstart",
            )
        if rng.random() < 0.6:
            start = today - dt.timedelta(days=rng.randint(0, 200))
            end = (
                None
                if rng.random() < 0.5
                else today + dt.timedelta(days=rng.choice([10, 20, 90, 180, 365]))
            )
            categories = rng.sample(
                ["skole", "arbeid_tiltak", "helse", "familie"], k=rng.randint(1, 4)
            )
            samtykke = samtykke_record(
                access=worker,
                given_by="foresatt" if guardian else "ungdom",
                categories=categories,
                valid_from=start,
                valid_to=end,
            )
            if rng.random() < 0.07:
                Samtykke.objects.filter(pk=samtykke.pk).update(
                    withdrawn_at=now, withdrawn_reason="Ønsker ikke deling"
                )
        for _ in range(rng.randint(0, 3)):
            text, category = rng.choice(_NOTES)
            author = rng.choice([a for a in (nav, ot) if a])
            note_add(
                access=author,
                text=text,
                category=category,
                visibility=rng.choice([author.side, "delt", "delt"]),
            )
        if rng.random() < 0.8:
            when = now - dt.timedelta(days=rng.randint(0, 70), hours=rng.randint(0, 8))
            contact_register(
                access=worker,
                kind=rng.choice(["telefon", "sms", "mote", "ikke_mott"]),
                happened_at=when,
                note=rng.choice(["", "Avtalte ny samtale", "Ingen svar"]),
            )
        fresh = case_access(worker.user, case)
        if fresh.has_samtykke and nav and ot:
            _demo_meetings(rng, fresh, case, today, now)
        if nav and rng.random() < 0.1:
            huskelapp_set(
                access=nav,
                text="Ring ungdommen etter skolestart",
                due_date=today + dt.timedelta(days=rng.randint(-3, 14)),
            )
        roll = rng.random()
        if roll < 0.55:
            case_change_status(access=worker, status="aktiv", reason="Oppfølging startet")
        elif roll < 0.65:
            # The worker's side ends; in half of these the other side has ended too.
            outcome = rng.choice(["skole", "laerling", "arbeid", "flyttet", "onsker_ikke_hjelp"])
            other = ot if worker is nav else nav
            for access in (worker, other) if other and rng.random() < 0.5 else (worker,):
                case_change_status(
                    access=access,
                    status="avsluttet",
                    reason="Avsluttet etter avtale",
                    outcome=outcome,
                )
    _demo_vedtak(rng, today)
    # A few referrals from OT waiting for NAV Bergenhus.
    waiting = Case.objects.filter(
        nav_kontor__isnull=True,
        ot_enhet__kode="OT-46-BERGEN",
        ot_kontakt__isnull=False,
        status__in=["ny", "aktiv"],
    ).exclude(henvisninger__status="venter")
    for case in waiting[: max(0, 4 - Case.objects.filter(henvisninger__status="venter").count())]:
        henvisning_send(
            access=case_access(case.ot_kontakt, case),
            to_unit=units["1203"],
            message="Trenger arbeidsrettet oppfølging og vurdering av tiltak.",
        )
    return count


def _demo_meetings(rng, access, case, today, now):

    if rng.random() < 0.5:
        held = today - dt.timedelta(days=rng.randint(1, 40))
        meeting = Trekantsamtale.objects.create(
            case=case,
            planned_at=timezone.make_aware(dt.datetime.combine(held, dt.time(10, 0))),
            location=rng.choice(["NAV-kontoret", "Skolen", "Biblioteket"]),
            status="gjennomfort",
            held_on=held,
            referat="Ungdommen fortalte om situasjonen. Vi ble enige om neste steg.",
            preparation="Ta opp fravær og ønsket om praksisplass.",
            created_by=access.user,
        )
        for description, responsible in rng.sample(_ACTIONS, k=rng.randint(1, 3)):
            owner = {"nav": case.nav_veileder, "ot": case.ot_kontakt}.get(responsible)
            AgreedAction.objects.create(
                case=case,
                meeting=meeting,
                description=description,
                responsible=responsible,
                responsible_user=owner,
                due_date=held + dt.timedelta(days=rng.randint(3, 45)),
            )
    if rng.random() < 0.4:
        planned = now + dt.timedelta(days=rng.choice([0, 0, 1, 3, 7, 14]), hours=rng.randint(1, 3))

        trekantsamtale_plan(
            access=access,
            planned_at=planned,
            location="NAV-kontoret",
            agenda="Status skole og arbeid",
            preparation="Avklar hvem som følger opp søknaden.",
        )


_GROUPS = [
    ("SITUASJONSBESTEMT_INNSATS", 50),
    ("STANDARD_INNSATS", 20),
    ("SPESIELT_TILPASSET_INNSATS", 20),
    ("GRADERT_VARIG_TILPASSET_INNSATS", 5),
    ("VARIG_TILPASSET_INNSATS", 5),
]


def _demo_vedtak(rng, today):
    """§14a vedtak and godkjente planer for NAV's demo cases, then today's sweep."""

    groups, weights = zip(*_GROUPS, strict=True)
    for case in Case.objects.filter(nav_kontor__isnull=False, vedtak__isnull=True).select_related(
        "youth"
    ):
        if rng.random() > 0.6:
            continue
        day = today - dt.timedelta(days=rng.randint(0, 150))
        if age_on(case.youth.birth_date, day) < 16:
            continue
        gruppe = rng.choices(groups, weights=weights)[0]
        Vedtak14a.objects.create(
            youth=case.youth,
            case=case,
            nav_kontor=case.nav_kontor,
            veileder=case.nav_veileder,
            status="fattet",
            innsatsgruppe=gruppe,
            vedtak_dato=day,
            hovedmal=rng.choice(["SKAFFE_ARBEID", "OKE_DELTAKELSE"]),
            begrunnelse=""
            if gruppe == "STANDARD_INNSATS"
            else "Vurdert ut fra ungdommens situasjon og ønsker.",
        )
        if rng.random() < 0.65:
            approved = day + dt.timedelta(days=rng.choice([3, 10, 20, 28, 35, 50]))
            plan = Aktivitetsplan.objects.create(
                youth=case.youth,
                case=case,
                mal="Komme i arbeid eller utdanning",
                godkjent_dato=approved if approved <= today else None,
            )
            Aktivitet.objects.create(
                plan=plan,
                type="tiltak",
                tittel="Arbeidstrening",
                avtalt_med_nav=True,
                status="GJENNOMFORES",
                fra_dato=approved,
            )
    sweep(today=today)


DEMO_LIST = "ot-liste-demo.csv"


def _demo_list_washing(rng: random.Random) -> None:
    """One washed OT list for OT Vestland – Bergen: youth both know, a few spelled the way OT's
    system has them (for the review queue), some only OT knows and a bad row."""
    unit = Unit.objects.filter(kode="OT-46-BERGEN").first()
    ot = User.objects.filter(username="ot").first()
    if unit is None or ot is None or WashingSession.objects.filter(file_name=DEMO_LIST).exists():
        return
    known = list(
        Case.objects.filter(ot_enhet=unit, nav_kontor__isnull=False)
        .select_related("youth")
        .order_by("id")[:30]
    )
    lines = ["Fødselsnummer;Fornavn;Etternavn;Fødselsdato;Skole;OT-status"]
    for n, case in enumerate(known):
        youth = case.youth
        fnr = "" if n % 6 == 0 else youth.fnr
        last = (
            youth.last_name.replace("ø", "o").replace("å", "aa") if n % 6 == 0 else youth.last_name
        )
        lines.append(
            f"{fnr};{youth.first_name};{last};{youth.birth_date:%d.%m.%Y};"
            f"Bergen katedralskole;{rng.choice(['OTOV', 'OTAP', 'OTKO'])}"
        )
    for first, last, born in [("Iver", "Strand", "03.04.2008"), ("Maja", "Tveit", "17.11.2007")]:
        lines.append(f";{first};{last};{born};Åsane videregående skole;OTOV")
    lines.append("123;Uten;Fødselsdato;;;OTOV")
    wash_file(user=ot, ot_enhet=unit, data="\r\n".join(lines).encode(), file_name=DEMO_LIST)
