"""The youth's name and birth date copied on its cases (0041) also when the youth row comes after
its case in one transaction (the foreign key is deferred: loaddata, a raw import): the case's
trigger found no youth then and left the copies empty, so the case sorted first by name and no
name search found it. The youth's INSERT now writes them to its cases, as its UPDATE does."""

from django.db import migrations

SQL = """
CREATE TRIGGER cases_youth_copy_to_new_cases AFTER INSERT ON cases_youth
  REFERENCING NEW TABLE AS new_youth
  FOR EACH STATEMENT EXECUTE FUNCTION cases_youth_copy_to_cases();
"""

REVERSE = "DROP TRIGGER cases_youth_copy_to_new_cases ON cases_youth;"


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0050_frist_queue_follow_up"),
    ]

    operations = [
        migrations.RunSQL(SQL, REVERSE),
    ]
