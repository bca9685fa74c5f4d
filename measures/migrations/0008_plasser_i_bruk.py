"""Each gjennomføring keeps its places in use (participations DELTAR or VENTER_PA_OPPSTART, as
measures.models.OPPTAR_PLASS), counted once here and then kept by a trigger on every insert,
delete, and change of status or gjennomføring of a participation, whoever writes it (services,
admin, imports, SQL). The trigger's UPDATE takes the gjennomføring's row lock, so two
transactions changing participations at once add up instead of one overwriting the other.
Only that trigger writes the count: any other UPDATE of a gjennomføring (a save() of a stale
object) keeps the stored value."""

from django.db import migrations, models

SQL = """
CREATE FUNCTION measures_plasser_i_bruk() RETURNS trigger AS $$
DECLARE
  old_in_place boolean := TG_OP <> 'INSERT' AND OLD.status IN ('DELTAR', 'VENTER_PA_OPPSTART');
  new_in_place boolean := TG_OP <> 'DELETE' AND NEW.status IN ('DELTAR', 'VENTER_PA_OPPSTART');
BEGIN
  IF TG_OP = 'UPDATE' AND old_in_place = new_in_place
     AND OLD.gjennomforing_id = NEW.gjennomforing_id THEN
    RETURN NULL;
  END IF;
  IF old_in_place THEN
    UPDATE measures_gjennomforing SET plasser_i_bruk = plasser_i_bruk - 1
     WHERE id = OLD.gjennomforing_id;
  END IF;
  IF new_in_place THEN
    UPDATE measures_gjennomforing SET plasser_i_bruk = plasser_i_bruk + 1
     WHERE id = NEW.gjennomforing_id;
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER measures_plasser_i_bruk
  AFTER INSERT OR DELETE OR UPDATE OF status, gjennomforing_id ON measures_deltakelse
  FOR EACH ROW EXECUTE FUNCTION measures_plasser_i_bruk();

UPDATE measures_gjennomforing g SET plasser_i_bruk = (
  SELECT count(*) FROM measures_deltakelse d
   WHERE d.gjennomforing_id = g.id AND d.status IN ('DELTAR', 'VENTER_PA_OPPSTART'));

CREATE FUNCTION measures_plasser_i_bruk_vern() RETURNS trigger AS $$
BEGIN
  -- Depth 1: an UPDATE from outside a trigger; the count trigger's own UPDATE runs at depth 2.
  IF pg_trigger_depth() < 2 THEN
    NEW.plasser_i_bruk := OLD.plasser_i_bruk;
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER measures_plasser_i_bruk_vern
  BEFORE UPDATE OF plasser_i_bruk ON measures_gjennomforing
  FOR EACH ROW EXECUTE FUNCTION measures_plasser_i_bruk_vern();
"""

REVERSE = """
DROP TRIGGER measures_plasser_i_bruk_vern ON measures_gjennomforing;
DROP FUNCTION measures_plasser_i_bruk_vern();
DROP TRIGGER measures_plasser_i_bruk ON measures_deltakelse;
DROP FUNCTION measures_plasser_i_bruk();
"""


class Migration(migrations.Migration):
    dependencies = [("measures", "0007_omfang_verb")]

    operations = [
        migrations.AddField(
            model_name="gjennomforing",
            name="plasser_i_bruk",
            field=models.PositiveIntegerField(default=0, db_default=0, editable=False),
        ),
        migrations.RunSQL(SQL, REVERSE),
    ]
