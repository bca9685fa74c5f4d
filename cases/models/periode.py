"""Each agency's own follow-up of the youth: NAV's oppfølgingsperiode and OT's registration.

The joint case is open while either side follows the youth and closed when both have ended;
cases/services/periode.py keeps `Case.status` in step with these periods.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from accounts.models import Agency
from cases.models.youth import Case, OtStatus, Outcome


class Oppfolgingsperiode(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="perioder")
    agency = models.CharField("part", max_length=5, choices=Agency.choices)
    started_on = models.DateField("startdato")
    ended_on = models.DateField("sluttdato", null=True, blank=True)
    outcome = models.CharField(
        "avslutningsårsak", max_length=30, choices=Outcome.choices, blank=True
    )
    reason = models.TextField("begrunnelse", blank=True)
    # OT's register keeps the status code the youth had when registered and when they left it.
    ot_status_start = models.CharField(
        "OT-status ved registrering", max_length=10, choices=OtStatus.choices, blank=True
    )
    ot_status_end = models.CharField(
        "OT-status ved avslutning", max_length=10, choices=OtStatus.choices, blank=True
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "oppfølgingsperiode"
        verbose_name_plural = "oppfølgingsperioder"
        ordering = ["case", "agency", "-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "agency"],
                condition=Q(ended_on__isnull=True),
                name="periode_one_open_per_case_and_agency",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | (Q(ended_on__gte=F("started_on")) & ~Q(outcome="")),
                name="periode_ended_has_outcome",
            ),
            models.CheckConstraint(
                condition=Q(agency__in=[Agency.NAV, Agency.OT]), name="periode_agency_nav_or_ot"
            ),
        ]
        indexes = [models.Index(fields=["case", "agency", "ended_on"], name="periode_side")]

    def __str__(self) -> str:
        return f"{self.get_agency_display()}: {self.started_on}–{self.ended_on or ''}"

    @property
    def is_open(self) -> bool:
        return self.ended_on is None
