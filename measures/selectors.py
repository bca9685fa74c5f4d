"""Reads on the catalogue: tiltakstyper for a youth's innsatsgruppe, gjennomføringer a user sees."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from accounts.models import User
from measures import access
from measures.eligibility import niva_for
from measures.models import Gjennomforing, Tiltakstype


def tiltakstyper(*, gruppe: str = "", innsatsgruppe: str = "", aktive: bool = True):
    types = Tiltakstype.objects.prefetch_related(
        Prefetch("kan_kombineres_med", queryset=Tiltakstype.objects.only("pk", "navn"))
    )
    if aktive:
        types = types.filter(aktiv=True)
    if gruppe:
        types = types.filter(gruppe=gruppe)
    if innsatsgruppe:
        types = types.filter(niva__in=niva_for(innsatsgruppe))
    return types.order_by("gruppe", "navn")


def gjennomforinger_for(
    user: User, *, tiltakstype: Tiltakstype | None = None, apne: bool = False, q: str = ""
) -> QuerySet[Gjennomforing]:
    found = access.gjennomforinger_visible_to(user).select_related(
        "tiltakstype", "arrangor", "fylke"
    )
    if tiltakstype is not None:
        found = found.filter(tiltakstype=tiltakstype)
    if apne:
        found = found.filter(apen_for_pamelding=True, stoppet_dato__isnull=True)
    if q:
        found = found.filter(navn__icontains=q) | found.filter(arrangor__navn__icontains=q)
    return found.order_by("navn", "id")


def hendelser_for(gjennomforing: Gjennomforing, limit: int = 20):
    return gjennomforing.hendelser.select_related("actor")[:limit]
