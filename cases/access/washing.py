"""List washing access: who washes which unit's lists, sees which sessions and rows, reviews
candidates and acts on a result. Built on the case access rules in cases.access.core."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import Agency, Unit, User
from accounts.selectors import units_visible_to
from cases.access.core import case_unit_ids
from cases.models import Case, WashingResult
from nav_ot.dates import birth_date_bounds


def may_review_washing(user: User, ot_enhet) -> bool:
    """List washing's review queue: NAV staff of an office in the OT unit's county decide
    whether a row is a youth of the register (OT sees only «under avklaring»)."""
    if getattr(user, "agency", None) != Agency.NAV or not user.is_active or user.unit is None:
        return False
    fylke = user.unit.fylke
    return fylke is not None and fylke.pk == ot_enhet.parent_id


class WashingAction:
    """What a person may do from a washing result (cases/washing/actions.py does it)."""

    OPPRETT = "opprett"  # open a NAV case for a youth only OT knows
    KOBLE = "koble"  # link a row to an existing case
    HENVIS = "henvis"  # send a henvisning for a youth only one side knows
    FORDEL = "fordel"  # assign the rows' cases on one's own side


def washing_actions(user: User, session) -> frozenset[str]:
    """The actions `user` may take from the result of washing `session`. NAV staff of the OT
    unit's county (those who decide the review queue) link rows to cases they see and refer
    NAV's youth to OT, and from OT's side of a washing open cases for youth only OT knows (of
    NAV's list such a youth already has OT's case in Trekant: there is nothing to open); OT
    staff of the unit refer youth only OT knows to NAV. Both assign the rows' cases on their own
    side. Each case acted on is still decided by `case_access` (and owners by `may_assign`):
    this only says which buttons there are."""
    ot_enhet = session.ot_enhet
    if may_review_washing(user, ot_enhet):
        actions = {WashingAction.KOBLE, WashingAction.HENVIS, WashingAction.FORDEL}
        if session.side == Agency.OT:
            actions.add(WashingAction.OPPRETT)
        return frozenset(actions)
    if getattr(user, "agency", None) == Agency.OT and user.is_active and user.unit is not None:
        if may_wash(user, ot_enhet):
            return frozenset({WashingAction.HENVIS, WashingAction.FORDEL})
    return frozenset()


def washing_candidates_allowed(ot_enhet_id: int, youth_ids: Iterable[int]) -> set[int]:
    """Of `youth_ids`, the youth a washing for the OT unit `ot_enhet_id` may propose as
    candidates to its reviewers (NAV staff of the county): the register's youth, but not one known
    only to another OT unit (every case of theirs another OT unit's, without NAV). That youth is
    that OT unit's own data: its name, birth date and number never cross to NAV as a candidate."""
    ids = set(youth_ids)
    if not ids:
        return ids
    # One grouped pass over the candidates' cases (a washing has ~100,000 candidate youth at a
    # million): a youth is left out when none of its cases has NAV or this OT unit.
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT youth_id FROM {Case._meta.db_table} WHERE youth_id = ANY(%s) "
            "GROUP BY youth_id "
            "HAVING NOT bool_or(nav_kontor_id IS NOT NULL OR ot_enhet_id IS NOT DISTINCT FROM %s)",
            [list(ids), ot_enhet_id],
        )
        others_only = {youth_id for (youth_id,) in cursor.fetchall()}
    return ids - others_only


def washing_units(user: User) -> QuerySet[Unit]:
    """OT units whose lists `user` may wash and whose sessions they see: OT staff their own
    units, NAV staff the OT units of their office's county (the two sides sit at one table)."""
    agency = getattr(user, "agency", None)
    ot_units = Unit.objects.filter(type=Unit.Type.OT_ENHET)
    if agency == Agency.OT:
        return ot_units.filter(pk__in=units_visible_to(user).values("pk"))
    if agency == Agency.NAV and user.is_active and user.unit is not None:
        fylke = user.unit.fylke
        return ot_units.filter(parent=fylke) if fylke is not None else ot_units.none()
    return ot_units.none()


