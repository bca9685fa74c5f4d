"""Forms for §14a vedtak, aktivitetsplan and behovsvurdering."""

from __future__ import annotations

from django import forms

from cases.forms.common import DateInput
from cases.models import (
    Aktivitet,
    Behovsvurdering,
    Hovedmal,
    Innsatsgruppe,
)
from nav_ot.forms import AkselFormMixin, CleanInputMixin


class VedtakForm(AkselFormMixin, forms.Form):
    submit_label = "Lagre utkast"

    @staticmethod
    def initial_from(vurdering) -> dict:
        """Innsatsgruppe and hovedmål as the latest behovsvurdering found them, where it did."""
        if vurdering is None:
            return {}
        initial = {"hovedmal": vurdering.hovedmal} if vurdering.hovedmal else {}
        if vurdering.utfall in Innsatsgruppe.values:
            initial["innsatsgruppe"] = vurdering.utfall
        return initial

    innsatsgruppe = forms.ChoiceField(label="Innsatsgruppe", choices=Innsatsgruppe.choices)
    hovedmal = forms.ChoiceField(
        label="Hovedmål", choices=[("", "Velg")] + list(Hovedmal.choices), required=False
    )
    begrunnelse = forms.CharField(
        label="Begrunnelse",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Påkrevd for alle innsatsgrupper unntatt standard innsats.",
    )
    kilder = forms.CharField(
        label="Kilder", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class VedtakFatteForm(AkselFormMixin, forms.Form):
    submit_label = "Fatt vedtaket"

    vedtak_dato = forms.DateField(label="Vedtaksdato", widget=DateInput())
    change_reason = forms.CharField(
        label="Begrunnelse for endret innsatsgruppe (når gruppen endres)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    bekreft = forms.BooleanField(
        label="Jeg har kontrollert vedtaket. Et fattet vedtak kan ikke endres eller slettes.",
        error_messages={"required": "Bekreft at vedtaket skal fattes. Det kan ikke angres."},
    )


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


class PlanApproveForm(AkselFormMixin, forms.Form):
    submit_label = "Godkjenn planen"

    godkjent_dato = forms.DateField(label="Godkjent dato", widget=DateInput())


class BehovsvurderingForm(AkselFormMixin, forms.Form):
    submit_label = "Lagre behovsvurdering"

    har_bedt_om_hjelp = forms.BooleanField(label="Ungdommen har bedt om hjelp", required=False)
    dato = forms.DateField(label="Dato", widget=DateInput())
    a_muligheter = forms.CharField(
        label="(a) Muligheter for arbeid", widget=forms.Textarea(attrs={"rows": 3})
    )
    b_mal = forms.CharField(label="(b) Mål / ønsket yrke", widget=forms.Textarea(attrs={"rows": 2}))
    c_behov = forms.CharField(
        label="(c) Behov for bistand", widget=forms.Textarea(attrs={"rows": 3})
    )
    d_arbeidsevne = forms.CharField(
        label="(d) Om og hvor mye arbeidsevnen er nedsatt", widget=forms.Textarea(attrs={"rows": 3})
    )
    e_bistand = forms.CharField(
        label="(e) Hvilken type bistand", widget=forms.Textarea(attrs={"rows": 3})
    )
    vil_tilbake_til_skole = forms.NullBooleanField(label="Ønsker å gå tilbake til skolen")
    barrierer = forms.CharField(
        label="Barrierer for skole og arbeid",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    rett_til_vgo = forms.NullBooleanField(label="Rett til videregående opplæring")
    ot_oppfolgingsplan = forms.CharField(
        label="OTs oppfølgingsplan (sammendrag)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    utfall = forms.ChoiceField(label="Utfall", choices=[])
    hovedmal = forms.ChoiceField(
        label="Hovedmål (valgfritt)",
        choices=[("", "Velg")] + list(Hovedmal.choices),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["utfall"].choices = Behovsvurdering.Utfall.choices


class FristSignOffForm(CleanInputMixin, forms.Form):
    comment = forms.CharField(required=False)


class FristPauseForm(CleanInputMixin, forms.Form):
    reason = forms.CharField(required=False)
