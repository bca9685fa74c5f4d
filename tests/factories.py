import datetime as dt
import random

import factory
import factory.fuzzy
from dateutil.relativedelta import relativedelta
from django.utils import timezone
from factory.django import DjangoModelFactory
from faker.providers.person.no_NO import Provider as NorwegianNames

from accounts.models import Role, Unit, User
from cases.models import Youth
from nav_ot.identity import generate_fnr


class UnitFactory(DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("kode",)

    type = Unit.Type.FYLKE
    kode = factory.Sequence(lambda n: f"U{n:04d}")
    navn = factory.Faker("city", locale="no_NO")
    parent = None


class FylkeFactory(UnitFactory):
    type = Unit.Type.FYLKE


class NavKontorFactory(UnitFactory):
    type = Unit.Type.NAV_KONTOR
    navn = factory.LazyAttribute(lambda o: f"NAV {o.kode}")
    parent = factory.SubFactory(FylkeFactory)


class OtEnhetFactory(UnitFactory):
    type = Unit.Type.OT_ENHET
    navn = factory.LazyAttribute(lambda o: f"OT {o.kode}")
    parent = factory.SubFactory(FylkeFactory)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"bruker{n}")
    first_name = factory.Faker("first_name", locale="no_NO")
    last_name = factory.Faker("last_name", locale="no_NO")
    role = Role.NAV_VEILEDER
    unit = factory.SubFactory(NavKontorFactory)
    password = factory.django.Password("riktig-passord-123")


def unused_fnr(born: dt.date, seed: int) -> str:
    """A valid fødselsnummer for `born` that no youth has yet: on one birth date, random
    individual numbers (about 450 to choose from) collide too often for a test with many youth."""
    rng = random.Random(seed)
    while True:
        fnr = generate_fnr(born, rng)
        if not Youth.objects.filter(fnr=fnr).exists():
            return fnr


# Place names the test pages print (NAV Bergenhus, OT Vestland – Bergen, ...): a youth's random
# surname must not be part of one, or "the name is not on the page" fails now and then ("Berg").
PAGE_PLACE_NAMES = ("Bergenhus", "Bergen", "Åsane", "Vestland", "Hamar", "Innlandet", "Voss")


YOUTH_SURNAMES = sorted(
    name
    for name in NorwegianNames.last_names
    if not any(name in place for place in PAGE_PLACE_NAMES)
)


class YouthFactory(DjangoModelFactory):
    class Meta:
        model = Youth

    birth_date = factory.Faker("date_between", start_date="-29y", end_date="-15y")
    fnr = factory.LazyAttributeSequence(lambda o, n: unused_fnr(o.birth_date, n))
    first_name = factory.Faker("first_name", locale="no_NO")
    last_name = factory.fuzzy.FuzzyChoice(YOUTH_SURNAMES)


def today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()


def years_ago(years: int) -> dt.date:
    """The Oslo date `years` years back; 29 February goes to the 28th in a common year."""
    return today() - relativedelta(years=years)


def open_case(actor, youth=None, **kwargs):
    """A case opened the way users open one, through the service, for a youth aged 22."""
    from cases.services import case_open

    youth = youth or YouthFactory(birth_date=years_ago(22))
    return case_open(actor=actor, youth=youth, **kwargs)


def give_samtykke(actor_access, categories=("skole", "arbeid_tiltak"), **kwargs):
    from cases.services import samtykke_record

    return samtykke_record(
        access=actor_access,
        given_by="ungdom",
        categories=list(categories),
        valid_from=kwargs.pop("valid_from", today()),
        valid_to=kwargs.pop("valid_to", None),
    )


def fattet_vedtak(case, nav_kontor, *, days_ago):
    """A situasjonsbestemt vedtak fattet `days_ago` on the case, and the sweep that gives it its
    frister (breached after a month)."""
    from cases.guarantees import sweep
    from cases.models import Vedtak14a

    vedtak = Vedtak14a.objects.create(
        youth=case.youth,
        case=case,
        nav_kontor=nav_kontor,
        status="fattet",
        innsatsgruppe="SITUASJONSBESTEMT_INNSATS",
        vedtak_dato=today() - dt.timedelta(days=days_ago),
    )
    sweep(today=today())
    return vedtak


def breached_frist(actor, nav_kontor, days_ago=40):
    """A case whose fattet vedtak is so old that its guarantee frist is breached."""
    from cases.models import Frist

    case = open_case(actor)
    fattet_vedtak(case, nav_kontor, days_ago=days_ago)
    return Frist.objects.get(youth=case.youth, status="brutt")


def hold_meeting(access, actions=()):
    """Plan a trekantsamtale and hold it today with these agreed actions (needs a samtykke)."""
    from cases.services import trekantsamtale_hold, trekantsamtale_plan

    meeting = trekantsamtale_plan(
        access=access, planned_at=timezone.now() + dt.timedelta(hours=1), location="NAV"
    )
    return trekantsamtale_hold(
        access=access, meeting_id=meeting.pk, held_on=today(), referat="Ok", actions=list(actions)
    )
