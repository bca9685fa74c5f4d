"""A youth's participation in a gjennomføring, with NAV's statuses and reasons verbatim."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from measures.models.catalogue import Gjennomforing


class DeltakerStatus(models.TextChoices):
    KLADD = "KLADD", "Kladd"
    UTKAST_TIL_PAMELDING = "UTKAST_TIL_PAMELDING", "Utkast til påmelding"
    SOKT_INN = "SOKT_INN", "Søkt inn"
    VURDERES = "VURDERES", "Vurderes"
    VENTELISTE = "VENTELISTE", "Venteliste"
    VENTER_PA_OPPSTART = "VENTER_PA_OPPSTART", "Venter på oppstart"
    DELTAR = "DELTAR", "Deltar"
    HAR_SLUTTET = "HAR_SLUTTET", "Har sluttet"
    FULLFORT = "FULLFORT", "Fullført"
    AVBRUTT = "AVBRUTT", "Avbrutt"
    IKKE_AKTUELL = "IKKE_AKTUELL", "Ikke aktuell"
    FEILREGISTRERT = "FEILREGISTRERT", "Feilregistrert"


class DeltakerAarsak(models.TextChoices):
    SYK = "SYK", "Syk"
    FATT_JOBB = "FATT_JOBB", "Fått jobb"
    TRENGER_ANNEN_STOTTE = "TRENGER_ANNEN_STOTTE", "Trenger annen støtte"
    FIKK_IKKE_PLASS = "FIKK_IKKE_PLASS", "Fikk ikke plass"
    IKKE_MOTT = "IKKE_MOTT", "Møter ikke opp"
    UTDANNING = "UTDANNING", "Utdanning"
    KRAV_IKKE_OPPFYLT = "KRAV_IKKE_OPPFYLT", "Krav for deltakelse er ikke oppfylt"
    KURS_FULLT = "KURS_FULLT", "Kurset er fullt"
    ANNET = "ANNET", "Annet"


S = DeltakerStatus
# A place is taken by those who take part and those who have been given a start.
OPPTAR_PLASS = frozenset({S.DELTAR, S.VENTER_PA_OPPSTART})
AVSLUTTET = frozenset({S.HAR_SLUTTET, S.FULLFORT, S.AVBRUTT, S.IKKE_AKTUELL, S.FEILREGISTRERT})
TRENGER_AARSAK = frozenset({S.HAR_SLUTTET, S.AVBRUTT, S.IKKE_AKTUELL})


class Deltakelse(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="deltakelser")
    # The case's youth, kept here so the guarantee engine finds a youth's offers by an index.
    youth = models.ForeignKey("cases.Youth", on_delete=models.PROTECT, related_name="+")
    gjennomforing = models.ForeignKey(
        Gjennomforing, on_delete=models.PROTECT, related_name="deltakelser"
    )
    status = models.CharField(max_length=30, choices=DeltakerStatus.choices)
    aarsak = models.CharField(max_length=30, choices=DeltakerAarsak.choices, blank=True)
    aarsak_tekst = models.CharField(max_length=200, blank=True)
    status_gyldig_fra = models.DateField()
    start_dato = models.DateField()
    slutt_dato = models.DateField(null=True, blank=True)
    dager_per_uke = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    deltakelsesprosent = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    bakgrunnsinformasjon = models.TextField(blank=True)
    # The waiting list is in order of application.
    soknad_at = models.DateTimeField()
    overbooket_begrunnelse = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["soknad_at", "id"]
        indexes = [models.Index(fields=["gjennomforing", "status", "soknad_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "gjennomforing"],
                condition=~Q(status__in=sorted(AVSLUTTET)),
                name="deltakelse_en_aktiv_per_sak_og_gjennomforing",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=sorted(TRENGER_AARSAK)) | ~Q(aarsak=""),
                name="deltakelse_aarsak_der_status_krever",
            ),
            models.CheckConstraint(
                condition=~Q(aarsak="ANNET") | ~Q(aarsak_tekst=""),
                name="deltakelse_annet_har_tekst",
            ),
            models.CheckConstraint(
                condition=Q(dager_per_uke__isnull=True) | Q(dager_per_uke__range=(1, 5)),
                name="deltakelse_dager_1_til_5",
            ),
            models.CheckConstraint(
                condition=Q(deltakelsesprosent__isnull=True)
                | Q(deltakelsesprosent__range=(1, 100)),
                name="deltakelse_prosent_1_til_100",
            ),
            models.CheckConstraint(
                condition=Q(slutt_dato__isnull=True) | Q(slutt_dato__gte=models.F("start_dato")),
                name="deltakelse_periode_i_rekkefolge",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.gjennomforing} – {self.get_status_display()}"

    @property
    def is_active(self) -> bool:
        return self.status not in AVSLUTTET

    @property
    def opptar_plass(self) -> bool:
        return self.status in OPPTAR_PLASS


class DeltakelseEndring(models.Model):
    """The history: every status, reason, days and percentage, with the date it is valid from."""

    deltakelse = models.ForeignKey(Deltakelse, on_delete=models.CASCADE, related_name="endringer")
    status = models.CharField(max_length=30, choices=DeltakerStatus.choices)
    aarsak = models.CharField(max_length=30, choices=DeltakerAarsak.choices, blank=True)
    aarsak_tekst = models.CharField(max_length=200, blank=True)
    dager_per_uke = models.PositiveSmallIntegerField(null=True, blank=True)
    deltakelsesprosent = models.PositiveSmallIntegerField(null=True, blank=True)
    gyldig_fra = models.DateField()
    overbooket = models.BooleanField(default=False)
    endret_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    endret_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["endret_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} fra {self.gyldig_fra:%d.%m.%Y}"
