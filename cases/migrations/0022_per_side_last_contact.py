"""Each side's own last contact instead of one mixed "siste kontakt", and the side that recorded
the guardian. Existing cases get each side's latest contact (a held trekantsamtale counts for
both, as it did before) and the guardian is the registering side's (the "opened" event)."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Greatest


def split_last_contact(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Contact = apps.get_model("cases", "Contact")
    CaseEvent = apps.get_model("cases", "CaseEvent")
    meeting_held = Subquery(
        CaseEvent.objects.filter(case=OuterRef("pk"), verb="meeting_held")
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    updates = {}
    for side in ("nav", "ot"):
        contact = Subquery(
            Contact.objects.filter(case=OuterRef("pk"), agency=side)
            .exclude(kind="ikke_mott")
            .order_by("-happened_at")
            .values("happened_at")[:1]
        )
        # PostgreSQL's GREATEST skips NULLs.
        updates[f"{side}_last_contact_at"] = Greatest(contact, meeting_held)
    Case.objects.update(**updates)
    opened_by = Subquery(
        CaseEvent.objects.filter(case=OuterRef("pk"), verb="opened")
        .order_by("created_at")
        .values("agency")[:1]
    )
    Case.objects.exclude(guardian_name="", guardian_phone="").update(guardian_agency=opened_by)


def join_last_contact(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Case.objects.update(last_contact_at=Greatest("nav_last_contact_at", "ot_last_contact_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0021_case_list_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="guardian_agency",
            field=models.CharField(
                blank=True,
                choices=[("nav", "NAV"), ("ot", "Oppfølgingstjenesten")],
                max_length=5,
            ),
        ),
        migrations.AddField(
            model_name="case",
            name="nav_last_contact_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="NAVs siste kontakt"),
        ),
        migrations.AddField(
            model_name="case",
            name="ot_last_contact_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="OTs siste kontakt"),
        ),
        migrations.RunPython(split_last_contact, join_last_contact),
        migrations.RemoveField(
            model_name="case",
            name="last_contact_at",
        ),
    ]
