"""Reads for cases: worklists, the unit's list, the timeline, search and the access log.

Every query starts from `cases_visible_to` or a `CaseAccess`, never from Case.objects.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import django_filters
from django import forms
from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.models import Agency, User
from cases.access import CaseAccess, cases_visible_to, valid_samtykker
from cases.models import (
    Frist,
    Henvisning,
    AccessLog,
    AgreedAction,
    Case,
    CaseEvent,
    CaseStatus,
    OtStatus,
    Task,
    Trekantsamtale,
    Visibility,
)
from nav_ot.dates import birth_date_bounds

AGE_BUCKETS = {"-19": (0, 19), "20-24": (20, 24), "25-29": (25, 29)}


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

    def counts(self) -> dict[str, int]:
        return {name: getattr(self, name).count() for name in self.__dataclass_fields__}


def worklist_for(user: User, *, today: dt.date | None = None) -> Worklist:
    """The counted buckets of "Mine saker"."""
    today = today or timezone.localdate()
    visible = cases_visible_to(user)
    mine = visible.filter(_owned_by(user)).exclude(status=CaseStatus.AVSLUTTET)
    new_flag = "new_for_nav_veileder" if user.agency == Agency.NAV else "new_for_ot_kontakt"
    no_contact_since = timezone.now() - dt.timedelta(days=settings.NO_CONTACT_DAYS)
    warn_until = today + dt.timedelta(days=settings.CONSENT_EXPIRY_WARNING_DAYS)
    expiring = valid_samtykker(today).filter(case=OuterRef("pk"), valid_to__isnull=False, valid_to__lte=warn_until)
    start, end = _oslo_day(today)
    joint = Exists(valid_samtykker(today, side=user.agency).filter(case=OuterRef("case")))  # joint work needs samtykke
    return Worklist(
        new_to_me=mine.filter(**{new_flag: True}).select_related("youth"),
        actions_due=AgreedAction.objects.filter(
            Q(responsible_user=user) | Q(responsible_user__isnull=True, responsible=user.agency, case__in=mine),
            joint, done_at__isnull=True, case__in=visible, due_date__lte=today + dt.timedelta(days=7),
        ).select_related("case__youth", "meeting").order_by("due_date"),
        meetings_today=Trekantsamtale.objects.filter(
            joint, case__in=mine, status=Trekantsamtale.Status.PLANLAGT, planned_at__gte=start, planned_at__lt=end,
        ).select_related("case__youth"),
        no_contact=mine.filter(Q(last_contact_at__lt=no_contact_since) | Q(last_contact_at__isnull=True, created_at__lt=no_contact_since)).select_related("youth"),
        consent_expiring=mine.filter(Exists(expiring)).select_related("youth"),
        inform_ot=Task.objects.filter(
            kind=Task.Kind.INFORMER_OT, done_at__isnull=True, case__in=visible,
        ).select_related("case__youth") if user.agency == Agency.OT else Task.objects.none(),
        huskelapper=Task.objects.filter(
            kind=Task.Kind.HUSKELAPP, owner_user=user, done_at__isnull=True, case__in=visible
        ).select_related("case__youth"),
        referrals=henvisninger_waiting_for(user),
    )


def _oslo_day(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return start, timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


class CaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Søk (navn eller fødselsnummer)", method="filter_q")
    alder = django_filters.ChoiceFilter(
        label="Alder", choices=[("-19", "≤ 19"), ("20-24", "20–24"), ("25-29", "25–29")], method="filter_age",
        empty_label="Alle aldre",
    )
    status = django_filters.ChoiceFilter(label="Status", choices=CaseStatus.choices, empty_label="Alle åpne")
    ot_status = django_filters.ChoiceFilter(
        label="OT-status", choices=OtStatus.choices, empty_label="Alle", method="filter_ot_status"
    )
    eier = django_filters.ModelChoiceFilter(label="Veileder / OT-kontakt", queryset=User.objects.none(),
                                            method="filter_owner", empty_label="Alle")

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        from accounts.selectors import units_visible_to

        self.filters["eier"].queryset = User.objects.filter(
            unit__in=units_visible_to(user), is_active=True,
            role__in=["nav_veileder", "nav_teamleder"] if user.agency == Agency.NAV else ["ot_radgiver", "ot_teamleder"],
        ).order_by("last_name", "first_name")
        self.form.fields["eier"].label_from_instance = lambda user: user.get_full_name() or user.username
        for field in self.form.fields.values():
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = ("aksel-select__input" if is_select else "aksel-text-field__input") + " aksel-body-short"

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if value.isdigit():
            return queryset.filter(youth__fnr__startswith=value)
        for word in value.split():
            queryset = queryset.filter(Q(youth__first_name__icontains=word) | Q(youth__last_name__icontains=word))
        return queryset

    def filter_age(self, queryset, name, value):
        low, high = AGE_BUCKETS[value]
        earliest, latest = birth_date_bounds(low, high, timezone.localdate())
        return queryset.filter(youth__birth_date__gte=earliest, youth__birth_date__lte=latest)

    def filter_ot_status(self, queryset, name, value):
        queryset = queryset.filter(ot_status=value)
        # OT's code is school data: NAV may filter on it only where a samtykke covers school.
        return queryset.filter(samtykke_skole=True) if self.user.agency == Agency.NAV else queryset

    def filter_owner(self, queryset, name, value):
        return queryset.filter(Q(nav_veileder=value) | Q(ot_kontakt=value))

    @property
    def qs(self):
        queryset = super().qs
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.exclude(status=CaseStatus.AVSLUTTET)
        return queryset


def unit_cases(user: User, params) -> CaseFilter:
    today = timezone.localdate()
    base = cases_visible_to(user).select_related("youth", "nav_veileder", "ot_kontakt", "nav_kontor", "ot_enhet")
    base = base.annotate(
        har_samtykke=Exists(valid_samtykker(today, side=user.agency).filter(case=OuterRef("pk"))),
        samtykke_skole=Exists(
            valid_samtykker(today, side=user.agency).filter(case=OuterRef("pk"), categories__contains=["skole"])
        ),
    )
    return CaseFilter(params, queryset=base, user=user)


def timeline_for(access: CaseAccess) -> QuerySet[CaseEvent]:
    side = access.side
    visible = Q(agency="") | Q(agency=side)
    if access.has_samtykke:
        visible |= Q(visibility=Visibility.SHARED, category="")
        visible |= Q(visibility=Visibility.SHARED, category__in=access.shared_categories)
    return access.case.events.filter(visible).select_related("actor")


def notes_for(access: CaseAccess):
    side = access.side
    visible = Q(agency=side)
    if access.shared_categories:
        visible |= Q(visibility=Visibility.SHARED, category__in=access.shared_categories)
    return access.case.notes.filter(visible).select_related("author")


def caseload_per_owner(user: User) -> QuerySet[User]:
    """Team lead's view: open cases per veileder (or OT-kontakt) in the lead's units."""
    from accounts.selectors import units_visible_to

    field = "nav_cases" if user.agency == Agency.NAV else "ot_cases"
    roles = ["nav_veileder", "nav_teamleder"] if user.agency == Agency.NAV else ["ot_radgiver", "ot_teamleder"]
    open_cases = ~Q(**{f"{field}__status": CaseStatus.AVSLUTTET})
    return (
        User.objects.filter(unit__in=units_visible_to(user), role__in=roles, is_active=True)
        .annotate(
            open_cases=Count(field, filter=open_cases & Q(**{f"{field}__isnull": False}), distinct=True),
            new_cases=Count(field, filter=Q(**{f"{field}__status": CaseStatus.NY}), distinct=True),
        )
        .select_related("unit")
        .order_by("-open_cases", "last_name")
    )


def access_log_search(*, fnr: str = "", username: str = "", since: dt.date | None = None, until: dt.date | None = None):
    log = AccessLog.objects.select_related("user", "youth", "unit", "case")
    if fnr:
        log = log.filter(youth__fnr=fnr)
    if username:
        log = log.filter(user__username__iexact=username)
    if since:
        log = log.filter(at__gte=_oslo_day(since)[0])
    if until:
        log = log.filter(at__lt=_oslo_day(until)[1])
    return log


class FristFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label="Status", choices=[], empty_label="Alle som krever oppfølging",
                                         method="filter_status")
    regel = django_filters.ChoiceFilter(label="Garanti", field_name="regel__kode", choices=[], empty_label="Alle")
    veileder = django_filters.ModelChoiceFilter(label="Veileder", queryset=User.objects.none(),
                                                method="filter_veileder", empty_label="Alle")

    def __init__(self, *args, user: User, **kwargs):
        from accounts.selectors import units_visible_to
        from cases.models import Frist, Garantiregel

        super().__init__(*args, **kwargs)
        self.filters["status"].extra["choices"] = Frist.Status.choices
        self.filters["regel"].extra["choices"] = sorted({(k, k) for k in Garantiregel.objects.values_list("kode", flat=True)})
        self.filters["veileder"].queryset = User.objects.filter(
            unit__in=units_visible_to(user), role__in=["nav_veileder", "nav_teamleder"], is_active=True
        ).order_by("last_name")
        self.form.fields["veileder"].label_from_instance = lambda u: u.get_full_name() or u.username
        for field in self.form.fields.values():
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = ("aksel-select__input" if is_select else "aksel-text-field__input") + " aksel-body-short"

    def filter_status(self, queryset, name, value):
        return queryset.filter(status=value)

    def filter_veileder(self, queryset, name, value):
        return queryset.filter(Q(vedtak__case__nav_veileder=value) | Q(vedtak__case__isnull=True, vedtak__veileder=value))

    @property
    def qs(self):
        queryset = super().qs
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.filter(Q(status__in=["snart", "brutt", "pauset", "apen"]) | Q(status="oppfylt_sent", signed_off_at__isnull=True))
        return queryset


def deadline_queue(user: User, params) -> FristFilter:
    base = frister_visible_to(user).select_related(
        "youth", "regel", "vedtak__case__nav_veileder", "vedtak__veileder", "signed_off_by"
    ).exclude(frist__isnull=True, status="apen")
    return FristFilter(params, queryset=base, user=user)


def case_deadlines(case: Case):
    from cases.models import Frist

    return (
        Frist.objects.filter(youth=case.youth)
        .exclude(status="erstattet")
        .select_related("regel", "vedtak")
        .order_by("-startdato", "regel__kode")
    )


def henvisninger_waiting_for(user: User):
    from accounts.selectors import units_visible_to

    agency = user.agency
    if agency is None:
        return Henvisning.objects.none()
    direction = Henvisning.Direction.NAV_TIL_OT if agency == Agency.OT else Henvisning.Direction.OT_TIL_NAV
    return Henvisning.objects.filter(
        status=Henvisning.Status.VENTER, direction=direction, to_unit__in=units_visible_to(user)
    ).select_related("case__youth", "to_unit", "created_by")


def frister_visible_to(user: User):
    """Deadlines of vedtak from the NAV units the user sees (NAV staff only)."""
    from accounts.selectors import units_visible_to

    if user.agency != Agency.NAV:
        return Frist.objects.none()
    # A literal id list (not a subquery) lets the planner use the frist_queue index.
    return Frist.objects.filter(nav_kontor_id__in=list(units_visible_to(user).values_list("pk", flat=True)))
