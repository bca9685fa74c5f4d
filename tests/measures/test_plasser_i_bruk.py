"""The places in use each gjennomføring keeps (plasser_i_bruk, a trigger on measures_deltakelse)
equal the participations DELTAR or VENTER_PA_OPPSTART, whoever writes them and when two
transactions write at once."""

import threading

import pytest
from django.db import connection, transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from measures import services
from measures.models import OPPTAR_PLASS, Deltakelse, DeltakerStatus, Gjennomforing
from tests.factories import fattet_vedtak, open_case, today

from .conftest import make_running

S = DeltakerStatus


def mismatches() -> list[tuple[int, int, int]]:
    """(id, kept, counted) for every gjennomføring whose kept count is not the real one."""
    counted = Gjennomforing.objects.annotate(
        counted=Count("deltakelser", filter=Q(deltakelser__status__in=list(OPPTAR_PLASS)))
    )
    return list(
        counted.exclude(counted=F("plasser_i_bruk")).values_list("id", "plasser_i_bruk", "counted")
    )


def kept(gjennomforing) -> int:
    return Gjennomforing.objects.values_list("plasser_i_bruk", flat=True).get(pk=gjennomforing.pk)


def eligible_case(org, personas):
    case = open_case(personas["veileder"])
    fattet_vedtak(case, org["bergenhus"], days_ago=10)
    return case


def written_directly(case, gjennomforing, status, user) -> Deltakelse:
    """A participation written without the service (an import, the admin): no lock taken."""
    return Deltakelse.objects.create(
        case=case, youth_id=case.youth_id, gjennomforing=gjennomforing, status=status,
        status_gyldig_fra=today(), start_dato=today(), soknad_at=timezone.now(), created_by=user,
    )  # fmt: skip


def test_every_status_change_move_and_delete_keeps_the_count(org, personas, tiltakstyper):
    veileder = personas["veileder"]
    first = make_running(org, personas, tiltakstyper, antall_plasser=1)
    other = make_running(org, personas, tiltakstyper, navn="Annen AT", antall_plasser=5)
    given = services.tilby_plass(
        actor=veileder, case=eligible_case(org, personas), gjennomforing=first, start_dato=today()
    )
    waiting = services.tilby_plass(
        actor=veileder, case=eligible_case(org, personas), gjennomforing=first, start_dato=today()
    )
    assert (given.status, waiting.status) == (S.VENTER_PA_OPPSTART, S.VENTELISTE)
    assert kept(first) == 1 and mismatches() == []
    given = services.endre_status(given, actor=veileder, status=S.DELTAR, gyldig_fra=today())
    assert kept(first) == 1 and mismatches() == []
    services.endre_status(
        given, actor=veileder, status=S.HAR_SLUTTET, gyldig_fra=today(), aarsak="FATT_JOBB"
    )
    assert kept(first) == 0 and mismatches() == []
    services.endre_status(waiting, actor=veileder, status=S.VENTER_PA_OPPSTART, gyldig_fra=today())
    assert kept(first) == 1 and mismatches() == []
    Deltakelse.objects.filter(pk=waiting.pk).update(gjennomforing=other)
    assert (kept(first), kept(other)) == (0, 1) and mismatches() == []
    for status in S:  # every status, written directly
        Deltakelse.objects.filter(pk=waiting.pk).update(status=status, aarsak="SYK")
        assert kept(other) == (1 if status in OPPTAR_PLASS else 0), status
    Deltakelse.objects.filter(pk=waiting.pk).update(status=S.DELTAR, aarsak="")
    Deltakelse.objects.filter(pk=waiting.pk).delete()
    assert kept(other) == 0 and mismatches() == []


def test_a_stale_save_does_not_put_back_an_old_count(org, personas, tiltakstyper):
    gjennomforing = make_running(org, personas, tiltakstyper)
    stale = Gjennomforing.objects.get(pk=gjennomforing.pk)
    services.tilby_plass(
        actor=personas["veileder"],
        case=eligible_case(org, personas),
        gjennomforing=gjennomforing,
        start_dato=today(),
    )
    stale.navn = "Nytt navn"
    stale.save()
    assert kept(gjennomforing) == 1 and mismatches() == []
    Gjennomforing.objects.filter(pk=gjennomforing.pk).update(plasser_i_bruk=40)
    assert kept(gjennomforing) == 1


@pytest.mark.django_db(transaction=True)
def test_two_transactions_changing_participations_at_once_both_count(org, personas, tiltakstyper):
    """The first adds a participant and keeps its transaction open; the second ends another
    participant's place meanwhile and has to wait for the first (checked in pg_stat_activity)
    before its change counts on top of the first one's."""
    gjennomforing = make_running(org, personas, tiltakstyper)
    user = personas["veileder"]
    leaving = written_directly(eligible_case(org, personas), gjennomforing, S.DELTAR, user)
    joining_case = eligible_case(org, personas)
    assert kept(gjennomforing) == 1
    inserted, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def joins():
        try:
            with transaction.atomic():
                written_directly(joining_case, gjennomforing, S.DELTAR, user)
                inserted.set()
                release.wait(10)
        except BaseException as error:  # noqa: BLE001 - reported to the test thread
            errors.append(error)
            inserted.set()
        finally:
            connection.close()

    def leaves():
        try:
            Deltakelse.objects.filter(pk=leaving.pk).update(status=S.FULLFORT)
        except BaseException as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    first = threading.Thread(target=joins)
    first.start()
    assert inserted.wait(10)
    second = threading.Thread(target=leaves)
    second.start()
    waited = False
    for _ in range(100):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                waited = True
                break
        threading.Event().wait(0.05)
    release.set()
    first.join(15)
    second.join(15)
    assert errors == [] and waited
    assert kept(gjennomforing) == 1 and mismatches() == []
