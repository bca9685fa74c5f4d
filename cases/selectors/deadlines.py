"""Guarantee deadlines a user may see: the team lead's queue and a case's deadlines."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from accounts.models import NAV_ROLES, Agency, User
from accounts.selectors import units_visible_to
from cases.models import (
    FRIST_NEEDS_FOLLOW_UP,
    FRIST_WITHOUT_DATE,
    Case,
    CaseStatus,
    Frist,
    Garantiregel,
    Vedtak14a,
    Youth,
)
from nav_ot.forms import LongSelect

# Deadlines whose clock runs: a team lead may pause them, and they show the days left.
RUNNING = frozenset({Frist.Status.APEN, Frist.Status.SNART})
IN_PLAY = RUNNING | {Frist.Status.PAUSET}
# Deadlines missed, which a team lead signs off.
BREACHES = frozenset({Frist.Status.BRUTT, Frist.Status.OPPFYLT_SENT})
# Deadlines whose deliverable is not (yet) delivered.
NOT_MET = IN_PLAY | {Frist.Status.BRUTT}


class FristFilter(django_filters.FilterSet):
    # The menus render in Python (LongSelect): an office's veiledere are a hundred options.
    status = django_filters.ChoiceFilter(
        label="Status",
        choices=[],
        empty_label="Alle som krever oppfølging",
        method="filter_status",
        widget=LongSelect,
    )
    regel = django_filters.ChoiceFilter(
        label="Garanti",
        field_name="regel__kode",
        choices=[],
        empty_label="Alle",
        widget=LongSelect,
    )
    veileder = django_filters.ModelChoiceFilter(
        label="Veileder",
        queryset=User.objects.none(),
        method="filter_veileder",
        empty_label="Alle",
        widget=LongSelect,
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["status"].extra["choices"] = Frist.Status.choices
        self.filters["regel"].extra["choices"] = guarantee_choices()
        self.filters["veileder"].queryset = User.objects.filter(
            unit__in=units_visible_to(user),
            role__in=NAV_ROLES,
            is_active=True,
        ).order_by("last_name")
        self.form.fields["veileder"].label_from_instance = lambda u: u.get_full_name() or u.username
        for field in self.form.fields.values():
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = (
                "aksel-select__input" if is_select else "aksel-text-field__input"
            ) + " aksel-body-short"

    def filter_status(self, queryset, name, value):
        return queryset.filter(status=value)

    def filter_veileder(self, queryset, name, value):
        return queryset.filter(
            Q(vedtak__case__nav_veileder=value)
            | Q(vedtak__case__isnull=True, vedtak__veileder=value)
        )

    @property
    def qs(self):
        queryset = super().qs
        if not self.form.cleaned_data.get("status"):
            # No status chosen: everything still needing follow-up (cases.models.guarantees).
            queryset = queryset.filter(FRIST_NEEDS_FOLLOW_UP)
        if not self.form.cleaned_data.get("regel"):
            # Open deadlines without a frist (every youth G1 or G3 covers) would bury the ones
            # running out; choosing a guarantee lists its own, such as the youth the 2023
            # ungdomsgaranti covers who have no fast kontaktperson yet.
            queryset = queryset.exclude(FRIST_WITHOUT_DATE)
        return queryset


def guarantee_choices() -> list[tuple[str, str]]:
    """Each guarantee code once, labelled with the name of its latest rule."""
    names: dict[str, str] = {}
    for kode, navn in Garantiregel.objects.order_by("kode", "valid_from").values_list(
        "kode", "navn"
    ):
        names[kode] = navn
    return [(kode, f"{kode}: {navn}") for kode, navn in names.items()]


def deadline_queue(user: User, params) -> FristFilter:
    base = frister_visible_to(user).select_related(
        "youth", "regel", "vedtak__case__nav_veileder", "vedtak__veileder", "signed_off_by"
    )
    return FristFilter(params, queryset=base, user=user)


def case_vedtak(case: Case) -> QuerySet[Vedtak14a]:
    """The §14a vedtak a case shows: its own, and imported ones (no case) of its NAV-kontor. A
    vedtak another office made for the youth stays with that office's case."""
    imported = Q(case__isnull=True, nav_kontor_id=case.nav_kontor_id, youth_id=case.youth_id)
    if case.nav_kontor_id is None:
        imported = Q(pk__in=[])
    return Vedtak14a.objects.filter(Q(case=case) | imported)


def case_deadlines(case: Case):
    return (
        Frist.objects.filter(vedtak__in=case_vedtak(case))
        .exclude(status=Frist.Status.ERSTATTET)
        .select_related("regel", "vedtak")
        .order_by("-startdato", "regel__kode")
    )


def frister_visible_to(user: User):
    """Deadlines of vedtak from the NAV units the user sees (NAV staff only)."""
    if user.agency != Agency.NAV:
        return Frist.objects.none()
    # A literal id list (not a subquery) lets the planner use the frist_queue index.
    return Frist.objects.filter(
        nav_kontor_id__in=list(units_visible_to(user).values_list("pk", flat=True))
    )


def youth_without_kontaktperson(units) -> QuerySet[Youth]:
    """Youth at these NAV units whose guarantee promises a fast kontaktperson in NAV (the 2023
    ungdomsgaranti) and who have none yet: the unit's "Ufordelt" bucket. Each carries `case_id`,
    their open case (None if they have none)."""
    waiting = Frist.objects.filter(
        nav_kontor__in=units,
        regel__deliverable=Garantiregel.Deliverable.FAST_KONTAKTPERSON,
        status__in=NOT_MET,
    )
    open_case = Case.objects.filter(youth=OuterRef("pk")).exclude(status=CaseStatus.AVSLUTTET)
    return (
        Youth.objects.filter(pk__in=waiting.values("youth_id"))
        .annotate(case_id=Subquery(open_case.values("pk")[:1]))
        # By name, but not through the youth's name index: walking a million names to find a
        # unit's few hundred took seconds. Coalesce on a NOT NULL column changes no order.
        .order_by(Coalesce("last_name", Value("")), "first_name", "pk")
    )
