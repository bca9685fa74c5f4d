"""Participation: eligibility explained, places never over-booked by accident, NAV's statuses."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction

from measures import services
from measures.models import Deltakelse, DeltakelseEndring, DeltakerStatus, Gjennomforing
from tests.factories import fattet_vedtak, open_case, today

from .conftest import make_running

S = DeltakerStatus


def start_day():
    return today() + dt.timedelta(days=14)


@pytest.fixture
def apen(org, personas, tiltakstyper):
    """An arbeidstrening at NAV Bergenhus, running now, with two places."""
    return make_running(org, personas, tiltakstyper, antall_plasser=2)


def eligible_case(org, personas):
    case = open_case(personas["veileder"])
    fattet_vedtak(case, org["bergenhus"], days_ago=10)  # situasjonsbestemt
    return case


def offer(personas, case, gjennomforing, **kwargs):
    return services.tilby_plass(
        actor=kwargs.pop("actor", personas["veileder"]),
        case=case,
        gjennomforing=gjennomforing,
        start_dato=kwargs.pop("start_dato", start_day()),
        **kwargs,
    )


def test_free_place_gives_venter_pa_oppstart_then_the_waiting_list(org, personas, apen):
    first, second, third = (eligible_case(org, personas) for _ in range(3))
    assert offer(personas, first, apen).status == S.VENTER_PA_OPPSTART
    assert offer(personas, second, apen).status == S.VENTER_PA_OPPSTART
    waiting = offer(personas, third, apen)
    assert waiting.status == S.VENTELISTE
    assert services.plasser_brukt(apen) == 2
    assert waiting.endringer.get().status == S.VENTELISTE


def test_overbooking_only_with_a_reason_that_is_kept(org, personas, apen):
    for _ in range(2):
        offer(personas, eligible_case(org, personas), apen)
    over = offer(
        personas,
        eligible_case(org, personas),
        apen,
        overbook_begrunnelse="Avtalt med arrangør: ekstra plass ut året",
    )
    assert over.status == S.VENTER_PA_OPPSTART
    assert over.overbooket_begrunnelse.startswith("Avtalt med arrangør")
    assert over.endringer.get().overbooket is True
    assert services.plasser_brukt(apen) == 3


def test_ineligible_youth_is_told_why_and_nothing_is_saved(org, personas, apen):
    no_vedtak = open_case(personas["veileder"])
    with pytest.raises(ValidationError) as error:
        offer(personas, no_vedtak, apen, start_dato=apen.start_dato - dt.timedelta(days=1))
    messages = " ".join(error.value.messages)
    assert "ikke vedtak" in messages
    assert "utenfor gjennomføringens periode" in messages
    assert not Deltakelse.objects.exists()


def test_bad_extent_is_refused(org, personas, apen):
    case = eligible_case(org, personas)
    with pytest.raises(ValidationError) as error:
        offer(
            personas,
            case,
            apen,
            dager_per_uke=6,
            deltakelsesprosent=0,
            bakgrunnsinformasjon="x" * 1001,
        )
    assert set(error.value.message_dict) == {
        "dager_per_uke",
        "deltakelsesprosent",
        "bakgrunnsinformasjon",
    }


def test_only_nav_staff_on_the_case_offer(org, personas, apen):
    case = eligible_case(org, personas)
    for who in ("ot", "other_office", "koordinator"):
        with pytest.raises(PermissionDenied):
            offer(personas, case, apen, actor=personas[who])


def test_twice_on_the_same_gjennomforing_is_refused(org, personas, apen):
    case = eligible_case(org, personas)
    offer(personas, case, apen)
    with pytest.raises(ValidationError, match="allerede meldt på"):
        offer(personas, case, apen)


def test_status_moves_along_navs_transitions_with_reasons(org, personas, apen):
    veileder = personas["veileder"]
    deltakelse = offer(personas, eligible_case(org, personas), apen)
    with pytest.raises(ValidationError, match="Kan ikke gå fra"):
        services.endre_status(deltakelse, actor=veileder, status=S.FULLFORT, gyldig_fra=today())
    deltakelse = services.endre_status(
        deltakelse, actor=veileder, status=S.DELTAR, gyldig_fra=today()
    )
    with pytest.raises(ValidationError) as error:
        services.endre_status(deltakelse, actor=veileder, status=S.AVBRUTT, gyldig_fra=today())
    assert "aarsak" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.endre_status(
            deltakelse, actor=veileder, status=S.AVBRUTT, gyldig_fra=today(), aarsak="ANNET"
        )
    services.endre_status(
        deltakelse, actor=veileder, status=S.HAR_SLUTTET, gyldig_fra=today(), aarsak="FATT_JOBB"
    )
    deltakelse.refresh_from_db()
    assert deltakelse.status == S.HAR_SLUTTET and deltakelse.aarsak == "FATT_JOBB"
    assert list(deltakelse.endringer.values_list("status", flat=True)) == [
        S.VENTER_PA_OPPSTART,
        S.DELTAR,
        S.HAR_SLUTTET,
    ]
    assert services.plasser_brukt(apen) == 0


def test_status_dates_are_explained_and_nothing_saved(org, personas, apen):
    veileder = personas["veileder"]
    deltakelse = offer(personas, eligible_case(org, personas), apen)
    services.stengt_periode_legg_til(
        apen,
        actor=personas["koordinator"],
        fra_dato=today() + dt.timedelta(days=5),
        til_dato=today() + dt.timedelta(days=10),
        begrunnelse="Påske",
    )
    bad = {
        today() - dt.timedelta(days=1): "kan ikke gjelde fra før «Venter på oppstart»",
        today() + dt.timedelta(days=7): "tar ikke inn nye",
        apen.slutt_dato + dt.timedelta(days=1): "utenfor gjennomføringens periode",
    }
    for day, message in bad.items():
        with pytest.raises(ValidationError, match=message) as error:
            services.endre_status(deltakelse, actor=veileder, status=S.DELTAR, gyldig_fra=day)
        assert "gyldig_fra" in error.value.message_dict
    deltakelse.refresh_from_db()
    assert deltakelse.status == S.VENTER_PA_OPPSTART and deltakelse.endringer.count() == 1
    services.endre_status(
        deltakelse, actor=veileder, status=S.DELTAR, gyldig_fra=today() + dt.timedelta(days=11)
    )


def test_leaving_the_waiting_list_needs_a_free_place(org, personas, apen):
    veileder = personas["veileder"]
    taken = [offer(personas, eligible_case(org, personas), apen) for _ in range(2)]
    waiting = offer(personas, eligible_case(org, personas), apen)
    with pytest.raises(ValidationError, match="full"):
        services.endre_status(
            waiting, actor=veileder, status=S.VENTER_PA_OPPSTART, gyldig_fra=today()
        )
    services.endre_status(
        taken[0], actor=veileder, status=S.IKKE_AKTUELL, gyldig_fra=today(), aarsak="SYK"
    )
    services.endre_status(waiting, actor=veileder, status=S.VENTER_PA_OPPSTART, gyldig_fra=today())
    assert services.plasser_brukt(apen) == 2


@pytest.mark.django_db(transaction=True)
def test_two_veiledere_offering_the_last_place_at_once_one_gets_it(org, personas, tiltakstyper):
    """Two real transactions: the first holds the lock until the second is waiting for it."""
    gjennomforing = make_running(org, personas, tiltakstyper, antall_plasser=1)
    first, second = eligible_case(org, personas), eligible_case(org, personas)
    first_has_offered = threading.Event()
    results: dict[str, str] = {}
    errors: list[BaseException] = []

    def first_veileder():
        try:
            with transaction.atomic():
                results["first"] = offer(personas, first, gjennomforing).status
                first_has_offered.set()
                # Keep the transaction (and its lock) open while the second one tries.
                threading.Event().wait(0.8)
        except BaseException as error:  # noqa: BLE001 - reported to the test thread
            errors.append(error)
            first_has_offered.set()
        finally:
            connection.close()

    def second_veileder():
        try:
            first_has_offered.wait(5)
            results["second"] = offer(personas, second, gjennomforing).status
        except BaseException as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=first_veileder), threading.Thread(target=second_veileder)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(15)
    assert errors == []
    assert results == {"first": S.VENTER_PA_OPPSTART, "second": S.VENTELISTE}
    assert services.plasser_brukt(Gjennomforing.objects.get(pk=gjennomforing.pk)) == 1
    assert DeltakelseEndring.objects.count() == 2


def test_participation_shows_in_the_aktivitetsplan_and_follows_its_status(org, personas, apen):
    from cases.services import plan_for

    case = eligible_case(org, personas)
    deltakelse = offer(personas, case, apen)
    aktivitet = plan_for(case).aktiviteter.get(type="tiltak")
    assert aktivitet.tittel == f"Tiltak: {apen.navn}"
    assert (aktivitet.status, aktivitet.fra_dato) == ("PLANLAGT", deltakelse.start_dato)
    deltakelse = services.endre_status(
        deltakelse, actor=personas["veileder"], status=S.DELTAR, gyldig_fra=today()
    )
    assert plan_for(case).aktiviteter.get(type="tiltak").status == "GJENNOMFORES"
    services.endre_status(
        deltakelse,
        actor=personas["veileder"],
        status=S.HAR_SLUTTET,
        gyldig_fra=today(),
        aarsak="UTDANNING",
    )
    assert plan_for(case).aktiviteter.get(type="tiltak").status == "AVBRUTT"
