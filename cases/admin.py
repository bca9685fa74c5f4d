# Youth and case data are deliberately not in Django admin: every read of a case must go
# through cases.access.case_get_for_user, which checks access and writes the access log.
# Guarantee rules are configuration, not case data: administrators add and end them here.
from django.contrib import admin

from cases.models import Garantiregel


@admin.register(Garantiregel)
class GarantiregelAdmin(admin.ModelAdmin):
    list_display = (
        "kode",
        "navn",
        "valid_from",
        "valid_to",
        "min_age",
        "max_age",
        "deadline_months",
        "deadline_days",
        "coverage_target",
    )
    list_filter = ("kode",)
    ordering = ("kode", "valid_from")
