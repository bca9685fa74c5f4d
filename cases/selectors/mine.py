"""Mine saker's buckets, in one registry: each bucket is one entry (its `?vis=` key, Norwegian
title and selector), and the page shows a few items per bucket or one bucket paginated in SQL, so
its size does not grow with the caseload or the unit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import F, QuerySet

from accounts.models import Agency, User
from cases.selectors.unassigned import Ufordelt, ufordelt_for
from cases.selectors.worklist import Worklist, worklist_for
from nav_ot.pagination import CappedPaginator, capped_counts, over_cap_label

PREVIEW = 5
PAGE_SIZE = 25


@dataclass
class Sources:
    user: User
    worklist: Worklist
    ufordelt: Ufordelt | None


@dataclass(frozen=True)
class Bucket:
    key: str  # the `?vis=` value, the section's anchor and its test id
    title: str
    rows: Callable[[Sources], QuerySet]  # ordered to the last column, so pages do not overlap
    item: str = "cases/mine/_case.html"
    empty: str = ""
    # How a row names the youth shown, for the access log: its case ("pk" or "case_id"), or, for
    # rows that are youth, "youth" (logged against their latest case).
    shown: str = "case_id"
    applies: Callable[[User], bool] = lambda user: True
    elsewhere: str = ""  # a URL name: the bucket has its own page and is only counted here
    nav_title: str = ""  # a shorter title for the counts at the top
    item_testid: str = ""

    @property
    def testid(self) -> str:
        return self.item_testid or f"{self.key}-item"


def _team_lead(user: User) -> bool:
    return user.is_team_lead


def _no_contact_order(sources: Sources):
    return F(f"{sources.user.agency}_last_contact_at").asc(nulls_first=True)


BUCKETS: tuple[Bucket, ...] = (
    Bucket(
        "tiltak",
        "Avtalte tiltak med frist innen en uke",
        lambda s: s.worklist.actions_due.order_by("due_date", "pk"),
        item="cases/mine/_action.html",
        empty="Ingen avtalte tiltak med frist denne uken.",
        nav_title="Avtalte tiltak med frist",
        item_testid="action-item",
    ),
    Bucket(
        "ny",
        "Nye for meg",
        lambda s: s.worklist.new_to_me.order_by("-created_at", "-pk"),
        empty="Ingen nye saker.",
        shown="pk",
    ),
    Bucket(
        "moter",
        "Trekantsamtaler i dag",
        lambda s: s.worklist.meetings_today.order_by("planned_at", "pk"),
        item="cases/mine/_meeting.html",
        empty="Ingen møter i dag.",
        nav_title="Møter i dag",
    ),
    Bucket(
        "kontakt",
        "Ingen kontakt på lenge",
        lambda s: s.worklist.no_contact.order_by(_no_contact_order(s), "pk"),
        empty="Alle dine ungdommer har hatt kontakt nylig.",
        shown="pk",
    ),
    Bucket(
        "henvisninger",
        "Henvisninger som venter på svar",
        lambda s: s.worklist.referrals.order_by("created_at", "pk"),
        item="cases/mine/_referral.html",
        empty="Ingen henvisninger venter.",
        nav_title="Henvisninger som venter",
    ),
    Bucket(
        "overforinger",
        "Overføringer som venter på dere",
        lambda s: s.worklist.transfers.order_by("pk"),
        elsewhere="cases:transfers",
    ),
    Bucket(
        "samtykke",
        "Samtykke utløper snart",
        lambda s: s.worklist.consent_expiring.order_by("created_at", "pk"),
        empty="Ingen samtykker utløper den neste måneden.",
        shown="pk",
    ),
    Bucket(
        "informer",
        "Ungdommer NAV har meldt til OT",
        lambda s: s.worklist.inform_ot.order_by("created_at", "pk"),
        item="cases/mine/_task.html",
        empty="Ingen nye meldinger fra NAV.",
        applies=lambda user: user.agency == Agency.OT,
        nav_title="Nye fra NAV",
    ),
    Bucket(
        "huskelapper",
        "Huskelapper",
        lambda s: s.worklist.huskelapper.order_by(F("due_date").asc(nulls_last=True), "pk"),
        item="cases/mine/_task.html",
        empty="Ingen huskelapper.",
    ),
    Bucket(
        "ufordelt",
        "Ufordelt i enheten",
        lambda s: s.ufordelt.cases.order_by("created_at", "pk"),
        empty="Ingen saker uten eier.",
        shown="pk",
        applies=_team_lead,
        nav_title="Ufordelt",
        item_testid="ufordelt-case",
    ),
    Bucket(
        "uten-kontaktperson",
        "Uten fast kontaktperson (ungdomsgarantien)",
        lambda s: s.ufordelt.uten_kontaktperson,
        item="cases/mine/_uten_kontaktperson.html",
        empty="Alle ungdommer med situasjonsbestemt eller spesielt tilpasset innsats har en "
        "navngitt NAV-veileder.",
        shown="youth",
        applies=lambda user: user.is_team_lead and user.agency == Agency.NAV,
        nav_title="Uten fast kontaktperson",
        item_testid="ufordelt-kontaktperson",
    ),
    Bucket(
        "ufordelt-tiltak",
        "Avtalte tiltak uten ansvarlig",
        lambda s: s.ufordelt.actions.order_by("due_date", "pk"),
        item="cases/mine/_action.html",
        empty="Ingen avtalte tiltak uten ansvarlig person.",
        applies=_team_lead,
        nav_title="Tiltak uten ansvarlig",
        item_testid="ufordelt-action",
    ),
)
BUCKETS_BY_KEY = {bucket.key: bucket for bucket in BUCKETS}


@dataclass
class Shown:
    """One bucket as the page shows it: its capped count and the rows on the page."""

    bucket: Bucket
    count: int
    items: list
    page: object = None  # the Page, when this bucket is shown alone

    @property
    def count_label(self) -> str:
        return over_cap_label(self.count)

    @property
    def more(self) -> bool:
        return self.count > len(self.items) and self.page is None


@dataclass
class MinePage:
    vis: str  # the bucket shown alone, or "" for the overview
    buckets: list[Shown]

    @property
    def counts(self) -> dict[str, int]:
        return {shown.bucket.key: shown.count for shown in self.buckets}

    def shown_case_ids(self) -> set[int]:
        return {
            getattr(row, shown.bucket.shown)
            for shown in self.buckets
            if shown.bucket.shown != "youth"
            for row in shown.items
        }

    def shown_youth_ids(self) -> set[int]:
        return {
            row.pk for shown in self.buckets if shown.bucket.shown == "youth" for row in shown.items
        }


def _paginated(bucket: Bucket, rows: QuerySet, side) -> Shown:
    """One bucket alone, page `side`: the page's ids by a narrow query (the bucket's order on its
    own table, an index walk), then only those rows with their joins. Read whole, a deep page
    joined every row it skipped (page 50 of OT Bergen's ufordelt: 1,250 youth for 25)."""
    paginator = CappedPaginator(rows.values_list("pk", flat=True), PAGE_SIZE, count_from=rows)
    page = paginator.page(paginator.validate_number(side))
    ids = list(page.object_list)
    # The same order over the page's ids keeps the page's order.
    items = list(rows.filter(pk__in=ids)[:PAGE_SIZE]) if ids else []
    return Shown(bucket, paginator.count, items, page)


def mine_page(user: User, *, vis: str = "", side=None) -> MinePage:
    """The buckets that apply to `user`, each counted (capped) and with at most PREVIEW rows; with
    a known `vis`, that bucket alone is paginated (PAGE_SIZE rows, page `side`) and the others are
    only counted. An unknown `vis` is the overview."""
    buckets = [bucket for bucket in BUCKETS if bucket.applies(user)]
    if vis not in {bucket.key for bucket in buckets if not bucket.elsewhere}:
        vis = ""
    sources = Sources(
        user=user,
        worklist=worklist_for(user),
        ufordelt=ufordelt_for(user) if user.is_team_lead else None,
    )
    rows = {bucket.key: bucket.rows(sources) for bucket in buckets}
    # Every bucket but the one paged is counted in one statement (one round trip, not a dozen).
    counted = [bucket for bucket in buckets if bucket.key != vis]
    counts = dict(
        zip(
            [bucket.key for bucket in counted],
            capped_counts([rows[bucket.key] for bucket in counted]),
            strict=True,
        )
    )
    shown = []
    for bucket in buckets:
        if bucket.key == vis:
            shown.append(_paginated(bucket, rows[bucket.key], side))
        elif vis or bucket.elsewhere:
            shown.append(Shown(bucket, counts[bucket.key], []))
        else:
            shown.append(Shown(bucket, counts[bucket.key], list(rows[bucket.key][:PREVIEW])))
    return MinePage(vis=vis, buckets=shown)
