"""Forms only validate input; the services decide and save."""

from __future__ import annotations


from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import Agency, Unit, User
from cases.access import CaseAccess
from cases.models import (
    Aktivitet, Case, CaseStatus, Category, Contact, Hovedmal, Innsatsgruppe, OtStatus, Outcome, Responsible,
    Samtykke, Visibility,
)
from cases.services import AGE_MESSAGE, MAX_AGE, MIN_AGE, TRANSITIONS
from nav_ot.dates import age_on
from nav_ot.forms import AkselFormMixin
from nav_ot.identity import birth_date as fnr_birth_date
from nav_ot.identity import validate_fnr


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def apply_service_error(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form, on the field it names where it has one."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class YouthSearchForm(forms.Form):
    q = forms.CharField(label="Navn eller fødselsnummer", max_length=100)


class RegisterYouthForm(AkselFormMixin, forms.Form):
    submit_label = "Registrer og opprett sak"

    fnr = forms.CharField(
        label="Fødselsnummer eller D-nummer", required=False, max_length=20,
        help_text="11 siffer. La feltet stå tomt hvis nummeret ikke er kjent, og oppgi fødselsdato.",
    )
    birth_date = forms.DateField(label="Fødselsdato", required=False, widget=DateInput())
    first_name = forms.CharField(label="Fornavn", max_length=100)
    last_name = forms.CharField(label="Etternavn", max_length=100)
    guardian_name = forms.CharField(label="Foresatt (for ungdom under 18)", required=False, max_length=200)
    guardian_phone = forms.CharField(label="Foresattes telefon", required=False, max_length=30)
    ot_enhet = forms.ModelChoiceField(
        label="OT-enhet", queryset=Unit.objects.none(), required=False, empty_label="Velg automatisk i fylket",
        help_text="OT informeres om ungdom under OTs aldersgrense.",
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        fylke = user.unit.fylke if user.unit else None
        if user.agency == Agency.NAV and fylke is not None:
            self.fields["ot_enhet"].queryset = Unit.objects.filter(type=Unit.Type.OT_ENHET, parent=fylke, active=True)
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
        born = data.get("birth_date")
        if born and born > timezone.localdate():
            self.add_error("birth_date", "Fødselsdatoen kan ikke være fram i tid.")
        elif born and not MIN_AGE <= age_on(born, timezone.localdate()) <= MAX_AGE:
            self.add_error("fnr" if data.get("fnr") else "birth_date", AGE_MESSAGE)
        return data


class SamtykkeForm(AkselFormMixin, forms.Form):
    submit_label = "Registrer samtykke"

    given_by = forms.ChoiceField(label="Samtykket er gitt av", choices=Samtykke.GivenBy.choices, widget=forms.RadioSelect)
    categories = forms.MultipleChoiceField(
        label="NAV og OT kan dele", choices=Category.choices, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Velg minst ett tema samtykket gjelder."},
    )
    shared_with = forms.ChoiceField(
        label="Hvem kan se den andre partens opplysninger", choices=Samtykke.SharedWith.choices,
        widget=forms.RadioSelect, initial=Samtykke.SharedWith.BEGGE,
    )
    valid_from = forms.DateField(label="Gyldig fra", widget=DateInput())
    valid_to = forms.DateField(label="Utløper (valgfritt)", required=False, widget=DateInput())

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", "Utløpsdatoen kan ikke være før startdatoen.")
        return data


class ReasonForm(AkselFormMixin, forms.Form):
    reason = forms.CharField(label="Begrunnelse", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, submit_label: str = "Lagre", **kwargs):
        self.submit_label = submit_label
        super().__init__(*args, **kwargs)


class NoteForm(AkselFormMixin, forms.Form):
    submit_label = "Lagre notat"

    text = forms.CharField(label="Notat", widget=forms.Textarea(attrs={"rows": 5}))
    category = forms.ChoiceField(label="Tema", choices=Category.choices)
    visibility = forms.ChoiceField(
        label="Hvem kan se notatet", widget=forms.RadioSelect,
        help_text="Et delt notat ser den andre parten bare når et gyldig samtykke dekker temaet.",
    )

    def __init__(self, *args, access: CaseAccess, **kwargs):
        super().__init__(*args, **kwargs)
        own = Visibility(access.side)
        self.fields["visibility"].choices = [(own.value, own.label), (Visibility.SHARED.value, Visibility.SHARED.label)]
        self.fields["visibility"].initial = own.value


class ContactForm(AkselFormMixin, forms.Form):
    submit_label = "Registrer kontakt"

    kind = forms.ChoiceField(label="Type kontakt", choices=Contact.Kind.choices)
    happened_at = forms.DateTimeField(label="Tidspunkt", widget=DateTimeInput())
    note = forms.CharField(label="Notat (valgfritt)", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    category = forms.ChoiceField(
        label="Tema", choices=Category.choices,
        help_text="Den andre parten ser kontakten bare hvis samtykket dekker temaet.",
    )


class StatusForm(AkselFormMixin, forms.Form):
    submit_label = "Endre status"

    status = forms.ChoiceField(label="Ny status")
    outcome = forms.ChoiceField(label="Utfall (når saken avsluttes)", required=False,
                                choices=[("", "Velg utfall")] + list(Outcome.choices))
    reason = forms.CharField(label="Begrunnelse", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = TRANSITIONS[CaseStatus(case.status)]
        self.fields["status"].choices = [(s.value, s.label) for s in CaseStatus if s in allowed]

    def clean(self):
        data = super().clean()
        if data.get("status") == CaseStatus.AVSLUTTET and not data.get("outcome"):
            self.add_error("outcome", "Velg hvordan saken ble avsluttet.")
        return data


class AssignForm(AkselFormMixin, forms.Form):
    submit_label = "Endre eier"

    owner = forms.ModelChoiceField(label="Ny eier", queryset=User.objects.none(), required=False, empty_label="Ingen (ufordelt)")
    reason = forms.CharField(label="Begrunnelse", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, office: Unit, agency: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners_at(office, agency)
        self.fields["owner"].label_from_instance = lambda u: f"{u.get_full_name()} ({u.get_role_display()})"


def owners_at(office: Unit, agency: str):
    roles = ["nav_veileder", "nav_teamleder"] if agency == Agency.NAV else ["ot_radgiver", "ot_teamleder"]
    return User.objects.filter(
        is_active=True, role__in=roles, unit__in=Unit.objects.filter(pk=office.pk) | office.children.all()
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


class MeetingPlanForm(AkselFormMixin, forms.Form):
    submit_label = "Planlegg trekantsamtale"

    planned_at = forms.DateTimeField(label="Tidspunkt", widget=DateTimeInput())
    location = forms.CharField(label="Sted", max_length=200)
    other_participants = forms.CharField(label="Andre deltakere (valgfritt)", required=False, max_length=300)
    agenda = forms.CharField(label="Agenda", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    preparation = forms.CharField(
        label="Forberedelse (deles bare mellom NAV og OT)", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Hva vil dere ta opp, og hvordan? Vises ikke for ungdommen.",
    )

    def clean_planned_at(self):
        value = self.cleaned_data["planned_at"]
        if value < timezone.now():
            raise ValidationError("Tidspunktet har allerede vært. Velg et tidspunkt fram i tid.")
        return value


class MeetingHoldForm(AkselFormMixin, forms.Form):
    submit_label = "Lagre referat"

    held_on = forms.DateField(label="Gjennomført dato", widget=DateInput())
    referat = forms.CharField(label="Referat", widget=forms.Textarea(attrs={"rows": 6}))
    next_planned_at = forms.DateTimeField(label="Neste trekantsamtale (valgfritt)", required=False, widget=DateTimeInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_tag = False
        self.helper.inputs = []

    def clean_held_on(self):
        value = self.cleaned_data["held_on"]
        if value > timezone.localdate():
            raise ValidationError("En samtale kan ikke være gjennomført fram i tid.")
        return value

    def clean_next_planned_at(self):
        value = self.cleaned_data.get("next_planned_at")
        if value and value < timezone.now():
            raise ValidationError("Neste samtale må være fram i tid.")
        return value


class ActionForm(forms.Form):
    description = forms.CharField(label="Hva er avtalt", required=False, max_length=300)
    responsible = forms.ChoiceField(label="Ansvarlig", choices=[("", "Velg")] + list(Responsible.choices), required=False)
    due_date = forms.DateField(label="Frist", required=False, widget=DateInput())

    def clean(self):
        data = super().clean()
        if data.get("description"):
            if not data.get("due_date"):
                self.add_error("due_date", "Oppgi en frist.")
            if not data.get("responsible"):
                self.add_error("responsible", "Velg hvem som er ansvarlig.")
        elif data.get("due_date") or data.get("responsible"):
            self.add_error("description", "Beskriv hva som er avtalt, eller tøm raden.")
        return data


ActionFormSet = forms.formset_factory(ActionForm, extra=3, max_num=20)


class ReferralForm(AkselFormMixin, forms.Form):
    submit_label = "Send henvisning"

    to_unit = forms.ModelChoiceField(label="Til enhet", queryset=Unit.objects.none())
    message = forms.CharField(label="Begrunnelse", widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, access: CaseAccess, **kwargs):
        super().__init__(*args, **kwargs)
        wanted = Unit.Type.OT_ENHET if access.side == Agency.NAV else Unit.Type.NAV_KONTOR
        fylke = access.case.unit_for(access.side).fylke
        self.fields["to_unit"].queryset = Unit.objects.filter(type=wanted, parent=fylke, active=True)


class ReferralDecisionForm(AkselFormMixin, forms.Form):
    submit_label = "Send svar"

    decision = forms.ChoiceField(
        label="Svar", choices=[("accept", "Aksepter og ta over saken"), ("reject", "Avvis")], widget=forms.RadioSelect
    )
    reason = forms.CharField(label="Begrunnelse (påkrevd ved avvisning)", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", "Oppgi hvorfor henvisningen avvises.")
        return data


class HuskelappForm(AkselFormMixin, forms.Form):
    submit_label = "Lagre huskelapp"

    text = forms.CharField(label="Huskelapp", max_length=300)
    due_date = forms.DateField(label="Frist (valgfritt)", required=False, widget=DateInput())


class BulkAssignForm(forms.Form):
    cases = forms.ModelMultipleChoiceField(queryset=Case.objects.none())
    owner = forms.ModelChoiceField(label="Fordel til", queryset=User.objects.none())
    reason = forms.CharField(label="Begrunnelse", max_length=300, initial="Fordeling av saker")

    def __init__(self, *args, user: User, visible_cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases"].queryset = visible_cases
        self.fields["owner"].queryset = owners_at(user.unit.office, user.agency) if user.unit else User.objects.none()


class AccessLogSearchForm(forms.Form):
    fnr = forms.CharField(label="Fødselsnummer", required=False, max_length=11)
    username = forms.CharField(label="Brukernavn", required=False, max_length=150)
    since = forms.DateField(label="Fra dato", required=False, widget=DateInput())
    until = forms.DateField(label="Til dato", required=False, widget=DateInput())


class VedtakForm(AkselFormMixin, forms.Form):
    submit_label = "Lagre utkast"

    innsatsgruppe = forms.ChoiceField(label="Innsatsgruppe", choices=Innsatsgruppe.choices)
    hovedmal = forms.ChoiceField(label="Hovedmål", choices=[("", "Velg")] + list(Hovedmal.choices), required=False)
    begrunnelse = forms.CharField(label="Begrunnelse", required=False, widget=forms.Textarea(attrs={"rows": 5}),
                                  help_text="Påkrevd for alle innsatsgrupper unntatt standard innsats.")
    kilder = forms.CharField(label="Kilder", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class VedtakFatteForm(AkselFormMixin, forms.Form):
    submit_label = "Fatt vedtaket"

    vedtak_dato = forms.DateField(label="Vedtaksdato", widget=DateInput())
    change_reason = forms.CharField(label="Begrunnelse for endret innsatsgruppe (når gruppen endres)", required=False,
                                    widget=forms.Textarea(attrs={"rows": 3}))


class PlanGoalForm(AkselFormMixin, forms.Form):
    submit_label = "Lagre mål"

    mal = forms.CharField(label="Ungdommens mål", widget=forms.Textarea(attrs={"rows": 3}))


class AktivitetForm(AkselFormMixin, forms.Form):
    submit_label = "Legg til aktivitet"

    type = forms.ChoiceField(label="Type", choices=Aktivitet.Type.choices)
    tittel = forms.CharField(label="Aktivitet", max_length=200)
    status = forms.ChoiceField(label="Status", choices=Aktivitet.Status.choices)
    avtalt_med_nav = forms.BooleanField(label="Avtalt med NAV", required=False)
    fra_dato = forms.DateField(label="Fra", required=False, widget=DateInput())
    til_dato = forms.DateField(label="Til", required=False, widget=DateInput())

    def clean(self):
        data = super().clean()
        if data.get("fra_dato") and data.get("til_dato") and data["til_dato"] < data["fra_dato"]:
            self.add_error("til_dato", "Sluttdatoen kan ikke være før startdatoen.")
        return data


class PlanApproveForm(AkselFormMixin, forms.Form):
    submit_label = "Godkjenn planen"

    godkjent_dato = forms.DateField(label="Godkjent dato", widget=DateInput())


class BehovsvurderingForm(AkselFormMixin, forms.Form):
    submit_label = "Lagre behovsvurdering"

    har_bedt_om_hjelp = forms.BooleanField(label="Ungdommen har bedt om hjelp", required=False)
    dato = forms.DateField(label="Dato", widget=DateInput())
    a_muligheter = forms.CharField(label="(a) Muligheter for arbeid", widget=forms.Textarea(attrs={"rows": 3}))
    b_mal = forms.CharField(label="(b) Mål / ønsket yrke", widget=forms.Textarea(attrs={"rows": 2}))
    c_behov = forms.CharField(label="(c) Behov for bistand", widget=forms.Textarea(attrs={"rows": 3}))
    d_arbeidsevne = forms.CharField(label="(d) Om og hvor mye arbeidsevnen er nedsatt", widget=forms.Textarea(attrs={"rows": 3}))
    e_bistand = forms.CharField(label="(e) Hvilken type bistand", widget=forms.Textarea(attrs={"rows": 3}))
    vil_tilbake_til_skole = forms.NullBooleanField(label="Ønsker å gå tilbake til skolen")
    barrierer = forms.CharField(label="Barrierer for skole og arbeid", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    rett_til_vgo = forms.NullBooleanField(label="Rett til videregående opplæring")
    ot_oppfolgingsplan = forms.CharField(label="OTs oppfølgingsplan (sammendrag)", required=False,
                                         widget=forms.Textarea(attrs={"rows": 2}))
    utfall = forms.ChoiceField(label="Utfall", choices=[])

    def __init__(self, *args, **kwargs):
        from cases.models import Behovsvurdering

        super().__init__(*args, **kwargs)
        self.fields["utfall"].choices = Behovsvurdering.Utfall.choices
