"""Samarbeidsavtaler between NAV and the fylkeskommune: versions, clauses, obligations, reads.

An agreement (`Samarbeidsavtale`) lives through versions; a signed version is never edited, only
replaced by a revision with its own period. Periods of one agreement never overlap (a database
constraint), and a database trigger refuses changes to signed versions and their clauses.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import RangeOperators
from django.db import models
from django.db.models import F, Q

from accounts.models import Unit
from cases.models import DateRangeInclusive


class Samarbeidsavtale(models.Model):
    class Kind(models.TextChoices):
        FYLKE = "fylke", "Fylkesavtale (NAV fylke – fylkeskommunen)"
        LOKAL = "lokal", "Lokal avtale (NAV-kontor – OT-enhet/skole)"

    kind = models.CharField("type", max_length=10, choices=Kind.choices)
    navn = models.CharField("navn", max_length=200)
    fylke = models.ForeignKey(
        Unit, verbose_name="fylke", on_delete=models.PROTECT, related_name="avtaler"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="fylkesavtale",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lokale_avtaler",
    )
    enheter = models.ManyToManyField(
        Unit, verbose_name="parter (enheter som omfattes)", related_name="omfattet_av"
    )
    skole = models.CharField("skole (part)", max_length=200, blank=True)
    malgrupper = models.TextField("målgrupper", blank=True)
    prioriteringer = models.TextField("prioriterte områder", blank=True)

    class Meta:
        verbose_name = "samarbeidsavtale"
        verbose_name_plural = "samarbeidsavtaler"
        ordering = ["kind", "navn"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="fylke") & Q(parent__isnull=True))
                | (Q(kind="lokal") & Q(parent__isnull=False)),
                name="avtale_lokal_has_parent",
            ),
        ]

    def __str__(self) -> str:
        return self.navn

    def covered_offices(self) -> models.QuerySet[Unit]:
        """The NAV-kontor and OT-enheter the agreement binds: its office parties, and every office
        of the county when the county itself is a party (a county agreement)."""
        offices = Unit.objects.filter(type__in=[Unit.Type.NAV_KONTOR, Unit.Type.OT_ENHET])
        binds = Q(omfattet_av=self)
        if self.enheter.filter(pk=self.fylke_id).exists():
            binds |= Q(parent_id=self.fylke_id, active=True)
        return offices.filter(binds).distinct().order_by("navn")


class Avtaleversjon(models.Model):
    class Status(models.TextChoices):
        UTKAST = "utkast", "Utkast"
        AKTIV = "aktiv", "Aktiv"
        ERSTATTET = "erstattet", "Erstattet"

    avtale = models.ForeignKey(Samarbeidsavtale, on_delete=models.CASCADE, related_name="versjoner")
    nummer = models.PositiveSmallIntegerField("versjon")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.UTKAST)
    valid_from = models.DateField("gyldig fra")
    valid_to = models.DateField("gyldig til", null=True, blank=True)
    minor = models.BooleanField(
        "mindre revisjon",
        default=False,
        help_text="Ingen endring av innhold: krever ikke ny lesing.",
    )
    endringsnotat = models.TextField("hva er endret", blank=True)
    signed_at = models.DateTimeField("signert", null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "avtaleversjon"
        verbose_name_plural = "avtaleversjoner"
        ordering = ["avtale", "nummer"]
        constraints = [
            models.UniqueConstraint(fields=["avtale", "nummer"], name="versjon_nummer_unique"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="versjon_period",
            ),
            models.CheckConstraint(
                condition=Q(status="utkast") | Q(signed_at__isnull=False),
                name="versjon_signed_when_not_draft",
            ),
            # Signed versions never overlap; a draft may, until signing ends the one it revises.
            ExclusionConstraint(
                name="versjon_periods_do_not_overlap",
                expressions=[
                    ("avtale", RangeOperators.EQUAL),
                    (DateRangeInclusive("valid_from", "valid_to"), RangeOperators.OVERLAPS),
                ],
                condition=~Q(status="utkast"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.avtale} v{self.nummer}"

    @property
    def is_signed(self) -> bool:
        return self.status != self.Status.UTKAST


class KlausulType(models.TextChoices):
    """The clause types found in the agreements (notes-001 §5)."""

    PARTER = "parter", "Parter og periode"
    MALGRUPPER = "malgrupper", "Målgrupper"
    PRIORITERINGER = "prioriteringer", "Prioriterte områder"
    STYRINGSGRUPPE = "styringsgruppe", "Styringsgruppe og møter"
    KONTAKTPERSONER = "kontaktpersoner", "Kontaktpersoner"
    GRENSESNITT = "grensesnitt", "Grensesnitt og overføring"
    INITIATIV = "initiativ", "Hvem tar initiativ"
    RUTINER = "rutiner", "Rutiner per gruppe og samarbeidspartner"
    NAV_KONTAKTER_OT = "nav_kontakter_ot", "NAV kontakter OT først"
    OPPFOLGINGSPLAN = "oppfolgingsplan", "Krav om oppfølgingsplan"
    LISTEVASK = "listevask", "Listevask"
    FORMIDLING = "formidling", "Formidling av avtalen"
    EVALUERING = "evaluering", "Evaluering og revisjon"


class Klausul(models.Model):
    versjon = models.ForeignKey(Avtaleversjon, on_delete=models.CASCADE, related_name="klausuler")
    type = models.CharField(max_length=30, choices=KlausulType.choices)
    rekkefolge = models.PositiveSmallIntegerField("rekkefølge", default=0)
    tekst = models.TextField("tekst")
    aldersgrense = models.PositiveSmallIntegerField(
        "aldersgrense",
        null=True,
        blank=True,
        help_text="For «NAV kontakter OT først»: ungdom under denne alderen.",
    )

    class Meta:
        verbose_name = "klausul"
        verbose_name_plural = "klausuler"
        ordering = ["versjon", "rekkefolge", "pk"]

    def __str__(self) -> str:
        return f"{self.get_type_display()}: {self.tekst[:40]}"


class Forpliktelse(models.Model):
    """Something a clause promises again and again, per covered unit."""

    class Kind(models.TextChoices):
        MOTE = "mote", "Møte"
        LISTEVASK = "listevask", "Listevask"
        KONTAKTPERSON = "kontaktperson", "Kontaktperson på plass"
        EVALUERING = "evaluering", "Evaluering"

    klausul = models.ForeignKey(Klausul, on_delete=models.CASCADE, related_name="forpliktelser")
    beskrivelse = models.CharField("beskrivelse", max_length=200)
    kind = models.CharField("hva oppfyller den", max_length=20, choices=Kind.choices)
    rrule = models.CharField(
        "hyppighet (RRULE)", max_length=200, help_text="F.eks. FREQ=WEEKLY;INTERVAL=6"
    )

    class Meta:
        verbose_name = "forpliktelse"
        verbose_name_plural = "forpliktelser"
        ordering = ["klausul", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(rrule=""), name="forpliktelse_has_cadence"),
        ]

    def __str__(self) -> str:
        return self.beskrivelse


class Oppfyllelse(models.Model):
    """One meeting, list washing or evaluation that counts towards obligations of its kind."""

    class Source(models.TextChoices):
        REGISTRERT = "registrert", "Registrert av koordinator"
        LISTEVASK = "listevask", "Listevask i Trekant"

    avtale = models.ForeignKey(
        Samarbeidsavtale, on_delete=models.CASCADE, related_name="oppfyllelser"
    )
    enhet = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Forpliktelse.Kind.choices)
    dato = models.DateField("dato")
    source = models.CharField(max_length=20, choices=Source.choices)
    referanse = models.CharField(max_length=200, blank=True)
    registrert_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "oppfyllelse"
        verbose_name_plural = "oppfyllelser"
        ordering = ["dato", "pk"]
        constraints = [
            # A list washing (referanse names its session) counts once per agreement and unit.
            models.UniqueConstraint(
                fields=["avtale", "enhet", "kind", "referanse"],
                condition=Q(source="listevask") & ~Q(referanse=""),
                name="oppfyllelse_listevask_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.dato}"


class Kontaktperson(models.Model):
    avtale = models.ForeignKey(
        Samarbeidsavtale, on_delete=models.CASCADE, related_name="kontaktpersoner"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    enhet = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    rolle = models.CharField("rolle", max_length=100, default="NAV OT-kontakt")

    class Meta:
        verbose_name = "kontaktperson"
        verbose_name_plural = "kontaktpersoner"
        constraints = [
            models.UniqueConstraint(fields=["avtale", "user", "rolle"], name="kontakt_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.rolle})"


class Lesebekreftelse(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    versjon = models.ForeignKey(
        Avtaleversjon, on_delete=models.CASCADE, related_name="lesebekreftelser"
    )
    lest_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "lesebekreftelse"
        verbose_name_plural = "lesebekreftelser"
        constraints = [
            models.UniqueConstraint(fields=["user", "versjon"], name="lest_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} leste {self.versjon}"


class Paminnelse(models.Model):
    """One reminder to one person, created once (unique) and e-mailed once (emailed_at)."""

    class Kind(models.TextChoices):
        FORFALL = "forfall", "Forpliktelse forfaller"
        UTLOP = "utlop", "Avtalen løper ut"
        LESING = "lesing", "Les avtalen"

    avtale = models.ForeignKey(Samarbeidsavtale, on_delete=models.CASCADE, related_name="+")
    forpliktelse = models.ForeignKey(
        Forpliktelse, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    due_date = models.DateField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    tekst = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "påminnelse"
        verbose_name_plural = "påminnelser"
        constraints = [
            models.UniqueConstraint(
                fields=["avtale", "forpliktelse", "kind", "due_date", "user"],
                name="paminnelse_once",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        return self.tekst
