"""Case access: which cases a user sees, how much of each (samtykke), and the access log.
The package docstring (cases/access/__init__.py) states the rules."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import BooleanField, Exists, OuterRef, Q, QuerySet, Value
from django.http import Http404
from django.utils import timezone

from accounts.models import Agency, Unit, User
from accounts.selectors import units_visible_to
from cases.models import AccessLog, Case, Category, Samtykke, Visibility


class ListStatus:
    """What may cross between NAV and OT without consent (vasking av lister); which one applies
    comes from the other side's follow-up (cases.selectors.periode.ivaretatt_status)."""

    IVARETATT = "Er ivaretatt"
    IKKE_IVARETATT = "Er ikke ivaretatt"
    FLYTTET = "Har flyttet"


def cases_visible_to(user: User) -> QuerySet[Case]:
    """Every list, search and export starts here."""
    agency = getattr(user, "agency", None)
    if agency is None or not user.is_active:
        return Case.objects.none()
    return Case.objects.filter(case_visible_to(user, ""))


def case_visible_to(user: User, relation: str = "case") -> Q:
    """`cases_visible_to` as a filter on a row's `relation` to its case: a join on the case's unit,
    rather than `case__in=` a subquery PostgreSQL may run over every case of a county's unit."""
    agency = getattr(user, "agency", None)
    if agency is None or not user.is_active:
        return Q(pk__in=[])
    prefix = f"{relation}__" if relation else ""
    unit_field = "nav_kontor" if agency == Agency.NAV else "ot_enhet"
    return Q(**{f"{prefix}{unit_field}__in": case_unit_ids(user)})


def case_unit_ids(user: User) -> list[int]:
    """The ids of the units whose cases `user` sees, as a literal list: cases belong to offices
    (NAV-kontor, OT-enhet), never to teams. With one id the planner walks a unit's ordered index
    (`case_open_ot_created`) and stops after a page; a subquery on units (or a team's id in the
    list) makes it read and sort the unit's every case first (10 s for a county's 66,000).

    Kept on the user object for what it depends on (a list page asks three times; a request
    loads its user anew)."""
    key = (user.pk, user.unit_id, user.role, user.is_active, user.is_superuser)
    kept = user.__dict__.get("_case_unit_ids")
    if kept is None or kept[0] != key:
        ids = units_visible_to(user).filter(type__in=[Unit.Type.NAV_KONTOR, Unit.Type.OT_ENHET])
        kept = user.__dict__["_case_unit_ids"] = (key, tuple(ids.values_list("pk", flat=True)))
    return list(kept[1])


def valid_samtykker(day, *, side: str | None = None) -> QuerySet[Samtykke]:
    """Samtykker in force on `day`; with `side`, only those that let that side see the other's data."""
    valid = Samtykke.objects.filter(withdrawn_at__isnull=True, valid_from__lte=day).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )
    if side is not None:
        valid = valid.filter(shared_with__in=[Samtykke.SharedWith.BEGGE, side])
    return valid


def valid_samtykke_categories(case: Case, side: str | None = None, day=None) -> frozenset[str]:
    """Categories `side` may see of the other side's data (any side's, when side is None)."""
    day = day or timezone.localdate()
    valid = valid_samtykker(day, side=side).filter(case=case).values_list("categories", flat=True)
    return frozenset(category for categories in valid for category in categories)


# Each side's own records are about this category: a samtykke for it lets the other side see them.
OWN_CATEGORY = {Agency.NAV: Category.ARBEID_TILTAK, Agency.OT: Category.SKOLE}
# Fields on Case that hold one side's data, with the category the other side's samtykke must
# cover ("" for any samtykke). Lists may show and filter them only under that samtykke, and never
# sort on them (the order would reveal the values of rows without one).
SIDE_FIELDS = {
    "ot_status": (Agency.OT, Category.SKOLE),
    "nav_last_contact_at": (Agency.NAV, ""),
    "ot_last_contact_at": (Agency.OT, ""),
}


def _other(side: str) -> str:
    return Agency.OT if side == Agency.NAV else Agency.NAV


def may_sort_on(side: str, sort: str) -> bool:
    """May a list for `side` be ordered by `sort`: one key or several ("a,-b"), "-" descending?
    Refused when any key is the other side's field."""
    for key in sort.split(","):
        owner, _category = SIDE_FIELDS.get(key.strip().lstrip("-").strip(), (side, ""))
        if owner != side:
            return False
    return True


