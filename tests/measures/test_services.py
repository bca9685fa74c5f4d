"""Writes on the catalogue: who may, what is refused, and the audit trail of each write."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Role
from measures import services
from measures.models import Gjennomforing, Kataloghendelse
from tests.factories import UserFactory

from .conftest import VALID_ORGNR, make_gjennomforing


def test_coordinator_registers_a_gjennomforing_with_one_event(gjennomforing):
    assert gjennomforing.arrangor.organisasjonsnummer == VALID_ORGNR
    events = Kataloghendelse.objects.filter(gjennomforing=gjennomforing)
    assert [e.verb for e in events] == [Kataloghendelse.Verb.GJENNOMFORING_OPPRETTET]


def test_orgnr_typed_with_spaces_is_accepted_and_a_bad_check_digit_refused(
    org, personas, tiltakstyper
):
    spaced = make_gjennomforing(org, personas, tiltakstyper, arrangor_orgnr="974 760 673")
    assert spaced.arrangor.organisasjonsnummer == VALID_ORGNR
    with pytest.raises(ValidationError) as error:
        make_gjennomforing(org, personas, tiltakstyper, arrangor_orgnr="974760674")
    assert "arrangor_orgnr" in error.value.message_dict


def test_coordinator_of_another_county_and_veileder_are_refused(org, personas, tiltakstyper):
    other = UserFactory(role=Role.FYLKESKOORDINATOR, unit=org["innlandet"])
    for actor in (other, personas["veileder"], personas["ot"]):
        with pytest.raises(PermissionDenied):
            services.gjennomforing_opprett(
                actor=actor,
                fylke=org["vestland"],
                tiltakstype=tiltakstyper["AVKLARING"],
                arrangor_navn="X",
                arrangor_orgnr=VALID_ORGNR,
                enheter=[org["bergenhus"]],
                navn="Avklaring",
                start_dato=dt.date(2026, 1, 1),
                slutt_dato=None,
                antall_plasser=5,
            )
    assert not Gjennomforing.objects.exists()


def test_units_outside_the_county_and_teams_are_refused(org, personas, tiltakstyper):
    with pytest.raises(ValidationError, match="utenfor fylket"):
        make_gjennomforing(org, personas, tiltakstyper, enheter=("hamar",))
    with pytest.raises(ValidationError, match="Bare NAV-kontor og OT-enheter"):
        make_gjennomforing(org, personas, tiltakstyper, enheter=("team",))
    assert not Gjennomforing.objects.exists()


def test_period_backwards_is_refused(org, personas, tiltakstyper):
    with pytest.raises(ValidationError) as error:
        make_gjennomforing(
            org,
            personas,
            tiltakstyper,
            start_dato=dt.date(2027, 1, 1),
            slutt_dato=dt.date(2026, 1, 1),
        )
    assert "slutt_dato" in error.value.message_dict


def test_stop_needs_a_text_for_annet_and_happens_once(gjennomforing, personas):
    koordinator = personas["koordinator"]
    with pytest.raises(ValidationError):
        services.gjennomforing_stopp(
            gjennomforing,
            actor=koordinator,
            dato=dt.date(2026, 10, 1),
            aarsak="ANNET",
            begrunnelse=" ",
        )
    services.gjennomforing_stopp(
        gjennomforing,
        actor=koordinator,
        dato=dt.date(2026, 10, 1),
        aarsak="ANNET",
        begrunnelse="Arrangøren har lagt ned avdelingen",
    )
    gjennomforing.refresh_from_db()
    assert gjennomforing.is_stopped and not gjennomforing.apen_for_pamelding
    with pytest.raises(ValidationError, match="allerede stoppet"):
        services.gjennomforing_stopp(
            gjennomforing,
            actor=koordinator,
            dato=dt.date(2026, 10, 2),
            aarsak="ANNET",
            begrunnelse="x",
        )


def test_only_administrators_add_types_and_not_navs_own(personas):
    fields = {
        "kode": "kommunal_arbeidstrening",
        "navn": "Kommunal arbeidstrening",
        "gruppe": "KOMMUNALT",
        "niva": "STANDARD_INNSATS",
        "maks_varighet_maneder": None,
        "min_alder": None,
        "maks_alder": None,
    }
    with pytest.raises(PermissionDenied):
        services.tiltakstype_opprett(actor=personas["koordinator"], kilde="KOMMUNE", **fields)
    with pytest.raises(ValidationError):
        services.tiltakstype_opprett(actor=personas["admin"], kilde="NAV", **fields)
    created = services.tiltakstype_opprett(actor=personas["admin"], kilde="KOMMUNE", **fields)
    assert created.kode == "KOMMUNAL_ARBEIDSTRENING"
    with pytest.raises(ValidationError, match="finnes allerede"):
        services.tiltakstype_opprett(actor=personas["admin"], kilde="KVP", **fields)
