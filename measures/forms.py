"""Forms for the catalogue pages; the rules live in measures/services."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from accounts.models import Unit
from cases.models import Innsatsgruppe
from measures import services
from measures.models import (
    MAX_DAYS,
    DeltakerAarsak,
    DeltakerStatus,
    Kilde,
    Kombinasjonsmal,
    Stoppaarsak,
    Tiltaksgruppe,
    Tiltaksniva,
    Tiltakstype,
    Utdanningsprogram,
    Utfall,
)
from nav_ot.forms import AkselFormMixin, CleanInputMixin, DateInput, apply_service_error


class KatalogFilterForm(CleanInputMixin, forms.Form):
    gruppe = forms.ChoiceField(
        label="Tiltaksgruppe", required=False, choices=[("", "Alle")] + Tiltaksgruppe.choices
    )
    innsatsgruppe = forms.ChoiceField(
        label="Åpent for innsatsgruppe",
        required=False,
        choices=[("", "Alle")] + Innsatsgruppe.choices,
    )


class GjennomforingFilterForm(CleanInputMixin, forms.Form):
    q = forms.CharField(label="Søk (navn eller arrangør)", required=False, max_length=100)
    tiltakstype = forms.ModelChoiceField(
        label="Tiltakstype", required=False, queryset=Tiltakstype.objects.filter(aktiv=True)
    )
    apne = forms.BooleanField(label="Bare åpne for påmelding", required=False)


class GjennomforingForm(AkselFormMixin, forms.Form):
    submit_label = "Lagre gjennomføringen"

    tiltakstype = forms.ModelChoiceField(
        label="Tiltakstype", queryset=Tiltakstype.objects.filter(aktiv=True)
    )
    navn = forms.CharField(label="Navn", max_length=200)
    arrangor_navn = forms.CharField(label="Tiltaksarrangør", max_length=200)
    arrangor_orgnr = forms.CharField(
        label="Organisasjonsnummer",
        max_length=11,
        help_text="Ni siffer, som i Enhetsregisteret.",
    )
    enheter = forms.ModelMultipleChoiceField(
        label="NAV-kontor og OT-enheter som tilbyr den", queryset=Unit.objects.none()
    )
    start_dato = forms.DateField(label="Startdato", widget=DateInput())
    slutt_dato = forms.DateField(label="Sluttdato", required=False, widget=DateInput())
    antall_plasser = forms.IntegerField(label="Antall plasser", min_value=0, max_value=100_000)
    apen_for_pamelding = forms.BooleanField(
        label="Åpen for påmelding", required=False, initial=True
    )
    kontaktpersoner = forms.CharField(
        label="Kontaktpersoner", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_arrangor_orgnr(self):
        try:
            return services.clean_orgnr(self.cleaned_data["arrangor_orgnr"])
        except ValidationError:
            raise ValidationError(services.ORGNR_MESSAGE) from None

    def clean(self):
        data = super().clean()
        if data.get("start_dato") and "slutt_dato" in data:
            try:
                services.check_period(data["start_dato"], data["slutt_dato"])
            except ValidationError as error:
                apply_service_error(self, error)
        return data

    def __init__(self, *args, fylke: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enheter"].queryset = Unit.objects.filter(
            parent=fylke, type__in=[Unit.Type.NAV_KONTOR, Unit.Type.OT_ENHET]
        ).order_by("type", "navn")


class GjennomforingEndreForm(GjennomforingForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The type and provider define the gjennomføring; a new one is registered instead.
        for name in ("tiltakstype", "arrangor_navn", "arrangor_orgnr"):
            del self.fields[name]


class StoppForm(AkselFormMixin, forms.Form):
    submit_label = "Stopp gjennomføringen"

    dato = forms.DateField(label="Stoppes fra", widget=DateInput())
    aarsak = forms.ChoiceField(label="Årsak", choices=Stoppaarsak.choices)
    begrunnelse = forms.CharField(
        label="Begrunnelse", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class StengtPeriodeForm(AkselFormMixin, forms.Form):
    submit_label = "Legg til stengt periode"

    fra_dato = forms.DateField(label="Fra", widget=DateInput())
    til_dato = forms.DateField(label="Til", widget=DateInput())
    begrunnelse = forms.CharField(
        label="Begrunnelse (f.eks. sommerferie)", required=False, max_length=200
    )


class TiltakstypeForm(AkselFormMixin, forms.Form):
    submit_label = "Legg til tiltakstype"

    kode = forms.CharField(label="Tiltakskode", max_length=60)
    navn = forms.CharField(label="Navn", max_length=120)
    kilde = forms.ChoiceField(
        label="Kilde", choices=[c for c in Kilde.choices if c[0] != Kilde.NAV]
    )
    gruppe = forms.ChoiceField(label="Tiltaksgruppe", choices=Tiltaksgruppe.choices)
    niva = forms.ChoiceField(label="Åpent fra innsatsgruppe", choices=Tiltaksniva.choices)
    maks_varighet_maneder = forms.IntegerField(
        label="Maksimal varighet (måneder)", required=False, min_value=1, max_value=120
    )
    min_alder = forms.IntegerField(
        label="Nedre aldersgrense", required=False, min_value=0, max_value=99
    )
    maks_alder = forms.IntegerField(
        label="Øvre aldersgrense", required=False, min_value=0, max_value=99
    )

    def clean(self):
        data = super().clean()
        low, high = data.get("min_alder"), data.get("maks_alder")
        if low is not None and high is not None and low > high:
            self.add_error("maks_alder", "Øvre aldersgrense kan ikke være lavere enn den nedre.")
        return data


class KombineresForm(AkselFormMixin, forms.Form):
    submit_label = "Lagre"

    kan_kombineres_med = forms.ModelMultipleChoiceField(
        label="Kan kombineres med",
        required=False,
        queryset=Tiltakstype.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Gjelder begge veier: den andre tiltakstypen kan da også kombineres med denne.",
    )

    def __init__(self, *args, tiltakstype: Tiltakstype, **kwargs):
        super().__init__(*args, **kwargs)
        # Every active type but itself, and any inactive one it is already combined with.
        field = self.fields["kan_kombineres_med"]
        field.queryset = (
            (
                Tiltakstype.objects.filter(aktiv=True)
                | Tiltakstype.objects.filter(pk__in=tiltakstype.kan_kombineres_med.values("pk"))
            )
            .exclude(pk=tiltakstype.pk)
            .order_by("navn")
        )


class TilbyForm(AkselFormMixin, forms.Form):
    submit_label = "Meld på"

    start_dato = forms.DateField(label="Ønsket oppstart", widget=DateInput())
    dager_per_uke = forms.IntegerField(
        label="Dager per uke", required=False, min_value=1, max_value=5
    )
    deltakelsesprosent = forms.IntegerField(
        label="Deltakelsesprosent", required=False, min_value=1, max_value=100
    )
    bakgrunnsinformasjon = forms.CharField(
        label="Bakgrunnsinformasjon til arrangøren",
        required=False,
        max_length=1000,
        help_text="Høyst 1000 tegn. Skriv bare det arrangøren trenger.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    overbook_begrunnelse = forms.CharField(
        label="Begrunnelse for overbooking (bare når det er fullt)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TiltaksstoppForm(AkselFormMixin, forms.Form):
    submit_label = "Kunngjør tiltaksstopp"

    enhet = forms.ModelChoiceField(
        label="Gjelder kontor (tomt: hele fylket)", required=False, queryset=Unit.objects.none()
    )
    tiltakstype = forms.ModelChoiceField(
        label="Gjelder tiltakstype (tomt: alle tiltak)",
        required=False,
        queryset=Tiltakstype.objects.filter(aktiv=True),
    )
    fra_dato = forms.DateField(label="Fra", widget=DateInput())
    til_dato = forms.DateField(label="Til (tomt: til videre)", required=False, widget=DateInput())
    aarsak = forms.ChoiceField(label="Årsak", choices=Stoppaarsak.choices)
    begrunnelse = forms.CharField(
        label="Begrunnelse", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, fylke: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enhet"].queryset = Unit.objects.filter(
            parent=fylke, type=Unit.Type.NAV_KONTOR
        ).order_by("navn")


class SkoledelFormMixin(forms.Form):
    """The school part and the week's split; the rules themselves are the service's."""

    utdanningsprogram = forms.ChoiceField(
        label="Utdanningsprogram", choices=[("", "Velg")] + Utdanningsprogram.choices
    )
    programomrade = forms.CharField(
        label="Programområde (Udir-kode)",
        required=False,
        max_length=10,
        help_text="F.eks. HSHEA2---- for helsearbeiderfaget Vg2.",
    )
    kompetansemal = forms.CharField(
        label="Kompetansemål", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    skoledager_per_uke = forms.IntegerField(
        label="Skoledager per uke", min_value=0, max_value=MAX_DAYS
    )
    tiltaksdager_per_uke = forms.IntegerField(
        label="Tiltaksdager per uke", min_value=0, max_value=MAX_DAYS
    )
    laretid_maneder = forms.IntegerField(
        label="Praksis som teller i læretiden (måneder)", min_value=0, max_value=24, initial=0
    )
    ansvar_nav = forms.CharField(label="NAVs ansvar", widget=forms.Textarea(attrs={"rows": 2}))
    ansvar_ot = forms.CharField(
        label="OTs og skolens ansvar", widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_programomrade(self):
        return self.cleaned_data["programomrade"].strip().upper()

    def clean(self):
        data = super().clean()
        try:
            services.check_school_part(data)
        except ValidationError as error:
            apply_service_error(self, error)
        return data


class KombinasjonsmalForm(AkselFormMixin, SkoledelFormMixin):
    submit_label = "Lagre malen"

    navn = forms.CharField(label="Navn på malen", max_length=200)
    beskrivelse = forms.CharField(
        label="Beskrivelse", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    tiltakstype = forms.ModelChoiceField(
        label="NAV-tiltaket i kombinasjonen", queryset=Tiltakstype.objects.filter(aktiv=True)
    )
    field_order = ["navn", "beskrivelse", "tiltakstype"]


class KombinasjonForm(AkselFormMixin, SkoledelFormMixin):
    submit_label = "Opprett kombinasjonstiltaket"

    skole = forms.CharField(label="Skole", max_length=200)
    tilpasset_opplaering_vurdert = forms.BooleanField(
        label="Tilpasset ordinær opplæring er vurdert først", required=False
    )
    tilpasset_opplaering_begrunnelse = forms.CharField(
        label="Hvorfor var tilpasset ordinær opplæring ikke nok?",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    mal = forms.ModelChoiceField(
        queryset=Kombinasjonsmal.objects.filter(aktiv=True),
        required=False,
        widget=forms.HiddenInput,
    )
    field_order = ["skole"]


class UtfallForm(AkselFormMixin, forms.Form):
    submit_label = "Registrer utfall"

    utfall = forms.ChoiceField(label="Utfall", choices=Utfall.choices)


class StatusForm(AkselFormMixin, forms.Form):
    submit_label = "Lagre status"

    status = forms.ChoiceField(label="Ny status", choices=())
    gyldig_fra = forms.DateField(label="Gjelder fra", widget=DateInput())
    aarsak = forms.ChoiceField(
        label="Årsak (når deltakelsen slutter eller ikke blir noe av)",
        required=False,
        choices=[("", "Ingen")] + DeltakerAarsak.choices,
    )
    aarsak_tekst = forms.CharField(
        label="Årsak med egne ord (for «Annet»)", required=False, max_length=200
    )
    overbook_begrunnelse = forms.CharField(
        label="Begrunnelse for overbooking (bare når gjennomføringen er full)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, allowed: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s, DeltakerStatus(s).label) for s in allowed]


class OmfangForm(AkselFormMixin, forms.Form):
    submit_label = "Lagre omfang"

    gyldig_fra = forms.DateField(label="Gjelder fra", widget=DateInput())
    dager_per_uke = forms.IntegerField(
        label="Dager per uke", required=False, min_value=1, max_value=5
    )
    deltakelsesprosent = forms.IntegerField(
        label="Deltakelsesprosent", required=False, min_value=1, max_value=100
    )