def _sees(side: str, day, case_ref: str, category: str = ""):
    """Expression: a samtykke in force lets `side` see the other side's data (of `category`)."""
    valid = valid_samtykker(day, side=side).filter(case=OuterRef(case_ref))
    return Exists(valid.filter(categories__contains=[category]) if category else valid)


def annotate_consent(queryset: QuerySet[Case], side: str, day) -> QuerySet[Case]:
    """What list pages may show of the other side, per case: `har_samtykke` (its owner and
    details) and `sees_<field>` for each field in SIDE_FIELDS (e.g. `sees_ot_status`)."""
    always = Value(True, output_field=BooleanField())
    fields = {
        f"sees_{name}": always if owner == side else _sees(side, day, "pk", category)
        for name, (owner, category) in SIDE_FIELDS.items()
    }
    return queryset.annotate(har_samtykke=_sees(side, day, "pk"), **fields)


def attach_consent(cases: list[Case], side: str, day) -> None:
    """annotate_consent for cases already loaded: one query for a list page's own rows, so the
    EXISTS subqueries never run for every case in the unit."""
    names = ["har_samtykke", *(f"sees_{name}" for name in SIDE_FIELDS)]
    ids = [case.pk for case in cases]
    rows = annotate_consent(Case.objects.filter(pk__in=ids), side, day).order_by()
    flags = {row["pk"]: row for row in rows.values("pk", *names)}
    for case in cases:
        for name in names:
            setattr(case, name, flags[case.pk][name])


def sees_field(side: str, day, name: str):
    """Filter: `side` may see the other side's Case field `name` (see SIDE_FIELDS)."""
    owner, category = SIDE_FIELDS[name]
    return Q(pk__isnull=False) if owner == side else _sees(side, day, "pk", category)


@dataclass(frozen=True)
class CaseAccess:
    case: Case
    user: User
    side: str  # the user's agency on this case
    shared_categories: frozenset[str] = field(default_factory=frozenset)

    @property
    def other_side(self) -> str:
        return _other(self.side)

    @property
    def own_category(self) -> str:
        return OWN_CATEGORY[self.side]

    @property
    def has_samtykke(self) -> bool:
        return bool(self.shared_categories)

    def may_see(
        self, *, agency: str, visibility: str = Visibility.SHARED, category: str = ""
    ) -> bool:
        """May this user see an item recorded by `agency` with this visibility and category?"""
        if not agency or agency == self.side:
            return True
        if visibility != Visibility.SHARED:
            return False
        return category in self.shared_categories if category else self.has_samtykke

    @property
    def sees_school(self) -> bool:
        """OT's school data: the school situation and OT-status."""
        return self.may_see(agency=Agency.OT, category=Category.SKOLE)

    @property
    def sees_work(self) -> bool:
        """NAV's work and tiltak data: §14a-vedtak, aktivitetsplan, behovsvurdering, deadlines."""
        return self.may_see(agency=Agency.NAV, category=Category.ARBEID_TILTAK)

    @property
    def sees_health(self) -> bool:
        return self.may_see(agency=self.other_side, category=Category.HELSE)

    @property
    def sees_family(self) -> bool:
        return self.may_see(agency=self.other_side, category=Category.FAMILIE)

    @property
    def sees_guardian(self) -> bool:
        """The guardian's name and phone are family data of the side that recorded them."""
        return self.may_see(agency=self.case.guardian_agency, category=Category.FAMILIE)

    def last_contacts(self) -> list[tuple[str, object]]:
        """Each side's own last contact with the youth: the other side's only with a samtykke
        (how often a side meets the youth is part of its follow-up)."""
        return [
            (side.upper(), self.case.last_contact_for(side))
            for side in (self.side, self.other_side)
            if self.may_see(agency=side)
        ]

    @property
    def sees_joint_work(self) -> bool:
        """Trekantsamtaler and agreed actions: both sides took part, so both always see them."""
        return True

    @property
    def may_plan_meetings(self) -> bool:
        """New joint work (planning or registering a trekantsamtale) needs a valid samtykke."""
        return self.has_samtykke

    def sees_completion(self, action) -> bool:
        """Ticking off an agreed action is the ticking side's record."""
        return self.may_see(agency=action.done_by.agency if action.done_by_id else "")

    @property
    def sees_outcome(self) -> bool:
        """How a closed case ended says more than the list status: it needs a samtykke."""
        return self.has_samtykke

    @property
    def sees_nav_owner(self) -> bool:
        return self.may_see(agency=Agency.NAV)

    @property
    def sees_ot_owner(self) -> bool:
        return self.may_see(agency=Agency.OT)

    def timeline_filter(self) -> Q:
        """Case events this user may see: unsided ones, their side's, and the other side's shared
        ones in a category a samtykke covers. Every shared sided event has a category
        (cases.events.record_event); one without never crosses."""
        visible = Q(agency="") | Q(agency=self.side)
        if self.shared_categories:
            visible |= Q(visibility=Visibility.SHARED, category__in=self.shared_categories)
        return visible

    def notes_filter(self) -> Q:
        """Notes: their side's, and shared ones in a category a samtykke covers."""
        visible = Q(agency=self.side)
        if self.shared_categories:
            visible |= Q(visibility=Visibility.SHARED, category__in=self.shared_categories)
        return visible


