from django.contrib import admin

from measures import models


@admin.register(models.Tiltakstype)
class TiltakstypeAdmin(admin.ModelAdmin):
    list_display = ["navn", "kode", "arena_kode", "gruppe", "niva", "kilde", "aktiv"]
    list_filter = ["gruppe", "niva", "kilde", "aktiv"]
    search_fields = ["navn", "kode", "arena_kode"]


@admin.register(models.Tiltaksarrangor)
class TiltaksarrangorAdmin(admin.ModelAdmin):
    list_display = ["navn", "organisasjonsnummer"]
    search_fields = ["navn", "organisasjonsnummer"]


@admin.register(models.Gjennomforing)
class GjennomforingAdmin(admin.ModelAdmin):
    list_display = ["navn", "tiltakstype", "arrangor", "start_dato", "antall_plasser"]
    list_filter = ["tiltakstype", "apen_for_pamelding"]
    raw_id_fields = ["arrangor"]
