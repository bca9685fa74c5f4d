"""Youth and their cases. This issue brings the youth register; cases follow."""

from django.db import models

from nav_ot.identity import validate_fnr


class Youth(models.Model):
    fnr = models.CharField("fødselsnummer", max_length=11, unique=True, validators=[validate_fnr])
    first_name = models.CharField("fornavn", max_length=100)
    last_name = models.CharField("etternavn", max_length=100)
    birth_date = models.DateField("fødselsdato")
    created_at = models.DateTimeField("registrert", auto_now_add=True)

    class Meta:
        verbose_name = "ungdom"
        verbose_name_plural = "ungdommer"
        ordering = ["last_name", "first_name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(fnr__regex=r"^[0-9]{11}$"), name="youth_fnr_11_digits"),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"