def may_assign(user: User, current: User | None, new: User | None) -> bool:
    """May `user` change a case's owner on their side from `current` to `new`? Team leads assign
    their units' cases to anyone; a case worker takes an unassigned case for themselves or hands
    over their own, never a colleague's."""
    if user.is_team_lead:
        return True
    if current is None:
        return new == user
    return current == user


def _side_for(user: User, case: Case) -> str | None:
    agency = getattr(user, "agency", None)
    if agency is None:
        return None
    unit_id = case.nav_kontor_id if agency == Agency.NAV else case.ot_enhet_id
    if unit_id is None or not units_visible_to(user).filter(pk=unit_id).exists():
        return None
    return agency


def case_access(user: User, case: Case) -> CaseAccess | None:
    side = _side_for(user, case)
    if side is None:
        return None
    return CaseAccess(
        case=case, user=user, side=side, shared_categories=valid_samtykke_categories(case, side)
    )


def case_get_for_user(
    *,
    user: User,
    case_id: int,
    path: str = "",
    action: str = AccessLog.Action.VIEW,
    require: Callable[[CaseAccess], None] | None = None,
) -> CaseAccess:
    """Load a case for `user` or raise 404; every successful read is written to the access log.
    `require` may refuse the page (raise PermissionDenied) before anything is logged."""
    case = (
        Case.objects.select_related("youth", "nav_kontor", "ot_enhet", "nav_veileder", "ot_kontakt")
        .filter(pk=case_id)
        .first()
    )
    access = case_access(user, case) if case else None
    if access is None:
        raise Http404("Fant ikke saken.")
    if require is not None:
        require(access)
    log_access(user, [case], action, path)
    return access


def youths_cases(**youth_filter) -> QuerySet[Case]:
    """Pages about youths rather than cases (deadlines, varsler, exports by fødselsnummer) log
    each youth against their latest case: `youths_cases(youth_id__in=ids)`."""
    return (
        Case.objects.filter(**youth_filter).order_by("youth_id", "-created_at").distinct("youth_id")
    )


def log_access(
    user: User, cases: QuerySet[Case] | Iterable[Case | int], action: str, page: str
) -> int:
    """Log every youth shown to `user` on `page` (a path, or a command): one row per case, written
    by one INSERT ... SELECT however many there are. `cases`: the cases actually shown (the
    current page's rows), as objects, ids or a queryset. Returns the number of rows logged."""
    if isinstance(cases, QuerySet):
        keep_order = cases.query.is_sliced or cases.query.distinct_fields
        shown = cases if keep_order else cases.order_by()
        try:
            shown_sql, shown_params = shown.values("pk").query.sql_with_params()
        except EmptyResultSet:  # e.g. `id IN ()`: nobody shown
            return 0
    else:
        ids = sorted({getattr(case, "pk", case) for case in cases})
        if not ids:
            return 0
        shown_sql, shown_params = "SELECT unnest(%s::bigint[])", (ids,)
    log, case_table = AccessLog._meta.db_table, Case._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {log} (user_id, case_id, youth_id, agency, unit_id, action, path, at) "
            f"SELECT %s, c.id, c.youth_id, %s, %s, %s, %s, %s FROM {case_table} c "
            f"WHERE c.id IN ({shown_sql})",
            (
                user.pk,
                getattr(user, "agency", None) or "",
                getattr(user, "unit_id", None),
                action,
                page[:300],
                timezone.now(),
                *shown_params,
            ),
        )
        return cursor.rowcount
