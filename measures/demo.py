"""Demo gjennomføringer for Vestland: a catalogue with places, a closed period and a stop."""

from __future__ import annotations

import datetime as dt

from accounts.models import Role, Unit, User
from measures import services
from measures.models import Deltakelse, Gjennomforing, Kombinasjonsmal, Tiltakstype
from nav_ot.dates import add_months

# (tiltakskode, navn, arrangør, orgnr, enheter, plasser)
GJENNOMFORINGER = [
    (
        "ARBEIDSTRENING",
        "Arbeidstrening Fretex Bergen",
        "Fretex Vest AS",
        "974760673",
        ["1203", "1210", "OT-46-BERGEN"],
        12,
    ),
    ("OPPFOLGING", "Oppfølging ung Bergen", "Jobbvegen AS", "974760673", ["1203", "1210"], 30),
    ("AVKLARING", "Avklaring Vest", "Avklaringsteamet AS", "974760673", ["1203", "1235"], 8),
    (
        "ARBEIDSMARKEDSOPPLAERING",
        "AMO Truckførerkurs",
        "Kompetansesenteret AS",
        "974760673",
        ["1203", "1210", "1235"],
        10,
    ),
    (
        "FAG_OG_YRKESOPPLAERING",
        "Fag- og yrkesopplæring helsefag",
        "Vestland fagskole",
        "974760673",
        ["1203", "OT-46-BERGEN", "OT-46-VOSS"],
        6,
    ),
    ("INDIVIDUELL_JOBBSTOTTE_UNG", "IPS ung Voss", "Voss kommune", "974760673", ["1235"], 15),
]

# (navn, tiltakskode, utdanningsprogram, programområde, skoledager, tiltaksdager, læretid)
MALER = [
    (
        "Helsefag: 2 dager skole + 3 dager arbeidstrening",
        "ARBEIDSTRENING",
        "HS",
        "HSHEA2----",
        2,
        3,
        3,
    ),
    ("Restaurant og mat: 3 + 2 med arbeidstrening", "ARBEIDSTRENING", "RM", "RMRMF1----", 3, 2, 3),
    (
        "Fag- og yrkesopplæring TIP med oppfølging",
        "FAG_OG_YRKESOPPLAERING",
        "TP",
        "TPTIP1----",
        3,
        2,
        0,
    ),
]


def seed_measures(today: dt.date) -> int:
    """Creates the demo gjennomføringer once; returns how many were created (0 when present)."""
    fylke = Unit.objects.filter(kode="46").first()
    koordinator = User.objects.filter(role=Role.FYLKESKOORDINATOR, unit=fylke).first()
    if fylke is None or koordinator is None or Gjennomforing.objects.filter(fylke=fylke).exists():
        return 0
    types = {t.kode: t for t in Tiltakstype.objects.all()}
    if not types:  # the catalogue's data migration was flushed (tests): nothing to offer
        return 0
    units = {u.kode: u for u in Unit.objects.filter(parent=fylke)}
    start = add_months(today, -6)
    created = []
    for kode, navn, arrangor, orgnr, enheter, plasser in GJENNOMFORINGER:
        if kode not in types:
            continue
        created.append(
            services.gjennomforing_opprett(
                actor=koordinator,
                fylke=fylke,
                tiltakstype=types[kode],
                arrangor_navn=arrangor,
                arrangor_orgnr=orgnr,
                enheter=[units[code] for code in enheter if code in units],
                navn=navn,
                start_dato=start,
                slutt_dato=add_months(start, 18),
                antall_plasser=plasser,
            )
        )
    admin = User.objects.filter(role=Role.ADMIN).first()
    for navn, kode, program, omrade, skole, tiltak, laretid in MALER if admin else []:
        services.mal_opprett(
            actor=admin,
            fylke=None,
            tiltakstype=types[kode],
            navn=navn,
            utdanningsprogram=program,
            programomrade=omrade,
            skoledager_per_uke=skole,
            tiltaksdager_per_uke=tiltak,
            laretid_maneder=laretid,
        )
    _demo_participation(created, today)
    if created:
        summer = dt.date(today.year + (today.month > 7), 7, 1)
        services.stengt_periode_legg_til(
            created[0],
            actor=koordinator,
            fra_dato=summer,
            til_dato=summer + dt.timedelta(days=30),
            begrunnelse="Sommerstengt",
        )
        services.gjennomforing_stopp(
            created[-1],
            actor=koordinator,
            dato=today,
            aarsak="BUDSJETTHENSYN",
            begrunnelse="Ingen nye plasser resten av budsjettåret.",
        )
    return len(created)


def _demo_participation(created: list, today: dt.date) -> None:
    """Fill the Bergen arbeidstrening past its places (a waiting list), start some, and make two
    of them kombinasjonstiltak from the first template. Youth who may not take part are skipped."""
    from django.core.exceptions import ValidationError

    from cases.models import Case, CaseStatus, Vedtak14a

    teamleder = User.objects.filter(username="teamleder").first()
    arbeidstrening = next((g for g in created if g.tiltakstype.kode == "ARBEIDSTRENING"), None)
    if teamleder is None or arbeidstrening is None:
        return
    with_vedtak = Vedtak14a.objects.filter(status=Vedtak14a.Status.FATTET).values("youth_id")
    candidates = (
        Case.objects.filter(nav_kontor__kode="1203", youth_id__in=with_vedtak)
        .exclude(status=CaseStatus.AVSLUTTET)
        .order_by("id")[: arbeidstrening.antall_plasser + 8]
    )
    given = []
    for case in candidates:
        try:
            given.append(
                services.tilby_plass(
                    actor=teamleder,
                    case=case,
                    gjennomforing=arbeidstrening,
                    start_dato=max(today, arbeidstrening.start_dato),
                    dager_per_uke=3,
                )
            )
        except ValidationError:
            continue
    started = [d for d in given if d.status == "VENTER_PA_OPPSTART"][:6]
    for deltakelse in started:
        services.endre_status(deltakelse, actor=teamleder, status="DELTAR", gyldig_fra=today)
    mal = Kombinasjonsmal.objects.filter(tiltakstype=arbeidstrening.tiltakstype).first()
    for deltakelse in started[:2] if mal else []:
        services.kombinasjon_opprett(
            actor=teamleder,
            deltakelse=Deltakelse.objects.get(pk=deltakelse.pk),
            mal=mal,
            skole="Årstad videregående skole",
            tilpasset_opplaering_vurdert=True,
            tilpasset_opplaering_begrunnelse="Redusert timeplan ble prøvd et skoleår uten å lykkes.",
            **services.fra_mal(mal),
        )
