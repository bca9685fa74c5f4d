"""Statistics for the name search's trigram indexes (0045): PostgreSQL keeps statistics of an
index's expression (UPPER(youth_last_name)) only from the table's next ANALYZE, which autovacuum
runs after a tenth of the cases have changed. Until then the planner guesses that a word matches
0.5 % of the cases: for «Hansen» at a county's OT unit (2,574 of 66,000) it then reads every match
and sorts them for a page, where with statistics it walks the unit's newest cases and stops after
a page (1 ms). A small table (tests, a new installation) is left to autovacuum: its plans do not
depend on it, and an ANALYZE of an empty table would change how the planner sizes it."""

from django.db import migrations

LARGE = 100_000


def analyze_cases(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = 'cases_case'::regclass")
        (rows,) = cursor.fetchone()
        if rows >= LARGE:
            cursor.execute("ANALYZE cases_case")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0046_case_unassigned_side_ended"),
    ]

    operations = [
        migrations.RunPython(analyze_cases, migrations.RunPython.noop, elidable=True),
    ]
