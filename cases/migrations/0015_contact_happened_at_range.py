"""Contacts before 1900 (a mistyped year 1 is stored as a BC timestamp that psycopg cannot
read) get their registration time instead, cases' last contact is recomputed, and a
constraint keeps such dates out."""

import datetime as dt

from django.db import migrations, models
from django.db.models import OuterRef, Q, Subquery

FLOOR = dt.datetime(1900, 1, 1, tzinfo=dt.UTC)


def repair(apps, schema_editor):
    # Only filters and updates in SQL: loading a BC timestamp is what crashes.
    Contact = apps.get_model("cases", "Contact")
    Case = apps.get_model("cases", "Case")
    Contact.objects.filter(happened_at__lt=FLOOR).update(happened_at=models.F("created_at"))
    latest = (
        Contact.objects.filter(case=OuterRef("pk"))
        .exclude(kind="ikke_mott")
        .order_by("-happened_at")
        .values("happened_at")[:1]
    )
    Case.objects.filter(last_contact_at__lt=FLOOR).update(last_contact_at=Subquery(latest))


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0014_event_verbs"),
    ]

    operations = [
        migrations.RunPython(repair, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="contact",
            constraint=models.CheckConstraint(
                condition=Q(happened_at__gte=FLOOR),
                name="contact_happened_at_after_1900",
            ),
        ),
    ]
