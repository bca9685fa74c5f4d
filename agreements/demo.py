"""Demo agreements for Vestland: the county agreement, one local agreement per NAV office, and a
minor and a major (weakening) revision, so the diff, obligations and county view have content."""

from __future__ import annotations

import datetime as dt

from accounts.models import NAV_ROLES, Role, Unit, User
from agreements import services
from agreements.models import KlausulType, Samarbeidsavtale
from nav_ot.dates import add_months

FYLKE_KLAUSULER = [
    (KlausulType.MALGRUPPER, "Ungdom 15–24 år som ikke er i utdanning eller arbeid.", None),
    (KlausulType.STYRINGSGRUPPE, "Styringsgruppen skal møtes minst 2 ganger i året.", None),
    (KlausulType.KONTAKTPERSONER, "Hvert NAV-kontor skal ha en navngitt NAV OT-kontakt.", None),
    (KlausulType.EVALUERING, "Avtalen skal evalueres hvert år og revideres innen 3 år.", None),
    (
        KlausulType.FORMIDLING,
        "Lederne skal gjøre avtalen kjent for alle ansatte innen 1 måned.",
        None,
    ),
]

LOKALE_KLAUSULER = [
    (
        KlausulType.NAV_KONTAKTER_OT,
        "NAV skal alltid kontakte OT først når ungdom under 21 år tar kontakt.",
        21,
    ),
    (KlausulType.INITIATIV, "OT skal kalle inn til trekantsamtale innen 14 dager.", None),
    (KlausulType.GRENSESNITT, "OT har ansvaret til ungdommen fyller 21 år; deretter NAV.", None),
    (KlausulType.OPPFOLGINGSPLAN, "Alle ungdommer skal ha en felles oppfølgingsplan.", None),
    (KlausulType.LISTEVASK, "Partene skal gjennomføre listevask minst hver 6. uke.", None),
]

# (kontor, OT-enhet)
LOKALE = [("1203", "OT-46-BERGEN"), ("1210", "OT-46-BERGEN"), ("1235", "OT-46-VOSS")]


def _fill(versjon, klausuler) -> None:
    for type_, tekst, alder in klausuler:
        services.klausul_legg_til(versjon, type=type_, tekst=tekst, aldersgrense=alder)


def _obligation(versjon, type_, beskrivelse, kind, rrule) -> None:
    klausul = versjon.klausuler.get(type=type_)
    services.forpliktelse_opprett(klausul, beskrivelse=beskrivelse, kind=kind, rrule=rrule)


def seed_agreements(today: dt.date) -> int:
    """Creates the demo agreements once; returns how many were created (0 when present)."""
    units = {u.kode: u for u in Unit.objects.filter(kode__in=["46", *sum(LOKALE, ())])}
    fylke = units.get("46")
    if fylke is None or Samarbeidsavtale.objects.filter(fylke=fylke).exists():
        return 0
    koordinator = User.objects.filter(role=Role.FYLKESKOORDINATOR, unit=fylke).first()
    start = add_months(today, -24)
    fylkesavtale = services.avtale_opprett(
        kind="fylke",
        navn="Samarbeidsavtale NAV Vestland – Vestland fylkeskommune",
        fylke=fylke,
        enheter=[fylke],
        valid_from=start,
        valid_to=add_months(start, 48) - dt.timedelta(days=1),
        malgrupper="Ungdom 15–24 år utenfor opplæring og arbeid.",
        prioriteringer="Tidlig kontakt, felles oppfølgingsplan, overgang fra OT til NAV.",
    )
    v1 = fylkesavtale.versjoner.get()
    _fill(v1, FYLKE_KLAUSULER)
    _obligation(
        v1, KlausulType.STYRINGSGRUPPE, "Møte i styringsgruppen", "mote", "FREQ=MONTHLY;INTERVAL=6"
    )
    _obligation(v1, KlausulType.EVALUERING, "Årlig evaluering", "evaluering", "FREQ=YEARLY")
    services.versjon_signer(v1, by=koordinator)
    minor = services.versjon_revider(
        fylkesavtale,
        valid_from=add_months(today, -12),
        valid_to=add_months(start, 48) - dt.timedelta(days=1),
        minor=True,
        endringsnotat="Nye navn på enhetene etter regionreformen; ingen endring av innhold.",
    )
    services.versjon_signer(minor, by=koordinator)
    count = 1
    for kontor_kode, ot_kode in LOKALE:
        kontor, ot = units[kontor_kode], units[ot_kode]
        lokal = services.avtale_opprett(
            kind="lokal",
            navn=f"Lokal avtale {kontor.navn} – {ot.navn}",
            fylke=fylke,
            parent=fylkesavtale,
            enheter=[kontor, ot],
            valid_from=add_months(today, -18),
            valid_to=add_months(today, 18),
        )
        versjon = lokal.versjoner.get()
        _fill(versjon, LOKALE_KLAUSULER)
        _obligation(
            versjon, KlausulType.LISTEVASK, "Listevask", "listevask", "FREQ=WEEKLY;INTERVAL=6"
        )
        services.versjon_signer(versjon, by=koordinator)
        contact = User.objects.filter(unit=kontor, role__in=list(NAV_ROLES)).first()
        if contact:
            services.kontaktperson_legg_til(lokal, user=contact, rolle="NAV OT-kontakt")
        # Bergenhus washes its lists on time; the others have fallen behind.
        every = 6 if kontor_kode == "1203" else 12
        day = add_months(today, -18) + dt.timedelta(weeks=every)
        while day <= today:
            services.obligation_record_fulfilment(enhet=kontor, kind="listevask", dato=day)
            day += dt.timedelta(weeks=every)
        count += 1
    _major_revision(fylkesavtale.lokale_avtaler.get(enheter=units["1203"]), today, koordinator)
    return count


def _major_revision(lokal, today: dt.date, koordinator) -> None:
    """The weakening the sources describe: "skal" becomes "bør", the age limit drops."""
    draft = services.versjon_revider(
        lokal,
        valid_from=today - dt.timedelta(days=30),
        valid_to=add_months(today, 18),
        minor=False,
        endringsnotat="Revidert etter evaluering.",
    )
    first = draft.klausuler.get(type=KlausulType.NAV_KONTAKTER_OT)
    services.klausul_endre(
        first,
        tekst="NAV bør kontakte OT ved behov når ungdom under 20 år tar kontakt.",
        aldersgrense=20,
    )
    services.klausul_slett(draft.klausuler.get(type=KlausulType.OPPFOLGINGSPLAN))
    services.klausul_legg_til(
        draft, type=KlausulType.RUTINER, tekst="Skolene varsler OT om elever som slutter."
    )
    services.versjon_signer(draft, by=koordinator)
