"""The garantiordninger as data: rules, deadlines, notifications and sweep bookkeeping."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import ArrayField, DateRangeField, RangeOperators
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Now

from cases.models.oppfolging import Innsatsgruppe, Vedtak14a
from cases.models.youth import Youth


class DateRangeInclusive(models.Func):
    """daterange(lower, upper, '[]'); a NULL upper bound is open-ended."""

    function = "daterange"
    output_field = DateRangeField()

    def __init__(self, lower, upper):
        super().__init__(lower, upper, models.Value("[]"))


class Garantiregel(models.Model):
    """A guarantee as data: who it covers, from which event, what must be delivered by when.

    Administrators add and end rules in the admin; periods of one code never overlap.
    """

    class StartEvent(models.TextChoices):
        VEDTAK = "vedtak", "§14a-vedtak fattet"

    class Deliverable(models.TextChoices):
        GODKJENT_AKTIVITETSPLAN = "godkjent_aktivitetsplan", "Godkjent aktivitetsplan"
        TILBUD_OM_TILTAK = "tilbud_om_tiltak", "Tilbud om arbeidsrettet tiltak"
        # A named NAV-veileder owns the youth's follow-up (the 2023 ungdomsgaranti).
        FAST_KONTAKTPERSON = "fast_kontaktperson", "Fast kontaktperson i NAV"

    kode = models.CharField(max_length=30)
    navn = models.CharField(max_length=200)
    valid_from = models.DateField("gyldig fra")
    valid_to = models.DateField("gyldig til", null=True, blank=True)
    min_age = models.PositiveSmallIntegerField("fra alder")
    max_age = models.PositiveSmallIntegerField("til og med alder")
    innsatsgrupper = ArrayField(
        models.CharField(max_length=40, choices=Innsatsgruppe.choices),
        blank=True,
        help_text="Tom: alle innsatsgrupper.",
    )
    nedsatt_arbeidsevne = models.BooleanField(
        "nedsatt arbeidsevne",
        null=True,
        blank=True,
        help_text="Tom: alle. Ja: bare spesielt tilpasset, gradert varig og varig tilpasset innsats. Nei: bare de andre.",
    )
    start_event = models.CharField(
        max_length=20, choices=StartEvent.choices, default=StartEvent.VEDTAK
    )
    deliverable = models.CharField(
        max_length=30, choices=Deliverable.choices, default=Deliverable.GODKJENT_AKTIVITETSPLAN
    )
    deadline_months = models.PositiveSmallIntegerField("frist i måneder", null=True, blank=True)
    deadline_days = models.PositiveSmallIntegerField("frist i dager", null=True, blank=True)
    coverage_target = models.DecimalField(
        "dekningsmål (%)", max_digits=5, decimal_places=2, null=True, blank=True
    )
    indikator = models.CharField(
        "indikator",
        max_length=200,
        blank=True,
        help_text="Navnet på indikatoren «andel av gruppen med leveransen» for lederens "
        "indikatorside. Tom: ingen egen indikator.",
    )

    class Meta:
        verbose_name = "garantiregel"
        verbose_name_plural = "garantiregler"
        ordering = ["kode", "valid_from"]
        constraints = [
            models.CheckConstraint(condition=Q(min_age__lte=F("max_age")), name="regel_age_bounds"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="regel_period",
            ),
            ExclusionConstraint(
                name="regel_periods_do_not_overlap",
                expressions=[
                    ("kode", RangeOperators.EQUAL),
                    (DateRangeInclusive("valid_from", "valid_to"), RangeOperators.OVERLAPS),
                ],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kode}: {self.navn}"


class FristStatus(models.TextChoices):
    """Where a deadline stands (module level so the model's index condition can name it)."""

    APEN = "apen", "Åpen"
    SNART = "snart", "Snart"
    OPPFYLT = "oppfylt", "Oppfylt"
    OPPFYLT_SENT = "oppfylt_sent", "Oppfylt for sent"
    BRUTT = "brutt", "Brutt"
    PAUSET = "pauset", "Pauset"
    ERSTATTET = "erstattet", "Erstattet"
    # NAV's follow-up ended while the deadline ran: never a breach, out of the queue, and not
    # counted in the indicators. Reopening NAV's follow-up lets the sweep evaluate it again.
    AVSLUTTET = "avsluttet", "Avsluttet – oppfølging avsluttet"


# The team lead's queue as it opens (cases/selectors/deadlines.py): the deadlines still needing
# follow-up (running, paused, breached, or met late and not signed off), without the open ones
# that have no frist. Here, so its index below is the same condition.
FRIST_NEEDS_FOLLOW_UP = Q(
    status__in=sorted([FristStatus.APEN, FristStatus.SNART, FristStatus.PAUSET, FristStatus.BRUTT])
) | Q(status=FristStatus.OPPFYLT_SENT, signed_off_at__isnull=True)
FRIST_WITHOUT_DATE = Q(frist__isnull=True, status=FristStatus.APEN)


class Frist(models.Model):
    """One guarantee deadline for one vedtak, kept up to date by the daily sweep."""

    Status = FristStatus

    vedtak = models.ForeignKey(Vedtak14a, on_delete=models.CASCADE, related_name="frister")
    regel = models.ForeignKey(Garantiregel, on_delete=models.PROTECT, related_name="frister")
    youth = models.ForeignKey(Youth, on_delete=models.CASCADE, related_name="frister")
    # Copied from the vedtak so the unit's queue needs no join over every vedtak.
    nav_kontor = models.ForeignKey(
        "accounts.Unit", null=True, on_delete=models.PROTECT, related_name="+"
    )
    startdato = models.DateField()
    frist = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.APEN)
    oppfylt_dato = models.DateField(null=True, blank=True)
    paused_from = models.DateField(null=True, blank=True)
    paused_days = models.PositiveIntegerField(default=0)
    pause_reason = models.TextField(blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    sign_off_comment = models.TextField(blank=True)
    updated_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "frist"
        verbose_name_plural = "frister"
        constraints = [
            models.UniqueConstraint(
                fields=["vedtak", "regel"], name="frist_one_per_vedtak_and_rule"
            ),
        ]
        indexes = [
            # sweep_guarantees: the deadlines still in play.
            models.Index(
                fields=["status"],
                condition=Q(status__in=[FristStatus.APEN, FristStatus.SNART, FristStatus.PAUSET]),
                name="frist_in_play",
            ),
            # The team lead's queue: one unit's deadlines by status and frist.
            models.Index(fields=["nav_kontor", "status", "frist"], name="frist_queue"),
            # The queue as it opens, by frist: a page's ids from the index alone (at a million
            # youth it read 1,900 table blocks of an office's 2,400 deadlines to sort 390).
            models.Index(
                fields=["nav_kontor", "frist", "id"],
                condition=FRIST_NEEDS_FOLLOW_UP & ~FRIST_WITHOUT_DATE,
                name="frist_queue_follow_up",
            ),
        ]

    def __str__(self) -> str:
        return f"Frist {self.frist or 'uten dato'} ({self.get_status_display()})"


class Varsel(models.Model):
    """An in-app notification (also sent by e-mail) about a deadline; one per deadline, kind and user."""

    class Kind(models.TextChoices):
        FRIST_SNART = "frist_snart", "Frist nærmer seg"
        FRIST_BRUTT = "frist_brutt", "Frist brutt"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="varsler"
    )
    frist = models.ForeignKey(Frist, on_delete=models.CASCADE, related_name="varsler")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["frist", "kind", "user"], name="varsel_once_per_frist_kind_user"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} (frist {self.frist_id})"


