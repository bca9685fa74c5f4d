"""Enhetens saker: the unit's cases with search and filters."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property, lazy

from accounts.models import OWNER_ROLES, User
from accounts.selectors import units_visible_to
from cases.access import cases_visible_to, sees_field
from cases.models import (
    CaseStatus,
    OtStatus,
)
from cases.selectors.periode import own_side_ended
from cases.selectors.unassigned import ufordelt_for, unassigned_on
from nav_ot.dates import birth_date_bounds
from nav_ot.forms import LongSelect, person_menu
from nav_ot.pagination import capped_count, over_cap_label

FNR_LENGTH = 11
AGE_BUCKETS = {"-19": (0, 19), "20-24": (20, 24), "25-29": (25, 29)}


def search_q(value: str) -> Q:
    """The search box, as a filter on cases: digits are the youth's fødselsnummer or its first
    digits; otherwise every word must be in the youth's first or last name, case-insensitive."""
    value = value.strip()
    if value.isdigit():
        # A whole number is one youth (youth_fnr_unique); fewer digits are a number's start
        # (youth_fnr_prefix). Numbers are 11 digits, so equality finds what a prefix would.
        if len(value) >= FNR_LENGTH:
            return Q(youth__fnr=value)
        return Q(youth__fnr__startswith=value)
    # The names as copied on the case (Case.youth_first_name), UPPER(name) LIKE '%WORD%': the
    # trigram indexes case_youth_*_name_trgm find a word's cases, and PostgreSQL intersects them
    # with the unit's, without reading the youth of every case in the unit.
    found = Q()
    for word in value.split():
        found &= Q(youth_first_name__icontains=word) | Q(youth_last_name__icontains=word)
    return found


class CaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Søk (navn eller fødselsnummer)", method="filter_q")
    alder = django_filters.ChoiceFilter(
        label="Alder",
        choices=[("-19", "≤ 19"), ("20-24", "20–24"), ("25-29", "25–29")],
        method="filter_age",
        empty_label="Alle aldre",
        widget=LongSelect,
    )
    status = django_filters.ChoiceFilter(
        label="Status", choices=CaseStatus.choices, empty_label="Alle åpne", widget=LongSelect
    )
    ot_status = django_filters.ChoiceFilter(
        label="OT-status",
        choices=OtStatus.choices,
        empty_label="Alle",
        method="filter_ot_status",
        widget=LongSelect,
    )
    fordeling = django_filters.ChoiceFilter(
        label="Fordeling",
        choices=[("ufordelt", "Ufordelt")],
        method="filter_fordeling",
        empty_label="Alle",
        widget=LongSelect,
    )
    oppfolging = django_filters.ChoiceFilter(
        label="Oppfølging",
        choices=[
            ("avsluttet_hos_oss", "Avsluttet hos oss, åpen hos den andre"),
            ("alle", "Alle, også avsluttede"),
        ],
        empty_label="Åpen hos oss",
        method="filter_oppfolging",
        widget=LongSelect,
    )
    eier = django_filters.ModelChoiceFilter(
        label="Veileder / OT-kontakt",
        queryset=User.objects.none(),
        method="filter_owner",
        empty_label="Alle",
        widget=LongSelect,
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

        self.filters["eier"].queryset = User.objects.filter(
            unit__in=units_visible_to(user),
            is_active=True,
            role__in=OWNER_ROLES[user.agency],
        ).order_by("last_name", "first_name")
        # Counted when the form is shown, not for a search that only reads `qs` (registration,
        # list washing's link search): up to 0.1 s for a county's OT unit.
        self.form.fields["fordeling"].choices = [
            ("", "Alle"),
            ("ufordelt", lazy(lambda: f"Ufordelt ({over_cap_label(self.ufordelt_count)})", str)()),
        ]
        person_menu(self.form.fields["eier"])  # "First Last", or the username
        for field in self.form.fields.values():
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = (
                "aksel-select__input" if is_select else "aksel-text-field__input"
            ) + " aksel-body-short"

    @cached_property
    def ufordelt_count(self) -> int:
        return capped_count(ufordelt_for(self.user).cases)

    def filter_q(self, queryset, name, value):
        return queryset.filter(search_q(value))

    def filter_age(self, queryset, name, value):
        low, high = AGE_BUCKETS[value]
        earliest, latest = birth_date_bounds(low, high, timezone.localdate())
        # The birth date copied on the case (Case.youth_birth_date): no join to the youth.
        return queryset.filter(youth_birth_date__gte=earliest, youth_birth_date__lte=latest)

    def filter_ot_status(self, queryset, name, value):
        # The other side's field: rows whose value the user may not see never match.
        return queryset.filter(sees_field(self.user.agency, timezone.localdate(), name)).filter(
            **{name: value}
        )

    def filter_fordeling(self, queryset, name, value):
        return queryset.filter(unassigned_on(self.user.agency))

    def filter_oppfolging(self, queryset, name, value):
        return queryset  # applied in `qs`, with the status filter

    def filter_owner(self, queryset, name, value):
        return queryset.filter(Q(nav_veileder=value) | Q(ot_kontakt=value))

    @property
    def qs(self):
        queryset = super().qs
        data = self.form.cleaned_data
        # Each side lists the youth it follows, whatever the other side has done.
        oppfolging = data.get("oppfolging")
        if oppfolging == "avsluttet_hos_oss":
            return queryset.filter(own_side_ended(self.user.agency)).exclude(
                status=CaseStatus.AVSLUTTET
            )
        if not data.get("status") and oppfolging != "alle":
            queryset = queryset.exclude(status=CaseStatus.AVSLUTTET).exclude(
                own_side_ended(self.user.agency)
            )
        return queryset


def unit_cases(user: User, params) -> CaseFilter:
    """The unit's cases, filtered. What each row may show of the other side is not annotated here
    but per page (cases.access.attach_consent), so it is not evaluated for the whole unit."""
    base = cases_visible_to(user).select_related(
        "youth", "nav_veileder", "ot_kontakt", "nav_kontor", "ot_enhet"
    )
    return CaseFilter(params, queryset=base, user=user)
