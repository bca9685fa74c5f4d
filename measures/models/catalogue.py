"""The tiltak catalogue: tiltakstyper with NAV's codes, tiltaksarrangører and gjennomføringer.

Tiltakskoder, Arena codes and the innsatsgruppe levels follow NAV's own catalogue
(mulighetsrommet); municipal tiltak and Kvalifiseringsprogrammet are added by an administrator.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q


class Tiltaksgruppe(models.TextChoices):
    OPPFOLGING = "OPPFOLGING", "Oppfølging og avklaring"
    OPPLAERING = "OPPLAERING", "Opplæring"
    ARBEIDSTRENING = "ARBEIDSTRENING", "Arbeidstrening og arbeidsforberedende"
    TILRETTELAGT_ARBEID = "TILRETTELAGT_ARBEID", "Tilrettelagt arbeid"
    TILSKUDD = "TILSKUDD", "Tilskudd til arbeidsgiver"
    KOMMUNALT = "KOMMUNALT", "Kommunale tiltak"


class Tiltaksniva(models.TextChoices):
    """The lowest innsatsgruppe a tiltakstype is open to (NAV's levels; varig covers gradert)."""

    STANDARD_INNSATS = "STANDARD_INNSATS", "Standard innsats (alle innsatsgrupper)"
    SITUASJONSBESTEMT_INNSATS = "SITUASJONSBESTEMT_INNSATS", "Situasjonsbestemt innsats og høyere"
    SPESIELT_TILPASSET_INNSATS = (
        "SPESIELT_TILPASSET_INNSATS",
        "Spesielt tilpasset innsats og varig",
    )
    VARIG_TILPASSET_INNSATS = "VARIG_TILPASSET_INNSATS", "Bare varig tilpasset innsats"


class Kilde(models.TextChoices):
    NAV = "NAV", "NAVs arbeidsmarkedstiltak"
    KOMMUNE = "KOMMUNE", "Kommunalt tiltak"
    KVALIFISERINGSPROGRAM = "KVP", "Kvalifiseringsprogrammet"


class Tiltakstype(models.Model):
    kode = models.CharField("tiltakskode", max_length=60, unique=True)
    arena_kode = models.CharField("Arena-kode", max_length=20, blank=True)
    navn = models.CharField(max_length=120)
    gruppe = models.CharField(max_length=30, choices=Tiltaksgruppe.choices)
    kilde = models.CharField(max_length=10, choices=Kilde.choices, default=Kilde.NAV)
    niva = models.CharField("åpen fra innsatsgruppe", max_length=40, choices=Tiltaksniva.choices)
    maks_varighet_maneder = models.PositiveSmallIntegerField(
        "maksimal varighet (måneder)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    min_alder = models.PositiveSmallIntegerField(
        "nedre aldersgrense", null=True, blank=True, validators=[MaxValueValidator(99)]
    )
    maks_alder = models.PositiveSmallIntegerField(
        "øvre aldersgrense", null=True, blank=True, validators=[MaxValueValidator(99)]
    )
    kan_kombineres_med = models.ManyToManyField("self", blank=True, symmetrical=True)
    aktiv = models.BooleanField(default=True)

    class Meta:
        ordering = ["navn"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_alder__isnull=True)
                | Q(maks_alder__isnull=True)
                | Q(min_alder__lte=F("maks_alder")),
                name="tiltakstype_aldersgrenser_i_rekkefolge",
            ),
        ]

    def __str__(self) -> str:
        return self.navn


class Tiltaksarrangor(models.Model):
    navn = models.CharField(max_length=200)
    organisasjonsnummer = models.CharField(max_length=9, unique=True)

    class Meta:
        ordering = ["navn"]
        verbose_name = "tiltaksarrangør"
        verbose_name_plural = "tiltaksarrangører"
        constraints = [
            models.CheckConstraint(
                condition=Q(organisasjonsnummer__regex=r"^[0-9]{9}$"),
                name="tiltaksarrangor_orgnr_ni_siffer",
            )
        ]

    def __str__(self) -> str:
        return f"{self.navn} ({self.organisasjonsnummer})"


class Stoppaarsak(models.TextChoices):
    """NAV's reasons for stopping a gjennomføring."""

    BUDSJETTHENSYN = "BUDSJETTHENSYN", "Budsjetthensyn"
    FOR_FA_DELTAKERE = "FOR_FA_DELTAKERE", "For få deltakere"
    ENDRING_HOS_ARRANGOR = "ENDRING_HOS_ARRANGOR", "Endring hos arrangør"
    FEILREGISTRERING = "FEILREGISTRERING", "Feilregistrering"
    ANNET = "ANNET", "Annet"


