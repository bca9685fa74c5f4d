"""Samtykke: what the youth lets cross between NAV and OT, by category and direction."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q

from cases.models.youth import Case, Category


class Samtykke(models.Model):
    class GivenBy(models.TextChoices):
        UNGDOM = "ungdom", "Ungdommen selv"
        FORESATT = "foresatt", "Foresatt"

    class SharedWith(models.TextChoices):
        BEGGE = "begge", "NAV og OT kan se hverandres opplysninger"
        NAV = "nav", "Bare NAV kan se OTs opplysninger"
        OT = "ot", "Bare OT kan se NAVs opplysninger"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="samtykker")
    given_by = models.CharField("gitt av", max_length=20, choices=GivenBy.choices)
    categories = ArrayField(
        models.CharField(max_length=20, choices=Category.choices), verbose_name="hva kan deles"
    )
    # Which party may read the other's data; "nav" means NAV may read what OT recorded.
    shared_with = models.CharField(
        "hvem kan se", max_length=10, choices=SharedWith.choices, default=SharedWith.BEGGE
    )
    valid_from = models.DateField("gyldig fra")
    valid_to = models.DateField("utløper", null=True, blank=True)
    withdrawn_at = models.DateTimeField("trukket tilbake", null=True, blank=True)
    withdrawn_reason = models.TextField("begrunnelse for tilbaketrekking", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "samtykke"
        verbose_name_plural = "samtykker"
        ordering = ["-valid_from", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="samtykke_expiry_after_start",
            ),
            models.CheckConstraint(condition=~Q(categories=[]), name="samtykke_has_categories"),
        ]

    def __str__(self) -> str:
        return f"Samtykke fra {self.valid_from:%d.%m.%Y}: {self.get_categories_display()}"

    def lets_see(self, side: str) -> bool:
        return self.shared_with in (self.SharedWith.BEGGE, side)

    def is_valid_on(self, day) -> bool:
        return (
            self.withdrawn_at is None
            and self.valid_from <= day
            and (self.valid_to is None or self.valid_to >= day)
        )

    def get_categories_display(self) -> str:
        return ", ".join(str(Category(c).label) for c in self.categories)
