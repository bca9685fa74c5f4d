"""Mine saker: the counted buckets of a user's worklist."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.models import Agency, User
from cases.access import case_unit_ids, case_visible_to, cases_visible_to, valid_samtykker
from cases.models import (
    AgreedAction,
    Case,
    CaseStatus,
    Task,
    Trekantsamtale,
)
from cases.selectors.periode import own_side_ended
from cases.selectors.referrals import henvisninger_waiting_for
from cases.selectors.transfers import overforinger_to_answer
from nav_ot.dates import oslo_day_bounds


def _owned_by(user: User) -> Q:
    return Q(nav_veileder=user) if user.agency == Agency.NAV else Q(ot_kontakt=user)


@dataclass
class Worklist:
    new_to_me: QuerySet[Case]
    actions_due: QuerySet[AgreedAction]
    meetings_today: QuerySet[Trekantsamtale]
    no_contact: QuerySet[Case]
    consent_expiring: QuerySet[Case]
    inform_ot: QuerySet[Task]
    huskelapper: QuerySet[Task]
    referrals: QuerySet
    transfers: QuerySet

    def counts(self) -> dict[str, int]:
        return {name: getattr(self, name).count() for name in self.__dataclass_fields__}


def _actions_due(
    user: User, mine: QuerySet[Case], visible: Q, *, due_by: dt.date
) -> QuerySet[AgreedAction]:
    """Open agreed actions due by `due_by` that are the user's: theirs by name, or their side's
    without a named person on a case they own. The two are found apart and joined (UNION ALL, they
    never overlap): as one OR the planner read every open action without a person in the country
    (60,000) to keep the few on the user's cases."""
    open_due = AgreedAction.objects.filter(
        # Agreed actions stay in their party's worklist after a withdrawal (cases.access).
        visible,
        done_at__isnull=True,
        due_date__lte=due_by,
    )
    named = open_due.filter(responsible_user=user)
    on_my_cases = open_due.filter(
        responsible_user__isnull=True, responsible=user.agency, case__in=mine.values("pk")
    )
    return (
        AgreedAction.objects.filter(
            pk__in=named.values("pk")
            .order_by()
            .union(on_my_cases.values("pk").order_by(), all=True)
        )
        .select_related("case__youth", "meeting")
        .order_by("due_date")
    )


def worklist_for(user: User, *, today: dt.date | None = None) -> Worklist:
    """The counted buckets of "Mine saker"."""
    today = today or timezone.localdate()
    visible = cases_visible_to(user)
    # One filter for the rows on a case (actions, tasks): the unit list is read once, not per bucket.
    on_visible_case = case_visible_to(user)
    # The cases this user follows on their side, open whatever the other side has done.
    mine = (
        visible.filter(_owned_by(user))
        .exclude(status=CaseStatus.AVSLUTTET)
        .exclude(own_side_ended(user.agency))
    )
    new_flag = "new_for_nav_veileder" if user.agency == Agency.NAV else "new_for_ot_kontakt"
    no_contact_since = timezone.now() - dt.timedelta(days=settings.NO_CONTACT_DAYS)
    warn_until = today + dt.timedelta(days=settings.CONSENT_EXPIRY_WARNING_DAYS)
    expiring = valid_samtykker(today).filter(
        case=OuterRef("pk"), valid_to__isnull=False, valid_to__lte=warn_until
    )
    start, end = oslo_day_bounds(today)
    last_contact = f"{user.agency}_last_contact_at"
    return Worklist(
        new_to_me=mine.filter(**{new_flag: True}).select_related("youth"),
        actions_due=_actions_due(user, mine, on_visible_case, due_by=today + dt.timedelta(days=7)),
        meetings_today=Trekantsamtale.objects.filter(
            case__in=mine,
            status=Trekantsamtale.Status.PLANLAGT,
            planned_at__gte=start,
            planned_at__lt=end,
        ).select_related("case__youth"),
        no_contact=mine.filter(
            Q(**{f"{last_contact}__lt": no_contact_since})
            | Q(**{f"{last_contact}__isnull": True}, created_at__lt=no_contact_since)
        ).select_related("youth"),
        consent_expiring=mine.filter(Exists(expiring)).select_related("youth"),
        # The unit's own tasks (owner_unit follows the case's OT unit: registration, transfers),
        # on cases it sees: a unit's few hundred from `task_open_inform_ot`, not the country's
        # every open task each probed for its case's unit (8,600 at 1M, 30-70 ms).
        inform_ot=Task.objects.filter(
            on_visible_case,
            owner_unit__in=case_unit_ids(user),
            kind=Task.Kind.INFORMER_OT,
            done_at__isnull=True,
        ).select_related("case__youth")
        if user.agency == Agency.OT
        else Task.objects.none(),
        huskelapper=Task.objects.filter(
            on_visible_case,
            kind=Task.Kind.HUSKELAPP,
            owner_user=user,
            done_at__isnull=True,
        ).select_related("case__youth"),
        referrals=henvisninger_waiting_for(user),
        transfers=overforinger_to_answer(user),
    )
