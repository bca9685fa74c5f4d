"""A large installation's cases after 0039, 0041 and 0046: those migrations wrote every case once
(the side-ended flags, the youth's name and birth date copied on the case), so every page of the
table lost its all-visible mark. Until autovacuum has run over the table (minutes after the
migration at a million cases), an index-only scan (a unit list's page ids, the unassigned count)
reads the table for every row it returns. VACUUM ANALYZE sets the marks and the statistics now.
VACUUM cannot run in a transaction, hence a non-atomic migration. A small table (tests, a new
installation) is left to autovacuum, as in 0047."""

from django.db import migrations

LARGE = 100_000


def vacuum_cases(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = 'cases_case'::regclass")
        (rows,) = cursor.fetchone()
        if rows >= LARGE:
            cursor.execute("VACUUM (ANALYZE) cases_case")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("cases", "0048_case_ended_indexes"),
    ]

    operations = [
        migrations.RunPython(vacuum_cases, migrations.RunPython.noop, elidable=True),
    ]
