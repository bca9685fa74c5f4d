"""Kombinasjonstiltak: a NAV participation joined with a school part, and the templates
("pakker") that make a common combination in a minute.

The sources insist a combination is the exception: each one records that adapted ordinary
schooling was considered first and why it was not enough.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q

from measures.models.catalogue import Tiltakstype
from measures.models.deltakelse import Deltakelse

MAX_DAYS = 5
programomrade_code = RegexValidator(
    r"^[A-Z]{2}[A-Z0-9-]{1,8}$",
    message="Programområdekoden skal være Udirs kode, f.eks. HSHEA2----.",
)


class Utdanningsprogram(models.TextChoices):
    """Udir's utdanningsprogram codes in videregående opplæring (LK20)."""

    BA = "BA", "Bygg- og anleggsteknikk"
    EL = "EL", "Elektro og datateknologi"
    FD = "FD", "Frisør, blomster, interiør og eksponeringsdesign"
    HD = "HD", "Håndverk, design og produktutvikling"
    HS = "HS", "Helse- og oppvekstfag"
    IM = "IM", "Informasjonsteknologi og medieproduksjon"
    NA = "NA", "Naturbruk"
    RM = "RM", "Restaurant- og matfag"
    SR = "SR", "Salg, service og reiseliv"
    TP = "TP", "Teknologi- og industrifag"
    ST = "ST", "Studiespesialisering"
    ID = "ID", "Idrettsfag"
    KD = "KD", "Kunst, design og arkitektur"
    MD = "MD", "Musikk, dans og drama"
    MK = "MK", "Medier og kommunikasjon"


class Utfall(models.TextChoices):
    SKOLE_FULLFORT = "SKOLE_FULLFORT", "Skoledelen fullført"
    LAEREKONTRAKT = "LAEREKONTRAKT", "Lærekontrakt"
    ARBEID = "ARBEID", "Arbeid"
    AVBRUTT = "AVBRUTT", "Avbrutt"


ANSVAR_NAV = "Tiltaket, tiltakspenger og kontakten med arbeidsgiver."
ANSVAR_OT = "Opplæringen og oppfølgingen i skolen."


class Skoledel(models.Model):
    """The school part and the week's split, shared by a template and a combination."""

    utdanningsprogram = models.CharField(
        max_length=2, choices=Utdanningsprogram.choices, blank=True
    )
    programomrade = models.CharField(
        "programområde (kode)", max_length=10, blank=True, validators=[programomrade_code]
    )
    kompetansemal = models.TextField("kompetansemål", blank=True)
    skoledager_per_uke = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(0), MaxValueValidator(MAX_DAYS)]
    )
    tiltaksdager_per_uke = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(0), MaxValueValidator(MAX_DAYS)]
    )
    laretid_maneder = models.PositiveSmallIntegerField(
        "praksis som teller i læretiden (måneder)", default=0, validators=[MaxValueValidator(24)]
    )
    ansvar_nav = models.TextField("NAVs ansvar", default=ANSVAR_NAV)
    ansvar_ot = models.TextField("OTs og skolens ansvar", default=ANSVAR_OT)

    class Meta:
        abstract = True


def _constraints(prefix: str) -> list[models.BaseConstraint]:
    return [
        models.CheckConstraint(
            condition=Q(skoledager_per_uke__gte=1) & ~Q(utdanningsprogram=""),
            name=f"{prefix}_har_skoledel",
        ),
        models.CheckConstraint(
            condition=Q(
                skoledager_per_uke__lte=MAX_DAYS - F("tiltaksdager_per_uke"),
            ),
            name=f"{prefix}_uka_hoyst_fem_dager",
        ),
    ]


class Kombinasjonsmal(Skoledel):
    """A template ("pakke") for a common combination, kept by an administrator or coordinator."""

    navn = models.CharField(max_length=200)
    beskrivelse = models.TextField(blank=True)
    # Blank: a national template; else the county's own.
    fylke = models.ForeignKey(
        "accounts.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    tiltakstype = models.ForeignKey(Tiltakstype, on_delete=models.PROTECT, related_name="+")
    aktiv = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["navn"]
        verbose_name = "kombinasjonsmal"
        verbose_name_plural = "kombinasjonsmaler"
        constraints = _constraints("kombinasjonsmal")

    def __str__(self) -> str:
        return self.navn


class Kombinasjonstiltak(Skoledel):
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="kombinasjonstiltak"
    )
    deltakelse = models.OneToOneField(
        Deltakelse, on_delete=models.PROTECT, related_name="kombinasjon"
    )
    mal = models.ForeignKey(
        Kombinasjonsmal, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    skole = models.CharField(max_length=200)
    tilpasset_opplaering_vurdert = models.BooleanField(
        "tilpasset ordinær opplæring er vurdert først"
    )
    tilpasset_opplaering_begrunnelse = models.TextField(
        "hvorfor tilpasset ordinær opplæring ikke var nok"
    )
    ot_bekreftet_at = models.DateTimeField(null=True, blank=True)
    ot_bekreftet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    utfall = models.CharField(max_length=20, choices=Utfall.choices, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "kombinasjonstiltak"
        constraints = [
            *_constraints("kombinasjonstiltak"),
            models.CheckConstraint(
                condition=Q(tilpasset_opplaering_vurdert=True)
                & ~Q(tilpasset_opplaering_begrunnelse=""),
                name="kombinasjonstiltak_tilpasset_opplaering_vurdert",
            ),
        ]

    def __str__(self) -> str:
        return f"Kombinasjonstiltak: {self.deltakelse.gjennomforing} og {self.skole}"

    @property
    def uke(self) -> int:
        return self.skoledager_per_uke + self.tiltaksdager_per_uke
