from django.contrib import admin

from cases.models import Youth


@admin.register(Youth)
class YouthAdmin(admin.ModelAdmin):
    list_display = ("last_name", "first_name", "birth_date")
    search_fields = ("last_name", "first_name", "fnr")
