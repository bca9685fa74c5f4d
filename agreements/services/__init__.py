"""Writes on agreements. Other apps (list washing) use `obligation_record_fulfilment`;
`washing_record` hears of every finished list washing (registered in AgreementsConfig.ready)."""

from agreements.services.obligations import (  # noqa: F401
    obligation_record_fulfilment,
    validate_rrule,
    washing_record,
    washings_catch_up,
)
from agreements.services.versions import (  # noqa: F401
    avtale_opprett,
    check_period,
    forpliktelse_opprett,
    klausul_endre,
    klausul_legg_til,
    klausul_slett,
    kontaktperson_legg_til,
    lesebekreftelse_registrer,
    require_draft,
    versjon_revider,
    versjon_signer,
    versjon_slett_utkast,
)
