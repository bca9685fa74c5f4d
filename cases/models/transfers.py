"""Overføringer: one side of a case moving to another office of the same agency."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from accounts.models import Agency
from cases.models.youth import Case


class Overforing(models.Model):
    """A request to move one side (NAV or OT) of a case from one unit to another of the same
    agency. Either unit may ask; the other one answers (`asked_by_receiver` says which)."""

    class Status(models.TextChoices):
        VENTENDE = "ventende", "Venter på svar"
        GODTATT = "godtatt", "Godtatt"
        AVVIST = "avvist", "Avvist"
        TRUKKET = "trukket", "Trukket"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="overforinger")
    side = models.CharField("side", max_length=5, choices=Agency.choices)
    from_unit = models.ForeignKey(
        "accounts.Unit", verbose_name="fra enhet", on_delete=models.PROTECT, related_name="+"
    )
    to_unit = models.ForeignKey(
        "accounts.Unit", verbose_name="til enhet", on_delete=models.PROTECT, related_name="+"
    )
    asked_by_receiver = models.BooleanField(default=False)
    reason = models.TextField("begrunnelse")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.VENTENDE)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_reason = models.TextField("begrunnelse for svaret", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "overføring"
        verbose_name_plural = "overføringer"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "side"],
                condition=Q(status="ventende"),
                name="overforing_one_pending_per_side",
            ),
            models.CheckConstraint(
                condition=~Q(status="avvist") | ~Q(decision_reason=""),
                name="overforing_rejection_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(from_unit=F("to_unit")), name="overforing_to_another_unit"
            ),
            models.CheckConstraint(
                condition=Q(status="ventende") | Q(decided_at__isnull=False),
                name="overforing_decided_at",
            ),
        ]

    def __str__(self) -> str:
        return f"Overføring {self.from_unit} → {self.to_unit}"

    @property
    def answering_unit_id(self) -> int:
        return self.from_unit_id if self.asked_by_receiver else self.to_unit_id
