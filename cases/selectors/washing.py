"""Reads for list washing: sessions and uploads a user may see, a session's rows by result, and
the review queue. Every read starts from cases.access.washing_units."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from accounts.models import Agency, User
from cases.access import washing_side, washing_units
from cases.models import (
    WashingCandidate,
    WashingResult,
    WashingRow,
    WashingSession,
    WashingUpload,
)

# What OT may filter on: mulig_treff is «under avklaring» on OT's side.
UNDER_AVKLARING = "under_avklaring"
OT_RESULTS = [
    (WashingResult.BEGGE.value, "Finnes hos begge"),
    (WashingResult.KUN_OT.value, "Kun hos OT"),
    (WashingResult.KUN_NAV.value, "Kun hos NAV"),
    (UNDER_AVKLARING, "Under avklaring"),
    (WashingResult.UGYLDIG.value, "Ugyldig rad"),
]


def washing_sessions_for(user: User) -> QuerySet[WashingSession]:
    return WashingSession.objects.filter(ot_enhet__in=washing_units(user)).select_related(
        "ot_enhet", "created_by"
    )


def washing_session_get(user: User, pk: int) -> WashingSession:
    session = washing_sessions_for(user).filter(pk=pk).first()
    if session is None:
        raise Http404("Fant ikke listevasken.")
    return session


def washing_upload_get(user: User, pk: int) -> WashingUpload:
    upload = (
        WashingUpload.objects.filter(pk=pk, ot_enhet__in=washing_units(user)).defer("data").first()
    )
    if upload is None:
        raise Http404("Fant ikke opplastingen.")
    return upload


def result_choices(user: User) -> list[tuple[str, str]]:
    if washing_side(user) == Agency.NAV:
        return [(r.value, r.label) for r in WashingResult]
    return OT_RESULTS


def washing_rows(session: WashingSession, *, user: User, result: str = "") -> QuerySet[WashingRow]:
    """A session's rows for a result page, the file's rows first; paginate it in SQL."""
    if result == UNDER_AVKLARING:
        result = WashingResult.MULIG_TREFF
    rows = session.rows.order_by("rad", "id")
    if result:
        rows = rows.filter(result=result)
    if washing_side(user) == Agency.NAV:
        best = WashingCandidate.objects.filter(
            rank=1, decision=WashingCandidate.Decision.OPEN
        ).select_related("youth")
        rows = rows.select_related("youth", "case").prefetch_related(
            Prefetch("candidates", queryset=best, to_attr="best")
        )
    return rows


def review_queue(session: WashingSession) -> QuerySet[WashingRow]:
    """Rows in review with their open candidates, best first."""
    candidates = (
        WashingCandidate.objects.filter(decision=WashingCandidate.Decision.OPEN)
        .select_related("youth")
        .order_by("rank", "-score")
    )
    return (
        session.rows.filter(result=WashingResult.MULIG_TREFF)
        .prefetch_related(Prefetch("candidates", queryset=candidates, to_attr="open_candidates"))
        .order_by("rad", "id")
    )
