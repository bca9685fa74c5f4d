"""Each case keeps a copy of its youth's last name, first name and birth date, for the unit
list's sorts by name and age, and the list has one partial index per side and sort over the cases
it shows by default (open, the side's own follow-up not ended), each ending in the id: a page's
ids at any depth, and the list's count, are read from an index alone (issue 11; sorted by name,
a county's deep page joined and sorted its 66,000 cases and youth).

The copies are kept by triggers, whoever writes (services, admin, imports, SQL): a case's INSERT,
or an UPDATE of its youth or of the copies, reads them from the youth (so a save() of a stale case
cannot put back an old name), and an UPDATE of youth writes them to the youth's cases."""

from django.conf import settings
from django.db import migrations, models

SQL = """
UPDATE cases_case c
   SET youth_last_name = y.last_name, youth_first_name = y.first_name,
       youth_birth_date = y.birth_date
  FROM cases_youth y
 WHERE y.id = c.youth_id;

CREATE FUNCTION cases_case_youth_copy() RETURNS trigger AS $$
BEGIN
  SELECT y.last_name, y.first_name, y.birth_date
    INTO NEW.youth_last_name, NEW.youth_first_name, NEW.youth_birth_date
    FROM cases_youth y WHERE y.id = NEW.youth_id;
  IF NOT FOUND THEN  -- a youth inserted later in the transaction (deferred foreign key)
    NEW.youth_last_name := '';
    NEW.youth_first_name := '';
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER cases_case_youth_copy
  BEFORE INSERT OR UPDATE OF youth_id, youth_last_name, youth_first_name, youth_birth_date
  ON cases_case FOR EACH ROW EXECUTE FUNCTION cases_case_youth_copy();

CREATE FUNCTION cases_youth_copy_to_cases() RETURNS trigger AS $$
BEGIN
  UPDATE cases_case c
     SET youth_last_name = n.last_name, youth_first_name = n.first_name,
         youth_birth_date = n.birth_date
    FROM new_youth n
   WHERE c.youth_id = n.id
     AND (c.youth_last_name, c.youth_first_name, c.youth_birth_date)
         IS DISTINCT FROM (n.last_name, n.first_name, n.birth_date);
  RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER cases_youth_copy_to_cases AFTER UPDATE ON cases_youth
  REFERENCING NEW TABLE AS new_youth
  FOR EACH STATEMENT EXECUTE FUNCTION cases_youth_copy_to_cases();
"""

REVERSE = """
DROP TRIGGER cases_youth_copy_to_cases ON cases_youth;
DROP FUNCTION cases_youth_copy_to_cases();
DROP TRIGGER cases_case_youth_copy ON cases_case;
DROP FUNCTION cases_case_youth_copy();
"""


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_case_insensitive_codes'),
        ('cases', '0040_accesslog_index_only_pages'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='case',
            name='youth_birth_date',
            field=models.DateField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name='case',
            name='youth_first_name',
            field=models.CharField(db_default='', default='', editable=False, max_length=100),
        ),
        migrations.AddField(
            model_name='case',
            name='youth_last_name',
            field=models.CharField(db_default='', default='', editable=False, max_length=100),
        ),
        migrations.RunSQL(SQL, REVERSE),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(models.F('nav_kontor'), models.OrderBy(models.F('created_at'), descending=True), models.OrderBy(models.F('id'), descending=True), condition=models.Q(models.Q(('status', 'avsluttet'), _negated=True), ('nav_side_ended', False)), name='case_list_nav_created'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(models.F('nav_kontor'), models.F('youth_last_name'), models.F('youth_first_name'), models.F('id'), condition=models.Q(models.Q(('status', 'avsluttet'), _negated=True), ('nav_side_ended', False)), name='case_list_nav_name'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(models.F('nav_kontor'), models.F('youth_birth_date'), models.F('id'), condition=models.Q(models.Q(('status', 'avsluttet'), _negated=True), ('nav_side_ended', False)), name='case_list_nav_born'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(models.F('ot_enhet'), models.OrderBy(models.F('created_at'), descending=True), models.OrderBy(models.F('id'), descending=True), condition=models.Q(models.Q(('status', 'avsluttet'), _negated=True), ('ot_side_ended', False)), name='case_list_ot_created'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(models.F('ot_enhet'), models.F('youth_last_name'), models.F('youth_first_name'), models.F('id'), condition=models.Q(models.Q(('status', 'avsluttet'), _negated=True), ('ot_side_ended', False)), name='case_list_ot_name'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(models.F('ot_enhet'), models.F('youth_birth_date'), models.F('id'), condition=models.Q(models.Q(('status', 'avsluttet'), _negated=True), ('ot_side_ended', False)), name='case_list_ot_born'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(models.F('ot_enhet'), models.F('status'), models.F('id'), condition=models.Q(models.Q(('status', 'avsluttet'), _negated=True), ('ot_side_ended', False)), name='case_list_ot_status'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(models.F('ot_enhet'), models.F('ot_status'), models.F('id'), condition=models.Q(models.Q(('status', 'avsluttet'), _negated=True), ('ot_side_ended', False)), name='case_list_ot_ot_status'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(models.F('ot_enhet'), models.F('ot_last_contact_at'), models.F('id'), condition=models.Q(models.Q(('status', 'avsluttet'), _negated=True), ('ot_side_ended', False)), name='case_list_ot_contact'),
        ),
    ]