class Gjennomforing(models.Model):
    """A running instance of a tiltakstype: one provider, one period, a number of places."""

    tiltakstype = models.ForeignKey(
        Tiltakstype, on_delete=models.PROTECT, related_name="gjennomforinger"
    )
    arrangor = models.ForeignKey(
        Tiltaksarrangor, on_delete=models.PROTECT, related_name="gjennomforinger"
    )
    navn = models.CharField(max_length=200)
    fylke = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="+")
    # The NAV-kontor and OT-enheter that offer it; the county's coordinator maintains the list.
    enheter = models.ManyToManyField("accounts.Unit", related_name="gjennomforinger")
    start_dato = models.DateField("startdato")
    slutt_dato = models.DateField("sluttdato", null=True, blank=True)
    antall_plasser = models.PositiveIntegerField(
        "antall plasser", validators=[MaxValueValidator(100_000)]
    )
    # Places in use (participations DELTAR or VENTER_PA_OPPSTART), kept by a trigger on
    # measures_deltakelse (migration 0008) so lists sort and filter on free places without
    # counting participations; only that trigger writes it (a save() cannot put back a stale
    # value). tests/measures/test_plasser_i_bruk.py proves it equals the count.
    plasser_i_bruk = models.PositiveIntegerField(default=0, db_default=0, editable=False)
    apen_for_pamelding = models.BooleanField("åpen for påmelding", default=True)
    kontaktpersoner = models.TextField(blank=True)
    stoppet_dato = models.DateField(null=True, blank=True)
    stoppaarsak = models.CharField(max_length=30, choices=Stoppaarsak.choices, blank=True)
    stoppbegrunnelse = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["navn", "id"]
        verbose_name = "gjennomføring"
        verbose_name_plural = "gjennomføringer"
        indexes = [models.Index(fields=["tiltakstype", "start_dato"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(slutt_dato__isnull=True) | Q(slutt_dato__gte=F("start_dato")),
                name="gjennomforing_periode_i_rekkefolge",
            ),
            models.CheckConstraint(
                condition=(Q(stoppet_dato__isnull=True) & Q(stoppaarsak=""))
                | (Q(stoppet_dato__isnull=False) & ~Q(stoppaarsak="")),
                name="gjennomforing_stopp_har_aarsak",
            ),
        ]

    def __str__(self) -> str:
        return self.navn

    @property
    def is_stopped(self) -> bool:
        return self.stoppet_dato is not None


class StengtPeriode(models.Model):
    """A period the gjennomføring takes no one in (holidays): no start date may fall in it."""

    gjennomforing = models.ForeignKey(
        Gjennomforing, on_delete=models.CASCADE, related_name="stengte_perioder"
    )
    fra_dato = models.DateField()
    til_dato = models.DateField()
    begrunnelse = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["fra_dato"]
        constraints = [
            models.CheckConstraint(
                condition=Q(til_dato__gte=F("fra_dato")), name="stengt_periode_i_rekkefolge"
            )
        ]

    def __str__(self) -> str:
        return f"{self.fra_dato:%d.%m.%Y}–{self.til_dato:%d.%m.%Y}"


class Kataloghendelse(models.Model):
    """The audit trail of the catalogue: every write, by whom, with what."""

    class Verb(models.TextChoices):
        TILTAKSTYPE_OPPRETTET = "tiltakstype_opprettet", "Tiltakstype opprettet"
        TILTAKSTYPE_ENDRET = "tiltakstype_endret", "Tiltakstype endret"
        KOMBINERES_ENDRET = "kombineres_endret", "Kan kombineres med endret"
        GJENNOMFORING_OPPRETTET = "gjennomforing_opprettet", "Gjennomføring opprettet"
        GJENNOMFORING_ENDRET = "gjennomforing_endret", "Gjennomføring endret"
        GJENNOMFORING_STOPPET = "gjennomforing_stoppet", "Gjennomføring stoppet"
        STENGT_PERIODE_LAGT_TIL = "stengt_periode_lagt_til", "Stengt periode lagt til"
        KATALOG_IMPORTERT = "katalog_importert", "Katalog importert"
        DELTAKER_PAMELDT = "deltaker_pameldt", "Deltaker meldt på"
        DELTAKER_STATUS_ENDRET = "deltaker_status_endret", "Deltakerstatus endret"
        DELTAKER_OMFANG_ENDRET = "deltaker_omfang_endret", "Dager og prosent endret"
        TILTAKSSTOPP_KUNNGJORT = "tiltaksstopp_kunngjort", "Tiltaksstopp kunngjort"
        MAL_OPPRETTET = "mal_opprettet", "Kombinasjonsmal opprettet"
        KOMBINASJON_OPPRETTET = "kombinasjon_opprettet", "Kombinasjonstiltak opprettet"
        KOMBINASJON_BEKREFTET = "kombinasjon_bekreftet", "Kombinasjonstiltak bekreftet av OT"
        KOMBINASJON_UTFALL = "kombinasjon_utfall", "Utfall av kombinasjonstiltak registrert"

    verb = models.CharField(max_length=40, choices=Verb.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    tiltakstype = models.ForeignKey(
        Tiltakstype, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    gjennomforing = models.ForeignKey(
        Gjennomforing, null=True, blank=True, on_delete=models.CASCADE, related_name="hendelser"
    )
    summary = models.CharField(max_length=500)
    payload = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_verb_display()}: {self.summary[:60]}"


class Tiltaksstopp(models.Model):
    """A budget or place stop announced for an office or a tiltakstype (or both) in a county.

    No new offers are made where it applies, and every affected veileder sees it on the
    catalogue and the offer form.
    """

    fylke = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="+")
    # Blank office: every office in the county; blank type: every tiltakstype.
    enhet = models.ForeignKey(
        "accounts.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    tiltakstype = models.ForeignKey(
        Tiltakstype, null=True, blank=True, on_delete=models.PROTECT, related_name="stopp"
    )
    fra_dato = models.DateField()
    til_dato = models.DateField(null=True, blank=True)
    aarsak = models.CharField(max_length=30, choices=Stoppaarsak.choices)
    begrunnelse = models.TextField(blank=True)
    kunngjort_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    kunngjort_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-fra_dato", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(til_dato__isnull=True) | Q(til_dato__gte=F("fra_dato")),
                name="tiltaksstopp_periode_i_rekkefolge",
            )
        ]

    def __str__(self) -> str:
        return f"Tiltaksstopp fra {self.fra_dato:%d.%m.%Y}"
