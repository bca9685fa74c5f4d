from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from accounts.models import Unit, User


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("navn", "kode", "type", "parent", "kommune", "active")
    list_filter = ("type", "active")
    search_fields = ("navn", "kode", "kommune")
    autocomplete_fields = ("parent",)


@admin.register(User)
class TrekantUserAdmin(UserAdmin):
    list_display = ("username", "first_name", "last_name", "role", "unit", "is_active")
    list_filter = ("role", "is_active", "unit__type")
    search_fields = ("username", "first_name", "last_name", "email")
    autocomplete_fields = ("unit",)
    fieldsets = UserAdmin.fieldsets + (("Trekant", {"fields": ("role", "unit")}),)
    add_fieldsets = UserAdmin.add_fieldsets + (("Trekant", {"fields": ("role", "unit")}),)
