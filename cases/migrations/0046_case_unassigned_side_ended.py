"""Ufordelt (counted on every unit list, Mine saker's bucket): the index holds only the cases the
selector counts (open, no owner on the side, the side's own follow-up not ended) and their ids, so
the capped count reads the index alone (OT Vestland – Bergen: 27 ms of heap reads before)."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_case_insensitive_codes'),
        ('cases', '0045_case_name_search_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='case',
            name='case_unassigned_nav',
        ),
        migrations.RemoveIndex(
            model_name='case',
            name='case_unassigned_ot',
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(models.F('nav_kontor'), models.F('created_at'), models.F('id'), condition=models.Q(models.Q(('status', 'avsluttet'), _negated=True), ('nav_veileder__isnull', True), ('nav_side_ended', False)), name='case_unassigned_nav'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(models.F('ot_enhet'), models.F('created_at'), models.F('id'), condition=models.Q(models.Q(('status', 'avsluttet'), _negated=True), ('ot_kontakt__isnull', True), ('ot_side_ended', False)), name='case_unassigned_ot'),
        ),
    ]
