"""Forms for list washing: the upload (whose list), the register washing, the column mapping."""

from __future__ import annotations

from django import forms

from cases.washing.reader import HEADERS, MAX_FILE_BYTES

FIELD_LABELS = {
    "fnr": "Fødselsnummer",
    "fornavn": "Fornavn",
    "etternavn": "Etternavn",
    "navn": "Navn (fullt)",
    "fodselsdato": "Fødselsdato",
    "skole": "Skole",
    "ot_status": "OT-status",
}


class _ListOwnerField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"NAVs liste ({obj.navn})"


class WashingUploadForm(forms.Form):
    # NAV staff choose whose list it is: OT's, or NAV's of their own office.
    nav_kontor = _ListOwnerField(
        queryset=None,
        label="Hvem sin liste",
        required=False,
        empty_label="OTs liste",
        help_text="NAVs liste vaskes mot OTs oppfølging i OT-enheten; uten samtykke svarer OT "
        "bare «er ivaretatt», «er ikke ivaretatt» eller «har flyttet».",
    )
    ot_enhet = forms.ModelChoiceField(queryset=None, label="OT-enhet", empty_label=None)
    fil = forms.FileField(
        label="Liste (CSV eller XLSX)",
        help_text="Med overskrifter som Fødselsnummer;Fornavn;Etternavn;Fødselsdato;Skole;OT-status.",
    )

    def __init__(self, *args, units, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ot_enhet"].queryset = units
        if offices.exists():
            self.fields["nav_kontor"].queryset = offices
        else:
            del self.fields["nav_kontor"]

    def clean_fil(self):
        fil = self.cleaned_data["fil"]
        if fil.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                f"Filen er større enn {MAX_FILE_BYTES // (1024 * 1024)} MB."
            )
        name = fil.name or ""
        if "\x00" in name or not name.lower().endswith((".csv", ".txt", ".xlsx")):
            raise forms.ValidationError("Last opp en CSV- eller XLSX-fil.")
        return fil


class RegisterWashForm(forms.Form):
    """Washing the youth already in Trekant: the OT unit (for NAV, one of its county's)."""

    ot_enhet = forms.ModelChoiceField(queryset=None, label="OT-enhet", empty_label=None)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ot_enhet"].queryset = units


class MappingForm(forms.Form):
    """One choice per field: which of the file's headers holds it (or none)."""

    def __init__(self, *args, header: list[str], initial_mapping: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "(ingen)")] + [(h, h) for h in header]
        for field in HEADERS:
            self.fields[field] = forms.ChoiceField(
                label=FIELD_LABELS[field],
                choices=choices,
                required=False,
                initial=initial_mapping.get(field, ""),
            )
