"""NAV's oppfølging: innsatsgruppe, §14a vedtak, aktivitetsplan and behovsvurdering."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Now

from cases.models.youth import Case, Youth


class Innsatsgruppe(models.TextChoices):
    STANDARD_INNSATS = "STANDARD_INNSATS", "Gode muligheter (standard innsats)"
    SITUASJONSBESTEMT_INNSATS = (
        "SITUASJONSBESTEMT_INNSATS",
        "Trenger veiledning (situasjonsbestemt innsats)",
    )
    SPESIELT_TILPASSET_INNSATS = (
        "SPESIELT_TILPASSET_INNSATS",
        "Trenger veiledning, nedsatt arbeidsevne (spesielt tilpasset innsats)",
    )
    GRADERT_VARIG_TILPASSET_INNSATS = (
        "GRADERT_VARIG_TILPASSET_INNSATS",
        "Jobbe delvis (gradert varig tilpasset innsats)",
    )
    VARIG_TILPASSET_INNSATS = (
        "VARIG_TILPASSET_INNSATS",
        "Liten mulighet til å jobbe (varig tilpasset innsats)",
    )


NEDSATT_ARBEIDSEVNE = {
    Innsatsgruppe.SPESIELT_TILPASSET_INNSATS,
    Innsatsgruppe.GRADERT_VARIG_TILPASSET_INNSATS,
    Innsatsgruppe.VARIG_TILPASSET_INNSATS,
}


class Hovedmal(models.TextChoices):
    SKAFFE_ARBEID = "SKAFFE_ARBEID", "Skaffe arbeid"
    BEHOLDE_ARBEID = "BEHOLDE_ARBEID", "Beholde arbeid"
    OKE_DELTAKELSE = "OKE_DELTAKELSE", "Øke deltakelse"


class Vedtak14a(models.Model):
    class Status(models.TextChoices):
        UTKAST = "utkast", "Utkast"
        TIL_BESLUTTER = "til_beslutter", "Til beslutter"
        FATTET = "fattet", "Fattet"

    youth = models.ForeignKey(Youth, on_delete=models.PROTECT, related_name="vedtak")
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.PROTECT, related_name="vedtak"
    )
    nav_kontor = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="+")
    veileder = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    innsatsgruppe = models.CharField(max_length=40, choices=Innsatsgruppe.choices)
    hovedmal = models.CharField("hovedmål", max_length=20, choices=Hovedmal.choices, blank=True)
    begrunnelse = models.TextField(blank=True)
    kilder = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.UTKAST)
    vedtak_dato = models.DateField("vedtaksdato", null=True, blank=True)
    # Orders two vedtak fattet on the same day; imported vedtak have none and fall back to the id.
    fattet_at = models.DateTimeField("fattet", null=True, blank=True)
    change_reason = models.TextField("begrunnelse for endret innsatsgruppe", blank=True)
    beslutter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="kvalitetssikrer/beslutter",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    imported = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_default=Now(), db_index=True)

    class Meta:
        verbose_name = "§14a-vedtak"
        verbose_name_plural = "§14a-vedtak"
        ordering = ["-vedtak_dato", "-id"]
        indexes = [
            # sweep_guarantees: a youth's later vedtak replaces the earlier one's deadline.
            models.Index(
                fields=["youth", "vedtak_dato"],
                condition=Q(status="fattet"),
                name="vedtak_fattet_by_youth",
            ),
            # The indicators' spesielt tilpasset figure: an office's youth with a fattet vedtak,
            # from the index alone (cases/guarantees/indicators/queries.py).
            models.Index(
                fields=["nav_kontor", "youth"],
                include=["vedtak_dato"],
                condition=Q(status="fattet"),
                name="vedtak_fattet_by_kontor",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="fattet") | Q(vedtak_dato__isnull=False),
                name="vedtak_fattet_has_date",
            ),
            # Importing the same export twice must not double a vedtak.
            models.UniqueConstraint(
                fields=["youth", "vedtak_dato", "innsatsgruppe"],
                condition=Q(status="fattet"),
                name="vedtak_unique_per_youth_date_group",
            ),
        ]

    def __str__(self) -> str:
        return f"§14a-vedtak ({self.get_innsatsgruppe_display()}, {self.get_status_display()})"


class Aktivitetsplan(models.Model):
    youth = models.ForeignKey(Youth, on_delete=models.PROTECT, related_name="aktivitetsplaner")
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.PROTECT, related_name="aktivitetsplaner"
    )
    mal = models.TextField("mål", blank=True)
    godkjent_dato = models.DateField("godkjent", null=True, blank=True)
    imported = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_default=Now(), db_index=True)

    class Meta:
        verbose_name = "aktivitetsplan"
        verbose_name_plural = "aktivitetsplaner"
        indexes = [
            # The sweep looks up approved plans per youth.
            models.Index(
                fields=["youth", "godkjent_dato"],
                condition=Q(godkjent_dato__isnull=False),
                name="plan_godkjent_by_youth",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["youth", "godkjent_dato"],
                condition=Q(imported=True),
                name="plan_import_unique",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"Aktivitetsplan (godkjent {self.godkjent_dato:%d.%m.%Y})"
            if self.godkjent_dato
            else "Aktivitetsplan (utkast)"
        )


class Aktivitet(models.Model):
    class Type(models.TextChoices):
        UTDANNING = "utdanning", "Utdanning"
        TILTAK = "tiltak", "Tiltak"
        MOTE = "mote", "Møte med NAV"
        BEHANDLING = "behandling", "Behandling"
        EGEN = "egen", "Egenaktivitet"

    class Status(models.TextChoices):
        PLANLAGT = "PLANLAGT", "Planlagt"
        GJENNOMFORES = "GJENNOMFORES", "Gjennomføres"
        FULLFORT = "FULLFORT", "Fullført"
        AVBRUTT = "AVBRUTT", "Avbrutt"

    plan = models.ForeignKey(Aktivitetsplan, on_delete=models.CASCADE, related_name="aktiviteter")
    type = models.CharField(max_length=20, choices=Type.choices)
    tittel = models.CharField(max_length=200)
    beskrivelse = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANLAGT)
    avtalt_med_nav = models.BooleanField("avtalt med NAV", default=False)
    fra_dato = models.DateField("fra", null=True, blank=True)
    til_dato = models.DateField("til", null=True, blank=True)

    class Meta:
        ordering = ["fra_dato", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(til_dato__isnull=True)
                | Q(fra_dato__isnull=True)
                | Q(til_dato__gte=F("fra_dato")),
                name="aktivitet_period",
            ),
        ]

    def __str__(self) -> str:
        return self.tittel


class Behovsvurdering(models.Model):
    """NAV's needs assessment, made only when the youth has asked for help. Items (a)–(e)."""

    class Utfall(models.TextChoices):
        INGEN_BEHOV = "ingen_behov", "Ikke behov for arbeidsrettet oppfølging"
        STANDARD = "STANDARD_INNSATS", "Gode muligheter (standard innsats)"
        SITUASJONSBESTEMT = (
            "SITUASJONSBESTEMT_INNSATS",
            "Trenger veiledning (situasjonsbestemt innsats)",
        )
        ARBEIDSEVNEVURDERING = "arbeidsevnevurdering", "Trenger arbeidsevnevurdering"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="behovsvurderinger")
    dato = models.DateField("dato")
    a_muligheter = models.TextField("(a) muligheter for arbeid")
    b_mal = models.TextField("(b) mål / ønsket yrke")
    c_behov = models.TextField("(c) behov for bistand")
    d_arbeidsevne = models.TextField("(d) om og hvor mye arbeidsevnen er nedsatt")
    e_bistand = models.TextField("(e) hvilken type bistand")
    vil_tilbake_til_skole = models.BooleanField(
        "ønsker å gå tilbake til skolen", null=True, blank=True
    )
    barrierer = models.TextField("barrierer for skole og arbeid", blank=True)
    rett_til_vgo = models.BooleanField("rett til videregående", null=True, blank=True)
    ot_oppfolgingsplan = models.TextField(
        "OTs oppfølgingsplan (henvisning eller sammendrag)", blank=True
    )
    utfall = models.CharField("utfall", max_length=40, choices=Utfall.choices)
    hovedmal = models.CharField("hovedmål", max_length=20, choices=Hovedmal.choices, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "behovsvurdering"
        verbose_name_plural = "behovsvurderinger"
        ordering = ["-dato", "-id"]

    def __str__(self) -> str:
        return f"Behovsvurdering {self.dato:%d.%m.%Y}"
