from django.contrib import admin

from agreements import models


@admin.register(models.Samarbeidsavtale)
class SamarbeidsavtaleAdmin(admin.ModelAdmin):
    list_display = ["navn", "kind", "fylke"]
    list_filter = ["kind", "fylke"]


@admin.register(models.Avtaleversjon)
class AvtaleversjonAdmin(admin.ModelAdmin):
    list_display = ["avtale", "nummer", "status", "valid_from", "valid_to", "minor"]
    list_filter = ["status"]


@admin.register(models.Paminnelse)
class PaminnelseAdmin(admin.ModelAdmin):
    list_display = ["tekst", "kind", "due_date", "user", "emailed_at"]
