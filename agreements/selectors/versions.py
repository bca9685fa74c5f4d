"""Reads on agreements: the version in force, who has read it, the agreement governing a case."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import NAV_ROLES, OT_ROLES, TEAM_LEAD_ROLES, Unit, User
from agreements.models import Avtaleversjon, KlausulType, Lesebekreftelse, Samarbeidsavtale
from nav_ot.dates import age_on


def version_in_force(avtale: Samarbeidsavtale, day: dt.date | None = None) -> Avtaleversjon | None:
    day = day or timezone.localdate()
    return (
        avtale.versjoner.exclude(status=Avtaleversjon.Status.UTKAST)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day)
        .first()
    )


def current_version(avtale: Samarbeidsavtale) -> Avtaleversjon | None:
    """The active version, else the newest signed one."""
    signed = avtale.versjoner.exclude(status=Avtaleversjon.Status.UTKAST).order_by("-nummer")
    return signed.filter(status=Avtaleversjon.Status.AKTIV).first() or signed.first()


def versions_counting_as_read(versjon: Avtaleversjon) -> list[int]:
    """The version and, back through minor revisions, the ones whose reads still count."""
    ids = [versjon.pk]
    earlier = versjon.avtale.versjoner.filter(nummer__lt=versjon.nummer).order_by("-nummer")
    current = versjon
    for previous in earlier:
        if not current.minor:
            break
        ids.append(previous.pk)
        current = previous
    return ids


def has_read(user: User, versjon: Avtaleversjon) -> bool:
    return Lesebekreftelse.objects.filter(
        user=user, versjon_id__in=versions_counting_as_read(versjon)
    ).exists()


def staff_of(offices) -> QuerySet[User]:
    return User.objects.filter(
        Q(unit__in=offices) | Q(unit__parent__in=offices),
        is_active=True,
        role__in=[*NAV_ROLES, *OT_ROLES, *TEAM_LEAD_ROLES],
    )


def unread_per_unit(versjon: Avtaleversjon) -> list[tuple[Unit, list[User]]]:
    """Per covered office, the staff who have not confirmed reading `versjon`."""
    read = Lesebekreftelse.objects.filter(versjon_id__in=versions_counting_as_read(versjon)).values(
        "user_id"
    )
    result = []
    for office in versjon.avtale.covered_offices():
        people = staff_of([office]).exclude(pk__in=read).order_by("last_name", "username")
        result.append((office, list(people)))
    return result


RELEVANT_FOR_CASE = (
    KlausulType.NAV_KONTAKTER_OT,
    KlausulType.INITIATIV,
    KlausulType.GRENSESNITT,
    KlausulType.OPPFOLGINGSPLAN,
)


def governing_agreement(case, day: dt.date | None = None) -> dict | None:
    """The local agreement in force for the case's NAV-kontor or OT-enhet, with its clauses
    for the next step; None when no agreement covers the case."""
    day = day or timezone.localdate()
    units = [u for u in (case.nav_kontor_id, case.ot_enhet_id) if u]
    for avtale in Samarbeidsavtale.objects.filter(
        kind=Samarbeidsavtale.Kind.LOKAL, enheter__in=units
    ).distinct():
        versjon = version_in_force(avtale, day)
        if versjon is None:
            continue
        klausuler = list(versjon.klausuler.filter(type__in=RELEVANT_FOR_CASE))
        age = age_on(case.youth.birth_date, day) if case.youth.birth_date else None
        for k in klausuler:
            k.gjelder_ungdommen = (
                k.aldersgrense is not None and age is not None and age < k.aldersgrense
            )
        return {"avtale": avtale, "versjon": versjon, "klausuler": klausuler}
    return None
