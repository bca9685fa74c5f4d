"""Who may take part in a tiltak: innsatsgruppe, age, period and whether it takes anyone in.

Every refusal is explained: the veileder sees why (a `Hindring` with a Norwegian message), not
just that it was refused. Pure functions over the catalogue; the offer service calls them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from cases.models import Innsatsgruppe
from measures.models import Gjennomforing, Tiltaksniva, Tiltaksstopp, Tiltakstype
from nav_ot.dates import age_on

# NAV's ladder: a tiltakstype open at one level is open to every group at or above it, and
# gradert varig counts as varig (mulighetsrommet's mapping from innsatsgruppe to tiltak).
_GROUP_RANK = {
    Innsatsgruppe.STANDARD_INNSATS: 0,
    Innsatsgruppe.SITUASJONSBESTEMT_INNSATS: 1,
    Innsatsgruppe.SPESIELT_TILPASSET_INNSATS: 2,
    Innsatsgruppe.GRADERT_VARIG_TILPASSET_INNSATS: 3,
    Innsatsgruppe.VARIG_TILPASSET_INNSATS: 3,
}
_LEVEL_RANK = {
    Tiltaksniva.STANDARD_INNSATS: 0,
    Tiltaksniva.SITUASJONSBESTEMT_INNSATS: 1,
    Tiltaksniva.SPESIELT_TILPASSET_INNSATS: 2,
    Tiltaksniva.VARIG_TILPASSET_INNSATS: 3,
}


@dataclass(frozen=True)
class Hindring:
    kode: str
    melding: str


def innsatsgrupper_for(niva: str) -> list[str]:
    """The innsatsgrupper a tiltakstype at `niva` is open to, in NAV's order."""
    return [group for group, rank in _GROUP_RANK.items() if rank >= _LEVEL_RANK[niva]]


def niva_for(innsatsgruppe: str) -> list[str]:
    """The levels open to a youth in `innsatsgruppe` (for filtering the catalogue)."""
    return [level for level, rank in _LEVEL_RANK.items() if rank <= _GROUP_RANK[innsatsgruppe]]


def type_hindringer(
    tiltakstype: Tiltakstype, *, innsatsgruppe: str | None, fodselsdato: dt.date, dag: dt.date
) -> list[Hindring]:
    """Why a youth cannot take part in this type of tiltak on `dag` (empty: they can)."""
    found: list[Hindring] = []
    if not tiltakstype.aktiv:
        found.append(Hindring("inaktiv", f"{tiltakstype.navn} tilbys ikke lenger."))
    if innsatsgruppe is None:
        if tiltakstype.niva != Tiltaksniva.STANDARD_INNSATS:
            found.append(
                Hindring(
                    "innsatsgruppe",
                    f"{tiltakstype.navn} krever et fattet §14a-vedtak med "
                    f"{Tiltaksniva(tiltakstype.niva).label.lower()}; ungdommen har ikke vedtak.",
                )
            )
    elif innsatsgruppe not in innsatsgrupper_for(tiltakstype.niva):
        found.append(
            Hindring(
                "innsatsgruppe",
                f"{tiltakstype.navn} er åpent for {Tiltaksniva(tiltakstype.niva).label.lower()}; "
                f"ungdommen har {Innsatsgruppe(innsatsgruppe).label.lower()}.",
            )
        )
    age = age_on(fodselsdato, dag)
    if tiltakstype.min_alder is not None and age < tiltakstype.min_alder:
        found.append(
            Hindring(
                "alder",
                f"{tiltakstype.navn} har nedre aldersgrense {tiltakstype.min_alder} år; "
                f"ungdommen er {age} år {dag:%d.%m.%Y}.",
            )
        )
    if tiltakstype.maks_alder is not None and age > tiltakstype.maks_alder:
        found.append(
            Hindring(
                "alder",
                f"{tiltakstype.navn} har øvre aldersgrense {tiltakstype.maks_alder} år; "
                f"ungdommen er {age} år {dag:%d.%m.%Y}.",
            )
        )
    return found


def gjennomforing_hindringer(gjennomforing: Gjennomforing, *, start: dt.date) -> list[Hindring]:
    """Why no one can start in this gjennomføring on `start` (period, closed, stopped)."""
    found: list[Hindring] = []
    if gjennomforing.is_stopped:
        found.append(
            Hindring(
                "stoppet",
                f"Gjennomføringen er stoppet fra {gjennomforing.stoppet_dato:%d.%m.%Y} "
                f"({gjennomforing.get_stoppaarsak_display().lower()}).",
            )
        )
    if not gjennomforing.apen_for_pamelding:
        found.append(Hindring("stengt", "Gjennomføringen er stengt for påmelding."))
    if start < gjennomforing.start_dato or (
        gjennomforing.slutt_dato is not None and start > gjennomforing.slutt_dato
    ):
        slutt = f"{gjennomforing.slutt_dato:%d.%m.%Y}" if gjennomforing.slutt_dato else "–"
        found.append(
            Hindring(
                "periode",
                f"Startdatoen {start:%d.%m.%Y} er utenfor gjennomføringens periode "
                f"({gjennomforing.start_dato:%d.%m.%Y}–{slutt}).",
            )
        )
    for periode in gjennomforing.stengte_perioder.all():
        if periode.fra_dato <= start <= periode.til_dato:
            found.append(
                Hindring(
                    "stengt_periode",
                    f"Gjennomføringen tar ikke inn nye {periode.fra_dato:%d.%m.%Y}–"
                    f"{periode.til_dato:%d.%m.%Y}"
                    + (f" ({periode.begrunnelse})" if periode.begrunnelse else "")
                    + ".",
                )
            )
    return found


def stopp_som_gjelder(fylke_id: int, enhet_id: int | None, day: dt.date) -> QuerySet[Tiltaksstopp]:
    """The tiltaksstopp in force on `day` for an office (every type, or named types)."""
    return Tiltaksstopp.objects.filter(
        Q(enhet__isnull=True) | Q(enhet_id=enhet_id),
        Q(til_dato__isnull=True) | Q(til_dato__gte=day),
        fylke_id=fylke_id,
        fra_dato__lte=day,
    ).select_related("tiltakstype", "enhet")


def stopp_hindringer(gjennomforing: Gjennomforing, stopp: list[Tiltaksstopp]) -> list[Hindring]:
    """The stops in `stopp` (see `stopp_som_gjelder`) that cover this gjennomføring's type."""
    found = []
    for one in stopp:
        if one.fylke_id != gjennomforing.fylke_id or one.tiltakstype_id not in (
            None,
            gjennomforing.tiltakstype_id,
        ):
            continue
        what = one.tiltakstype.navn if one.tiltakstype else "alle tiltak"
        where = one.enhet.navn if one.enhet else "hele fylket"
        found.append(
            Hindring(
                "tiltaksstopp",
                f"Tiltaksstopp for {what} ({where}) fra {one.fra_dato:%d.%m.%Y}: "
                f"{one.get_aarsak_display().lower()}.",
            )
        )
    return found
