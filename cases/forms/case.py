"""Forms for registering youth and a case's lifecycle, samtykke and lists."""

from __future__ import annotations

from django import forms

from accounts.models import OWNER_ROLES, Agency, Unit, User
from cases.forms.common import DateInput
from cases.models import (
    Case,
    Category,
    OtStatus,
    Outcome,
    Samtykke,
)
from cases.services import next_statuses
from nav_ot.forms import AkselFormMixin, CleanInputMixin, DateRange, LongSelect, person_menu
from nav_ot.identity import birth_date as fnr_birth_date
from nav_ot.identity import validate_fnr


class YouthSearchForm(CleanInputMixin, forms.Form):
    q = forms.CharField(label="Navn eller fødselsnummer", max_length=100)


class RegisterYouthForm(AkselFormMixin, forms.Form):
    submit_label = "Registrer og opprett sak"

    fnr = forms.CharField(
        label="Fødselsnummer eller D-nummer",
        required=False,
        max_length=20,
        help_text="11 siffer. La feltet stå tomt hvis nummeret ikke er kjent, og oppgi fødselsdato.",
    )
    birth_date = forms.DateField(
        label="Fødselsdato",
        required=False,
        widget=DateInput(),
        validators=[DateRange(years_ahead=0)],
    )
    first_name = forms.CharField(label="Fornavn", max_length=100)
    last_name = forms.CharField(label="Etternavn", max_length=100)
    guardian_name = forms.CharField(
        label="Foresatt (for ungdom under 18)", required=False, max_length=200
    )
    guardian_phone = forms.CharField(label="Foresattes telefon", required=False, max_length=30)
    ot_enhet = forms.ModelChoiceField(
        label="OT-enhet",
        queryset=Unit.objects.none(),
        required=False,
        empty_label="Velg automatisk i fylket",
        help_text="OT informeres om ungdom under OTs aldersgrense.",
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        fylke = user.unit.fylke if user.unit else None
        if user.agency == Agency.NAV and fylke is not None:
            self.fields["ot_enhet"].queryset = Unit.objects.filter(
                type=Unit.Type.OT_ENHET, parent=fylke, active=True
            )
        else:
            del self.fields["ot_enhet"]

    def clean_fnr(self):
        fnr = "".join(self.cleaned_data["fnr"].split())
        if fnr:
            validate_fnr(fnr)
        return fnr or None

    def clean(self):
        data = super().clean()
        fnr, born = data.get("fnr"), data.get("birth_date")
        if fnr:
            derived = fnr_birth_date(fnr)
            if born and born != derived:
                self.add_error("birth_date", "Fødselsdatoen stemmer ikke med fødselsnummeret.")
            data["birth_date"] = derived
        elif not born and "fnr" not in self.errors:
            self.add_error("birth_date", "Oppgi fødselsdato når fødselsnummeret ikke er kjent.")
        # The birth date's bounds are youth_register's rule; its error lands on the right field.
        return data


class SamtykkeForm(AkselFormMixin, forms.Form):
    submit_label = "Registrer samtykke"

    given_by = forms.ChoiceField(
        label="Samtykket er gitt av", choices=Samtykke.GivenBy.choices, widget=forms.RadioSelect
    )
    categories = forms.MultipleChoiceField(
        label="NAV og OT kan dele",
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Velg minst ett tema samtykket gjelder."},
    )
    shared_with = forms.ChoiceField(
        label="Hvem kan se den andre partens opplysninger",
        choices=Samtykke.SharedWith.choices,
        widget=forms.RadioSelect,
        initial=Samtykke.SharedWith.BEGGE,
        required=False,
    )
    valid_from = forms.DateField(label="Gyldig fra", widget=DateInput())
    valid_to = forms.DateField(label="Utløper (valgfritt)", required=False, widget=DateInput())

    def clean_shared_with(self):
        # Unanswered means the default the page preselects: both sides.
        return self.cleaned_data["shared_with"] or Samtykke.SharedWith.BEGGE


class ReasonForm(AkselFormMixin, forms.Form):
    reason = forms.CharField(label="Begrunnelse", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, submit_label: str = "Lagre", **kwargs):
        self.submit_label = submit_label
        super().__init__(*args, **kwargs)


class PeriodeEndForm(AkselFormMixin, forms.Form):
    """Ending one's own side's follow-up; the service checks the date against the period."""

    submit_label = "Avslutt oppfølgingen"

    outcome = forms.ChoiceField(
        label="Hvorfor avsluttes oppfølgingen?", choices=[("", "Velg")] + list(Outcome.choices)
    )
    ended_on = forms.DateField(label="Sluttdato (tom: i dag)", required=False, widget=DateInput())
    reason = forms.CharField(label="Begrunnelse", widget=forms.Textarea(attrs={"rows": 3}))


class StatusForm(AkselFormMixin, forms.Form):
    submit_label = "Endre status"

    status = forms.ChoiceField(label="Ny status")
    outcome = forms.ChoiceField(
        label="Utfall (når saken avsluttes)",
        required=False,
        choices=[("", "Velg utfall")] + list(Outcome.choices),
    )
    reason = forms.CharField(label="Begrunnelse", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        # Offers the transitions the lifecycle allows; case_change_status checks them (and the
        # outcome a closing needs).
        self.fields["status"].choices = [(s.value, s.label) for s in next_statuses(case)]


class AssignForm(AkselFormMixin, forms.Form):
    submit_label = "Endre eier"

    owner = forms.ModelChoiceField(
        label="Ny eier",
        queryset=User.objects.none(),
        required=False,
        empty_label="Ingen (ufordelt)",
    )
    reason = forms.CharField(label="Begrunnelse", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, office: Unit, agency: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners_at(office, agency)
        self.fields["owner"].label_from_instance = lambda u: (
            f"{u.get_full_name()} ({u.get_role_display()})"
        )


def owners_at(office: Unit, agency: str):
    roles = OWNER_ROLES[agency]
    return User.objects.filter(
        is_active=True,
        role__in=roles,
        unit__in=Unit.objects.filter(pk=office.pk) | office.children.all(),
    ).order_by("last_name", "first_name")


class OtStatusForm(AkselFormMixin, forms.Form):
    submit_label = "Lagre OT-status"

    ot_status = forms.ChoiceField(label="OT-status", choices=OtStatus.choices)
    reason = forms.CharField(label="Begrunnelse", widget=forms.Textarea(attrs={"rows": 2}))


class SchoolForm(AkselFormMixin, forms.Form):
    submit_label = "Lagre skolesituasjon"

    rett_til_vgo = forms.NullBooleanField(label="Rett til videregående opplæring")
    school = forms.CharField(label="Skole", required=False, max_length=200)
    programme = forms.CharField(label="Utdanningsprogram", required=False, max_length=200)
    next_intake = forms.DateField(label="Neste opptak", required=False, widget=DateInput())


class BulkAssignForm(CleanInputMixin, forms.Form):
    cases = forms.ModelMultipleChoiceField(queryset=Case.objects.none())
    owner = forms.ModelChoiceField(
        label="Fordel til",
        queryset=User.objects.none(),
        empty_label="Velg person",
        widget=LongSelect(attrs={"class": "aksel-select__input aksel-body-short"}),
    )
    reason = forms.CharField(label="Begrunnelse", max_length=300, initial="Fordeling av saker")

    def __init__(self, *args, user: User, visible_cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases"].queryset = visible_cases
        self.fields["owner"].queryset = (
            owners_at(user.unit.office, user.agency) if user.unit else User.objects.none()
        )
        # The menu lists the unit's every person (520 at a county OT unit) as values.
        person_menu(self.fields["owner"])


class AccessLogSearchForm(CleanInputMixin, forms.Form):
    fnr = forms.CharField(label="Fødselsnummer", required=False, max_length=11)
    username = forms.CharField(label="Brukernavn", required=False, max_length=150)
    since = forms.DateField(label="Fra dato", required=False, widget=DateInput())
    until = forms.DateField(label="Til dato", required=False, widget=DateInput())
