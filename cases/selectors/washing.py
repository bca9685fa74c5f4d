"""Reads for list washing: sessions and uploads a user may see, a session's rows by result, and
the review queue. Every read starts from cases.access.washing_sessions_visible."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    QuerySet,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Concat, NullIf
from django.http import Http404

from accounts.models import Agency, Unit, User
from cases.access import (
    washing_row_details_visible,
    washing_rows_visible,
    washing_sessions_visible,
    washing_side,
)
from cases.models import (
    KUN_HOS,
    WashingCandidate,
    WashingResult,
    WashingRow,
    WashingSession,
    WashingUpload,
)
from nav_ot.pagination import capped_count, over_cap_label

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
    return WashingSession.objects.filter(washing_sessions_visible(user)).select_related(
        "ot_enhet", "nav_kontor", "created_by"
    )


def washing_session_get(user: User, pk: int) -> WashingSession:
    session = washing_sessions_for(user).filter(pk=pk).first()
    if session is None:
        raise Http404("Fant ikke listevasken.")
    return session


def washing_upload_get(user: User, pk: int) -> WashingUpload:
    upload = (
        WashingUpload.objects.filter(washing_sessions_visible(user), pk=pk).defer("data").first()
    )
    if upload is None:
        raise Http404("Fant ikke opplastingen.")
    return upload


def result_choices(user: User) -> list[tuple[str, str]]:
    if washing_side(user) == Agency.NAV:
        return [(r.value, r.label) for r in WashingResult]
    return OT_RESULTS


def washing_rows(session: WashingSession, *, user: User, result: str = "") -> QuerySet[WashingRow]:
    """A session's rows for a result page, the file's rows first; paginate it in SQL. Each row
    says whether its case number and conflict may be shown (`details_shown`)."""
    if result == UNDER_AVKLARING:
        result = WashingResult.MULIG_TREFF
    details = washing_row_details_visible(user, session)
    rows = (
        session.rows.filter(washing_rows_visible(user, session))
        .annotate(
            details_shown=ExpressionWrapper(details, output_field=BooleanField())
            if details
            else Value(True)
        )
        .order_by("rad", "id")
    )
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


def referral_offices(ot_enhet: Unit) -> QuerySet[Unit]:
    """The NAV offices OT may refer a youth from its list to: those of the OT unit's county."""
    return Unit.objects.filter(
        type=Unit.Type.NAV_KONTOR, parent_id=ot_enhet.parent_id, active=True
    ).order_by("navn")


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


# A comparison group shows its first rows and counts the rest (capped), whatever the list's size.
COMPARISON_SHOWN = 200


class GroupRows(list):
    """A comparison group's first rows, (rad, first name, last name, result, case id) each, with
    the group's capped count."""

    def __init__(self, rows, count: int):
        super().__init__(rows)
        self.count = count

    @property
    def count_label(self) -> str:
        return over_cap_label(self.count)

    @property
    def more(self) -> bool:
        return self.count > len(self)


@dataclass
class Comparison:
    """This session against the previous one in the same direction (the same side's list from
    the same source, for the same units), by person (fødselsnummer, or the normalised name and
    birth date): who is still only known to the list's side, who is new, who left. Compared in
    SQL: each group is its first rows and a capped count, never both lists in Python."""

    previous: WashingSession | None
    still_only_own: list = field(default_factory=list)
    new: list = field(default_factory=list)
    left: list = field(default_factory=list)


def _person_rows(session: WashingSession) -> QuerySet[WashingRow]:
    """The session's rows from its file, each with its person: the fødselsnummer, or else the
    normalised name and birth date."""
    return (
        session.rows.filter(rad__isnull=False)
        .exclude(result=WashingResult.UGYLDIG)
        .annotate(
            person=Coalesce(
                NullIf(F("fnr"), Value("")),
                Concat(
                    Coalesce(F("name_key"), Value("")),
                    Value("|"),
                    Coalesce(Cast("birth_date", CharField()), Value("")),
                    output_field=CharField(),
                ),
            )
        )
    )


def _group(rows: QuerySet[WashingRow]) -> GroupRows:
    first = rows.order_by("rad", "id").values_list(
        "rad", "first_name", "last_name", "result", "case_id"
    )
    return GroupRows(first[:COMPARISON_SHOWN], capped_count(rows))


def washing_counts(session: WashingSession, user: User) -> dict[str, int]:
    """The session's counts per result as `user` may see them: the saved counts, or counted
    by PostgreSQL over the rows they see (OT on NAV's list)."""
    visible = washing_rows_visible(user, session)
    details = washing_row_details_visible(user, session)
    if not visible and not details:
        return session.counts or {}
    rows = session.rows.filter(visible).order_by()
    counts = dict(rows.values_list("result").annotate(n=Count("id")))
    if washing_side(user) == Agency.NAV:
        # Only the conflicts the user may see: another office's are not theirs to count.
        counts["konflikter"] = rows.filter(details).exclude(conflict="").count()
    return counts


def compare_with_previous(session: WashingSession, *, user: User) -> Comparison:
    previous = (
        WashingSession.objects.filter(
            ot_enhet_id=session.ot_enhet_id,
            side=session.side,
            source=session.source,
            nav_kontor_id=session.nav_kontor_id,
            status=WashingSession.Status.DONE,
            created_at__lt=session.created_at,
        )
        .order_by("-created_at")
        .first()
    )
    if previous is None:
        return Comparison(previous=None)
    only_own = KUN_HOS[session.side]
    now = _person_rows(session).filter(washing_rows_visible(user, session))
    before = _person_rows(previous).filter(washing_rows_visible(user, previous))
    return Comparison(
        previous=previous,
        still_only_own=_group(
            now.filter(
                Exists(before.filter(person=OuterRef("person"), result=only_own)),
                result=only_own,
            )
        ),
        new=_group(now.filter(~Exists(before.filter(person=OuterRef("person"))))),
        left=_group(before.filter(~Exists(now.filter(person=OuterRef("person"))))),
    )
