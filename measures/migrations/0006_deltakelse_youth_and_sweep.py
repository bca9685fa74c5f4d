"""Each participation knows its youth, and a change to one tells the guarantee sweep to look at
that youth again (the same trigger function as for vedtak and plans)."""

import django.db.models.deletion
from django.db import migrations, models


def copy_youth(apps, schema_editor):
    Deltakelse = apps.get_model("measures", "Deltakelse")
    Case = apps.get_model("cases", "Case")
    Deltakelse.objects.update(
        youth_id=models.Subquery(
            Case.objects.filter(pk=models.OuterRef("case_id")).values("youth_id")[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0011_sweep_changes"),
        ("measures", "0005_kombinasjonstiltak"),
    ]

    operations = [
        migrations.AddField(
            model_name="deltakelse",
            name="youth",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="cases.youth",
            ),
        ),
        migrations.RunPython(copy_youth, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="deltakelse",
            name="youth",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="cases.youth"
            ),
        ),
        migrations.RunSQL(
            """
            CREATE TRIGGER deltakelse_sweep_change
                AFTER INSERT OR UPDATE OR DELETE ON measures_deltakelse
                FOR EACH ROW EXECUTE FUNCTION cases_note_sweep_change();
            """,
            "DROP TRIGGER IF EXISTS deltakelse_sweep_change ON measures_deltakelse;",
        ),
    ]
