"""Who may take part: NAV's innsatsgruppe ladder, age limits, period, closed and stopped."""

import datetime as dt

import pytest

from cases.models import Innsatsgruppe
from measures import services
from measures.eligibility import (
    gjennomforing_hindringer,
    innsatsgrupper_for,
    niva_for,
    type_hindringer,
)
from measures.models import Tiltaksniva

IG = Innsatsgruppe
ALL = list(IG.values)


@pytest.mark.parametrize(
    ("niva", "open_to"),
    [
        (Tiltaksniva.STANDARD_INNSATS, ALL),
        (
            Tiltaksniva.SITUASJONSBESTEMT_INNSATS,
            [
                IG.SITUASJONSBESTEMT_INNSATS,
                IG.SPESIELT_TILPASSET_INNSATS,
                IG.GRADERT_VARIG_TILPASSET_INNSATS,
                IG.VARIG_TILPASSET_INNSATS,
            ],
        ),
        (
            Tiltaksniva.SPESIELT_TILPASSET_INNSATS,
            [
                IG.SPESIELT_TILPASSET_INNSATS,
                IG.GRADERT_VARIG_TILPASSET_INNSATS,
                IG.VARIG_TILPASSET_INNSATS,
            ],
        ),
        (
            Tiltaksniva.VARIG_TILPASSET_INNSATS,
            [IG.GRADERT_VARIG_TILPASSET_INNSATS, IG.VARIG_TILPASSET_INNSATS],
        ),
    ],
)
def test_levels_open_to_their_group_and_the_ones_above(niva, open_to):
    assert sorted(innsatsgrupper_for(niva)) == sorted(open_to)


@pytest.mark.parametrize("group", ALL)
def test_niva_for_is_the_inverse_of_innsatsgrupper_for(group):
    assert set(niva_for(group)) == {
        niva for niva in Tiltaksniva.values if group in innsatsgrupper_for(niva)
    }


def test_seeded_catalogue_carries_navs_codes(tiltakstyper):
    assert tiltakstyper["ARBEIDSTRENING"].arena_kode == "ARBTREN"
    assert tiltakstyper["INDIVIDUELL_JOBBSTOTTE_UNG"].arena_kode == "IPSUNG"
    assert tiltakstyper["VARIG_TILRETTELAGT_ARBEID_SKJERMET"].niva == "VARIG_TILPASSET_INNSATS"
    assert tiltakstyper["ARBEIDSMARKEDSOPPLAERING"].min_alder == 19
    combined = tiltakstyper["FAG_OG_YRKESOPPLAERING"].kan_kombineres_med.all()
    assert tiltakstyper["ARBEIDSTRENING"] in combined  # symmetrical


def test_standard_innsats_is_refused_arbeidstrening_with_the_reason(tiltakstyper):
    found = type_hindringer(
        tiltakstyper["ARBEIDSTRENING"],
        innsatsgruppe=IG.STANDARD_INNSATS,
        fodselsdato=dt.date(2005, 5, 5),
        dag=dt.date(2026, 11, 1),
    )
    assert [h.kode for h in found] == ["innsatsgruppe"]
    assert "situasjonsbestemt" in found[0].melding
    assert "gode muligheter" in found[0].melding


def test_no_vedtak_opens_only_standard_types(tiltakstyper):
    born = dt.date(2000, 1, 1)
    day = dt.date(2026, 11, 1)
    assert not type_hindringer(
        tiltakstyper["JOBBKLUBB"], innsatsgruppe=None, fodselsdato=born, dag=day
    )
    refused = type_hindringer(
        tiltakstyper["ARBEIDSTRENING"], innsatsgruppe=None, fodselsdato=born, dag=day
    )
    assert "ikke vedtak" in refused[0].melding


def test_amo_age_limit_counts_on_the_start_day_leap_day_birthday(tiltakstyper):
    amo = tiltakstyper["ARBEIDSMARKEDSOPPLAERING"]
    born = dt.date(2008, 2, 29)
    kwargs = {"innsatsgruppe": IG.STANDARD_INNSATS, "fodselsdato": born}
    # 19 on 1 March 2027 (no 29 February that year), not on 28 February.
    assert [h.kode for h in type_hindringer(amo, dag=dt.date(2027, 2, 28), **kwargs)] == ["alder"]
    assert type_hindringer(amo, dag=dt.date(2027, 3, 1), **kwargs) == []


def test_ips_ung_upper_age_limit(tiltakstyper):
    ips = tiltakstyper["INDIVIDUELL_JOBBSTOTTE_UNG"]
    kwargs = {"innsatsgruppe": IG.SITUASJONSBESTEMT_INNSATS, "fodselsdato": dt.date(1996, 6, 1)}
    assert type_hindringer(ips, dag=dt.date(2026, 5, 31), **kwargs) == []
    refused = type_hindringer(ips, dag=dt.date(2026, 6, 1), **kwargs)
    assert "øvre aldersgrense 29" in refused[0].melding


def test_start_outside_period_or_in_closed_period_is_explained(gjennomforing, personas):
    assert gjennomforing_hindringer(gjennomforing, start=dt.date(2026, 9, 1)) == []
    before = gjennomforing_hindringer(gjennomforing, start=dt.date(2026, 7, 31))
    after = gjennomforing_hindringer(gjennomforing, start=dt.date(2027, 7, 1))
    assert [h.kode for h in before] == ["periode"] == [h.kode for h in after]
    services.stengt_periode_legg_til(
        gjennomforing,
        actor=personas["koordinator"],
        fra_dato=dt.date(2026, 12, 20),
        til_dato=dt.date(2027, 1, 3),
        begrunnelse="juleferie",
    )
    closed = gjennomforing_hindringer(gjennomforing, start=dt.date(2027, 1, 3))
    assert [h.kode for h in closed] == ["stengt_periode"]
    assert "juleferie" in closed[0].melding
    assert gjennomforing_hindringer(gjennomforing, start=dt.date(2027, 1, 4)) == []


def test_stopped_gjennomforing_takes_no_one_and_says_why(gjennomforing, personas):
    services.gjennomforing_stopp(
        gjennomforing,
        actor=personas["koordinator"],
        dato=dt.date(2026, 10, 1),
        aarsak="BUDSJETTHENSYN",
        begrunnelse="",
    )
    found = gjennomforing_hindringer(gjennomforing, start=dt.date(2026, 11, 1))
    assert {h.kode for h in found} == {"stoppet", "stengt"}
    assert "budsjetthensyn" in found[0].melding
