"""Versions: signing, revising, non-overlap (the constraint itself), immutability, the diff."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from agreements import selectors, services
from agreements.diff import diff_versions
from agreements.models import Avtaleversjon, Klausul, KlausulType

pytestmark = pytest.mark.django_db


def test_overlapping_periods_are_refused_by_the_database_itself(lokal):
    with (
        pytest.raises(IntegrityError, match="versjon_periods_do_not_overlap"),
        transaction.atomic(),
    ):
        Avtaleversjon.objects.create(
            avtale=lokal,
            nummer=9,
            valid_from=dt.date(2027, 6, 1),
            valid_to=None,
            status=Avtaleversjon.Status.AKTIV,
            signed_at=timezone.now(),
        )


def test_a_draft_may_overlap_until_it_is_signed(lokal):
    Avtaleversjon.objects.create(avtale=lokal, nummer=9, valid_from=dt.date(2027, 6, 1))


def test_adjacent_periods_are_allowed(lokal):
    Avtaleversjon.objects.create(avtale=lokal, nummer=9, valid_from=dt.date(2028, 1, 1))


def test_revision_starting_before_the_current_version_is_refused_in_norwegian(lokal):
    with pytest.raises(ValidationError, match="overlapper"):
        services.versjon_revider(lokal, valid_from=dt.date(2025, 6, 1), valid_to=None, minor=False)


def test_period_ending_before_it_starts_is_refused(org, fylkesavtale):
    with pytest.raises(ValidationError, match="slutte før den begynner"):
        services.avtale_opprett(
            kind="lokal",
            navn="x",
            fylke=org["vestland"],
            parent=fylkesavtale,
            enheter=[org["asane"]],
            valid_from=dt.date(2026, 5, 1),
            valid_to=dt.date(2026, 4, 1),
        )


def test_revision_copies_clauses_and_obligations_and_closes_the_old_period_on_signing(
    lokal, personas
):
    draft = services.versjon_revider(
        lokal, valid_from=dt.date(2027, 1, 1), valid_to=dt.date(2028, 12, 31), minor=False
    )
    old = lokal.versjoner.get(nummer=1)
    # The version in force keeps its period while the revision is only a draft.
    assert old.valid_to == dt.date(2027, 12, 31)
    assert draft.klausuler.count() == 2
    assert Klausul.objects.get(versjon=draft, type="listevask").forpliktelser.count() == 1
    services.versjon_signer(draft, by=personas["koordinator"])
    old.refresh_from_db()
    assert old.status == "erstattet"
    assert old.valid_to == dt.date(2026, 12, 31)
    assert selectors.current_version(lokal) == draft


def test_an_abandoned_draft_is_deleted_and_changes_nothing(lokal):
    draft = services.versjon_revider(
        lokal, valid_from=dt.date(2027, 1, 1), valid_to=None, minor=False
    )
    services.versjon_slett_utkast(draft)
    assert list(lokal.versjoner.values_list("nummer", "valid_to")) == [(1, dt.date(2027, 12, 31))]
    with pytest.raises(ValidationError, match="signert"):
        services.versjon_slett_utkast(lokal.versjoner.get())
    assert services.versjon_revider(
        lokal, valid_from=dt.date(2027, 6, 1), valid_to=None, minor=True
    )


def test_a_signed_version_is_never_edited(lokal):
    versjon = lokal.versjoner.get()
    klausul = versjon.klausuler.first()
    with pytest.raises(ValidationError, match="signert versjon kan ikke endres"):
        services.klausul_endre(klausul, tekst="NAV kan kontakte OT.", aldersgrense=None)
    with pytest.raises(ValidationError, match="signert"):
        services.klausul_legg_til(versjon, type=KlausulType.RUTINER, tekst="Ny")


def test_the_database_refuses_edits_to_signed_versions_and_their_clauses(lokal):
    versjon = lokal.versjoner.get()
    with pytest.raises(IntegrityError, match="kan ikke endres"), transaction.atomic():
        Avtaleversjon.objects.filter(pk=versjon.pk).update(valid_from=dt.date(2026, 2, 1))
    with pytest.raises(IntegrityError, match="Klausulene"), transaction.atomic():
        Klausul.objects.filter(versjon=versjon).update(tekst="NAV kan kontakte OT.")


def test_diff_flags_added_removed_and_weakened_clauses(lokal, personas):
    draft = services.versjon_revider(
        lokal, valid_from=dt.date(2027, 1, 1), valid_to=None, minor=False
    )
    first = draft.klausuler.get(type="nav_kontakter_ot")
    services.klausul_endre(
        first, tekst="NAV bør kontakte OT ved behov for ungdom under 20 år.", aldersgrense=20
    )
    services.klausul_slett(draft.klausuler.get(type="listevask"))
    services.klausul_legg_til(draft, type=KlausulType.EVALUERING, tekst="Avtalen evalueres årlig.")
    changes = diff_versions(lokal.versjoner.get(nummer=1).klausuler.all(), draft.klausuler.all())
    by_status = {c.status: c for c in changes}
    assert set(by_status) == {"endret", "fjernet", "lagt_til"}
    changed = by_status["endret"]
    assert changed.svekket
    assert "«skal» er fjernet" in changed.grunner
    assert "«bør» er lagt til" in changed.grunner
    assert "tallet 21 er fjernet" in changed.grunner
    assert ("-", "skal alltid") in changed.ord
    assert by_status["fjernet"].svekket and not by_status["lagt_til"].svekket


def test_a_stronger_wording_is_not_flagged_weakened():
    from agreements.diff import weakening_reasons

    assert weakening_reasons("NAV bør kontakte OT.", "NAV skal kontakte OT innen 5 dager.") == []


def test_minor_revision_carries_read_confirmations_over(lokal, personas):
    veileder = personas["veileder"]
    services.lesebekreftelse_registrer(veileder, lokal.versjoner.get())
    minor = services.versjon_revider(
        lokal, valid_from=dt.date(2027, 1, 1), valid_to=None, minor=True
    )
    services.versjon_signer(minor, by=personas["koordinator"])
    assert selectors.has_read(veileder, minor)
    major = services.versjon_revider(
        lokal, valid_from=dt.date(2027, 6, 1), valid_to=None, minor=False
    )
    services.versjon_signer(major, by=personas["koordinator"])
    assert not selectors.has_read(veileder, major)
    unread = dict(selectors.unread_per_unit(major))
    assert veileder in unread[personas["veileder"].unit]


def test_contact_person_must_belong_to_a_covered_unit(lokal, personas):
    with pytest.raises(ValidationError, match="høre til en av enhetene"):
        services.kontaktperson_legg_til(
            lokal, user=personas["other_office"], rolle="NAV OT-kontakt"
        )
    contact = services.kontaktperson_legg_til(
        lokal, user=personas["team_veileder"], rolle="NAV OT-kontakt"
    )
    assert contact.enhet == personas["veileder"].unit
