"""The unit list's "Avsluttet hos oss, åpen hos den andre": the few open cases whose own side has
ended, newest first, from an index of those alone (OT Vestland – Bergen walked its 66,000 open
cases to find none: 140 ms)."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_case_insensitive_codes'),
        ('cases', '0047_case_name_search_statistics'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='case',
            index=models.Index(models.F('nav_kontor'), models.OrderBy(models.F('created_at'), descending=True), models.OrderBy(models.F('id'), descending=True), condition=models.Q(models.Q(('status', 'avsluttet'), _negated=True), ('nav_side_ended', True)), name='case_ended_nav_created'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(models.F('ot_enhet'), models.OrderBy(models.F('created_at'), descending=True), models.OrderBy(models.F('id'), descending=True), condition=models.Q(models.Q(('status', 'avsluttet'), _negated=True), ('ot_side_ended', True)), name='case_ended_ot_created'),
        ),
    ]
