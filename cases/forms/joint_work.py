"""Forms for joint work: notes, contacts, trekantsamtaler, actions, henvisninger, huskelapp."""

from __future__ import annotations

from django import forms

from accounts.models import Unit
from cases.access import CaseAccess
from cases.forms.common import DateInput, DateTimeInput
from cases.models import (
    Category,
    Contact,
    Responsible,
    Visibility,
)
from cases.selectors import henvisning_targets, overforing_targets
from nav_ot.forms import AkselFormMixin, CleanInputMixin


class NoteForm(AkselFormMixin, forms.Form):
    submit_label = "Lagre notat"

    text = forms.CharField(label="Notat", widget=forms.Textarea(attrs={"rows": 5}))
    category = forms.ChoiceField(label="Tema", choices=Category.choices)
    visibility = forms.ChoiceField(
        label="Hvem kan se notatet",
        widget=forms.RadioSelect,
        help_text="Et delt notat ser den andre parten bare når et gyldig samtykke dekker temaet.",
    )

    def __init__(self, *args, access: CaseAccess, **kwargs):
        super().__init__(*args, **kwargs)
        own = Visibility(access.side)
        self.fields["visibility"].choices = [
            (own.value, own.label),
            (Visibility.SHARED.value, Visibility.SHARED.label),
        ]
        self.fields["visibility"].initial = own.value


class ContactForm(AkselFormMixin, forms.Form):
    submit_label = "Registrer kontakt"

    kind = forms.ChoiceField(label="Type kontakt", choices=Contact.Kind.choices)
    happened_at = forms.DateTimeField(label="Tidspunkt", widget=DateTimeInput())
    note = forms.CharField(
        label="Notat (valgfritt)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    category = forms.ChoiceField(
        label="Tema",
        choices=Category.choices,
        help_text="Den andre parten ser kontakten bare hvis samtykket dekker temaet.",
    )


class MeetingPlanForm(AkselFormMixin, forms.Form):
    submit_label = "Planlegg trekantsamtale"

    planned_at = forms.DateTimeField(label="Tidspunkt", widget=DateTimeInput())
    location = forms.CharField(label="Sted", max_length=200)
    other_participants = forms.CharField(
        label="Andre deltakere (valgfritt)", required=False, max_length=300
    )
    agenda = forms.CharField(
        label="Agenda", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    preparation = forms.CharField(
        label="Forberedelse (deles bare mellom NAV og OT)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Hva vil dere ta opp, og hvordan? Vises ikke for ungdommen.",
    )


class MeetingHoldForm(AkselFormMixin, forms.Form):
    submit_label = "Lagre referat"

    held_on = forms.DateField(label="Gjennomført dato", widget=DateInput())
    referat = forms.CharField(label="Referat", widget=forms.Textarea(attrs={"rows": 6}))
    next_planned_at = forms.DateTimeField(
        label="Neste trekantsamtale (valgfritt)", required=False, widget=DateTimeInput()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_tag = False
        self.helper.inputs = []


class MeetingRegisterForm(AkselFormMixin, forms.Form):
    """A trekantsamtale that was already held, recorded in one go."""

    held_at = forms.DateTimeField(label="Når var samtalen", widget=DateTimeInput())
    location = forms.CharField(label="Sted", max_length=200)
    other_participants = forms.CharField(
        label="Andre deltakere (valgfritt)",
        required=False,
        max_length=300,
        help_text="Ungdommen, NAV-veilederen og OT-kontakten er alltid med.",
    )
    referat = forms.CharField(label="Referat", widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_tag = False
        self.helper.inputs = []


class ActionForm(CleanInputMixin, forms.Form):
    description = forms.CharField(label="Hva er avtalt", required=False, max_length=300)
    responsible = forms.ChoiceField(
        label="Ansvarlig", choices=[("", "Velg")] + list(Responsible.choices), required=False
    )
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


# One empty row to start with; the page adds and removes rows (htmx), and an empty row is ignored.
ActionFormSet = forms.formset_factory(ActionForm, extra=1, max_num=20, validate_max=True)
ACTION_PREFIX = "tiltak"


class ReferralForm(AkselFormMixin, forms.Form):
    submit_label = "Send henvisning"

    to_unit = forms.ModelChoiceField(label="Til enhet", queryset=Unit.objects.none())
    message = forms.CharField(label="Begrunnelse", widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, access: CaseAccess, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_unit"].queryset = henvisning_targets(access)


class ReferralDecisionForm(AkselFormMixin, forms.Form):
    submit_label = "Send svar"

    decision = forms.ChoiceField(
        label="Svar",
        choices=[("accept", "Aksepter og ta over saken"), ("reject", "Avvis")],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Begrunnelse (påkrevd ved avvisning)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class HuskelappForm(AkselFormMixin, forms.Form):
    submit_label = "Lagre huskelapp"

    text = forms.CharField(label="Huskelapp", max_length=300)
    due_date = forms.DateField(label="Frist (valgfritt)", required=False, widget=DateInput())


class TransferForm(AkselFormMixin, forms.Form):
    submit_label = "Be om overføring"

    to_unit = forms.ModelChoiceField(label="Til kontor", queryset=Unit.objects.none())
    reason = forms.CharField(
        label="Begrunnelse", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, access: CaseAccess, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_unit"].queryset = overforing_targets(
            access.side, access.case.unit_for(access.side)
        )


class TransferDecisionForm(AkselFormMixin, forms.Form):
    submit_label = "Send svar"

    decision = forms.ChoiceField(
        label="Svar",
        choices=[("accept", "Godta og ta over saken"), ("reject", "Avvis")],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Begrunnelse (påkrevd ved avvisning)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