def may_wash(user: User, ot_enhet: Unit) -> bool:
    return washing_units(user).filter(pk=ot_enhet.pk).exists()


def washing_offices(user: User) -> QuerySet[Unit]:
    """NAV offices whose list (and whose youth in Trekant) `user` may wash and whose NAV-side
    sessions they see: NAV staff their own office."""
    if getattr(user, "agency", None) != Agency.NAV or not user.is_active or user.unit is None:
        return Unit.objects.none()
    return Unit.objects.filter(pk=user.unit.office.pk, type=Unit.Type.NAV_KONTOR)


def may_wash_for_office(user: User, nav_kontor: Unit, ot_enhet: Unit) -> bool:
    """NAV's list: the user's own office, against an OT unit in the office's county."""
    return (
        nav_kontor.parent_id == ot_enhet.parent_id
        and washing_offices(user).filter(pk=nav_kontor.pk).exists()
        and may_wash(user, ot_enhet)
    )


def washing_sessions_visible(user: User) -> Q:
    """Filter on WashingSession and WashingUpload: washings of the OT units `user` washes for;
    NAV's (those with a NAV office) to NAV staff only of that office, not to other offices."""
    visible = Q(ot_enhet__in=washing_units(user))
    if getattr(user, "agency", None) == Agency.NAV:
        visible &= Q(nav_kontor__isnull=True) | Q(nav_kontor__in=washing_offices(user))
    return visible


def washing_rows_visible(user: User, session) -> Q:
    """Filter on WashingRow: the rows of a washing `user` may see (washing_rows_for_side). Of an
    OT washing (OT's list, or OT's youth in Trekant) NAV staff see the list's rows and, of NAV's
    youth after them (no `rad`), only those whose case is at an office they see: a washing for
    the county's OT unit does not show one NAV office another office's youth."""
    side = washing_side(user)
    visible = washing_rows_for_side(side, session)
    if side == Agency.NAV and session.side == Agency.OT:
        visible &= Q(rad__isnull=False) | Q(case__nav_kontor__in=case_unit_ids(user))
    return visible


def washing_row_details_visible(user: User, session) -> Q:
    """Filter on WashingRow: the rows whose case number and conflict `user` (NAV's view) may see.
    Of an OT washing every NAV office of the county sees the list's rows (to review them), but a
    row's case, and the conflict found in it, only the office (or the team lead, the admin) whose
    case it is: the result says NAV knows the youth, not where nor what NAV does. Of NAV's own
    list, a youth only OT follows has OT's case: its number is not NAV's either. OT's view shows
    no case numbers at all (cases.washing.export, the result page)."""
    if washing_side(user) != Agency.NAV:
        return Q()
    return Q(case__isnull=True) | Q(case__nav_kontor__in=case_unit_ids(user))


def washing_rows_for_side(side: str, session) -> Q:
    """Filter on WashingRow: the rows of a washing a side's view or file holds. NAV's holds every
    row. Of NAV's list (or NAV's youth in Trekant) OT's holds its own youth (begge, kun_ot) and
    the rest only in OT's age range on the washing's day: NAV's youth outside OT's target group
    do not cross."""
    if side == Agency.NAV or session.side != Agency.NAV:
        return Q()
    earliest, latest = birth_date_bounds(
        15, settings.OT_AGE_LIMIT - 1, timezone.localdate(session.created_at)
    )
    own = [WashingResult.BEGGE, WashingResult.KUN_OT]
    return Q(result__in=own) | Q(birth_date__range=(earliest, latest))


def washing_side(user: User) -> str:
    """Which side's view of a washing result `user` gets: NAV's working view, or OT's, where
    only the allowed answers cross."""
    return Agency.NAV if getattr(user, "agency", None) == Agency.NAV else Agency.OT
