"""Every shared event one side recorded gets a category: before, an event without one crossed
on any samtykke (also one for health only). Events name their side's own category, as
cases.events.record_event now does; a withdrawal's reason becomes the withdrawing side's, under
family. Nothing is deleted; reversing leaves the categories (they were blank, not meaningful)."""

from django.db import migrations

OWN_CATEGORY = {"nav": "arbeid_tiltak", "ot": "skole"}
ROLES = {
    "nav": ["nav_veileder", "nav_teamleder"],
    "ot": ["ot_radgiver", "ot_teamleder"],
}


def categorise(apps, schema_editor):
    CaseEvent = apps.get_model("cases", "CaseEvent")
    for agency, roles in ROLES.items():
        CaseEvent.objects.filter(
            verb="consent_withdrawn", agency="", actor__role__in=roles
        ).update(agency=agency, category="familie")
    for agency, category in OWN_CATEGORY.items():
        CaseEvent.objects.filter(agency=agency, visibility="delt", category="").update(
            category=category
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0027_aktivitet_change_verbs"),
    ]

    operations = [
        migrations.RunPython(categorise, migrations.RunPython.noop),
    ]