class SweepRun(models.Model):
    """One run of the guarantee sweep; a rerun the same day only revisits youth changed since."""

    day = models.DateField(db_index=True)
    started_at = models.DateTimeField()
    created = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    full = models.BooleanField(default=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"Garantisveip {self.day}"


class DigestSent(models.Model):
    """The team lead's daily deadline digest, at most once per lead and day."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="digest_once_per_day")]

    def __str__(self) -> str:
        return f"Fristoversikt {self.day}"


class SweepChange(models.Model):
    """Youth whose deadlines must be recomputed; filled by database triggers, emptied by the sweep.

    A NULL youth means "everything" (a rule changed). Rows only become visible to the sweep when
    the change that wrote them commits, so a late-committing import is picked up by the next run.
    """

    youth_id = models.BigIntegerField(null=True)
    created_at = models.DateTimeField(db_default=Now())

    def __str__(self) -> str:
        return f"Endring for ungdom {self.youth_id or 'alle'}"


class KontorIndikatorer(models.Model):
    """One NAV-kontor's guarantee indicators for the 12 months up to `day`, computed once a day
    (cases.guarantees.snapshots) so the county page reads them instead of recomputing them."""

    kontor = models.ForeignKey("accounts.Unit", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    # guarantee_indicators' dict, as it was computed.
    figures = models.JSONField()
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kontor", "day"], name="kontor_indikatorer_once_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"Indikatorer {self.kontor_id} {self.day}"
