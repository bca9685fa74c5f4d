"""Forms for the coordinator's pages; the rules themselves live in agreements/services."""

from __future__ import annotations

from django import forms

from accounts.models import Unit
from agreements.models import Forpliktelse, KlausulType, Samarbeidsavtale
from nav_ot.forms import AkselFormMixin, DateInput

CADENCES = [
    ("FREQ=WEEKLY;INTERVAL=6", "Hver 6. uke"),
    ("FREQ=MONTHLY;INTERVAL=6", "To ganger i året"),
    ("FREQ=MONTHLY;INTERVAL=3", "Hvert kvartal"),
    ("FREQ=YEARLY", "Hvert år"),
]


class AvtaleForm(AkselFormMixin, forms.Form):
    submit_label = "Opprett avtale"

    kind = forms.ChoiceField(label="Type avtale", choices=Samarbeidsavtale.Kind.choices)
    navn = forms.CharField(label="Navn", max_length=200)
    parent = forms.ModelChoiceField(
        label="Fylkesavtale (for lokale avtaler)",
        queryset=Samarbeidsavtale.objects.none(),
        required=False,
    )
    enheter = forms.ModelMultipleChoiceField(
        label="Parter (enheter avtalen gjelder)", queryset=Unit.objects.none()
    )
    skole = forms.CharField(label="Skole (hvis skolen er part)", required=False, max_length=200)
    malgrupper = forms.CharField(
        label="Målgrupper", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    prioriteringer = forms.CharField(
        label="Prioriterte områder", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    valid_from = forms.DateField(label="Gyldig fra", widget=DateInput())
    valid_to = forms.DateField(label="Gyldig til", required=False, widget=DateInput())

    def __init__(self, *args, fylke: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Samarbeidsavtale.objects.filter(fylke=fylke, kind="fylke")
        self.fields["enheter"].queryset = Unit.objects.filter(pk=fylke.pk) | Unit.objects.filter(
            parent=fylke
        ).exclude(type=Unit.Type.TEAM)


class KlausulForm(AkselFormMixin, forms.Form):
    submit_label = "Legg til klausul"

    type = forms.ChoiceField(label="Type klausul", choices=KlausulType.choices)
    tekst = forms.CharField(label="Tekst", widget=forms.Textarea(attrs={"rows": 3}))
    aldersgrense = forms.IntegerField(
        label="Aldersgrense (for «NAV kontakter OT først»)",
        required=False,
        min_value=15,
        max_value=30,
    )


class ForpliktelseForm(AkselFormMixin, forms.Form):
    submit_label = "Legg til forpliktelse"

    klausul = forms.ModelChoiceField(label="Klausul", queryset=None)
    beskrivelse = forms.CharField(label="Hva er lovet", max_length=200)
    kind = forms.ChoiceField(label="Hva oppfyller den", choices=Forpliktelse.Kind.choices)
    rrule = forms.CharField(
        label="Hyppighet",
        required=False,
        help_text="Velg i listen eller skriv en RRULE, f.eks. FREQ=WEEKLY;INTERVAL=6.",
        widget=forms.TextInput(attrs={"list": "cadences"}),
    )

    def __init__(self, *args, versjon, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["klausul"].queryset = versjon.klausuler.all()


class RevisjonForm(AkselFormMixin, forms.Form):
    submit_label = "Lag revisjon"

    valid_from = forms.DateField(label="Ny versjon gyldig fra", widget=DateInput())
    valid_to = forms.DateField(label="Gyldig til", required=False, widget=DateInput())
    minor = forms.BooleanField(
        label="Mindre revisjon (ingen endring av innhold, krever ikke ny lesing)", required=False
    )
    endringsnotat = forms.CharField(
        label="Hva endres", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class OppfyllelseForm(AkselFormMixin, forms.Form):
    submit_label = "Registrer"

    enhet = forms.ModelChoiceField(label="Enhet", queryset=None)
    kind = forms.ChoiceField(label="Hva ble gjennomført", choices=Forpliktelse.Kind.choices)
    dato = forms.DateField(label="Dato", widget=DateInput())
    referanse = forms.CharField(label="Merknad", required=False, max_length=200)

    def __init__(self, *args, avtale, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enhet"].queryset = avtale.covered_offices()


class KontaktForm(AkselFormMixin, forms.Form):
    submit_label = "Legg til kontaktperson"

    user = forms.ModelChoiceField(label="Person", queryset=None)
    rolle = forms.CharField(label="Rolle", initial="NAV OT-kontakt", max_length=100)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people
