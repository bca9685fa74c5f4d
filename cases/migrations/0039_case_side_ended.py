"""Each case keeps whether each side followed it and has ended (`nav_side_ended`,
`ot_side_ended`: the side had an oppfølgingsperiode and none is open), computed once here and then
kept by statement triggers on every insert, update and delete of periods, whoever writes them
(services, admin, imports, SQL). The lists leave such cases out; with a column they filter the
rows they read instead of probing the periods of each (issue 11: 10,000 probes for a county's
capped count, more for a deep page).

The refresh locks the cases first, in id order, and reads the periods in a later statement: a
concurrent change to the same case's periods has then committed and is seen. Only those triggers
write the columns: an INSERT computes them from the periods, any other UPDATE of a case (a save()
of a stale object) keeps the stored values."""

from django.db import migrations, models

ENDED = """
EXISTS (SELECT 1 FROM cases_oppfolgingsperiode p
         WHERE p.case_id = {case} AND p.agency = '{agency}')
AND NOT EXISTS (SELECT 1 FROM cases_oppfolgingsperiode p
                 WHERE p.case_id = {case} AND p.agency = '{agency}' AND p.ended_on IS NULL)
"""

SQL = f"""
CREATE FUNCTION cases_side_ended_refresh(ids bigint[]) RETURNS void AS $$
BEGIN
  PERFORM 1 FROM cases_case WHERE id = ANY(ids) ORDER BY id FOR UPDATE;
  UPDATE cases_case c
     SET nav_side_ended = s.nav_ended, ot_side_ended = s.ot_ended
    FROM (SELECT x.id,
                 {ENDED.format(case="x.id", agency="nav")} AS nav_ended,
                 {ENDED.format(case="x.id", agency="ot")} AS ot_ended
            FROM unnest(ids) AS x(id)) s
   WHERE c.id = s.id
     AND (c.nav_side_ended, c.ot_side_ended) IS DISTINCT FROM (s.nav_ended, s.ot_ended);
END $$ LANGUAGE plpgsql;

CREATE FUNCTION cases_periode_side_ended() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM cases_side_ended_refresh(ARRAY(SELECT DISTINCT case_id FROM new_periods));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM cases_side_ended_refresh(ARRAY(SELECT DISTINCT case_id FROM old_periods));
  ELSE
    PERFORM cases_side_ended_refresh(
      ARRAY(SELECT case_id FROM new_periods UNION SELECT case_id FROM old_periods));
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE FUNCTION cases_side_ended_vern() RETURNS trigger AS $$
BEGIN
  -- Depth 1: a write from outside a trigger; the refresh's own UPDATE runs at depth 2.
  IF pg_trigger_depth() < 2 THEN
    IF TG_OP = 'INSERT' THEN
      NEW.nav_side_ended := {ENDED.format(case="NEW.id", agency="nav")};
      NEW.ot_side_ended := {ENDED.format(case="NEW.id", agency="ot")};
    ELSE
      NEW.nav_side_ended := OLD.nav_side_ended;
      NEW.ot_side_ended := OLD.ot_side_ended;
    END IF;
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;

UPDATE cases_case c SET nav_side_ended = true
  FROM (SELECT case_id FROM cases_oppfolgingsperiode WHERE agency = 'nav'
         GROUP BY case_id HAVING bool_and(ended_on IS NOT NULL)) e
 WHERE c.id = e.case_id;
UPDATE cases_case c SET ot_side_ended = true
  FROM (SELECT case_id FROM cases_oppfolgingsperiode WHERE agency = 'ot'
         GROUP BY case_id HAVING bool_and(ended_on IS NOT NULL)) e
 WHERE c.id = e.case_id;

CREATE TRIGGER cases_periode_side_ended_insert AFTER INSERT ON cases_oppfolgingsperiode
  REFERENCING NEW TABLE AS new_periods
  FOR EACH STATEMENT EXECUTE FUNCTION cases_periode_side_ended();
CREATE TRIGGER cases_periode_side_ended_update AFTER UPDATE ON cases_oppfolgingsperiode
  REFERENCING OLD TABLE AS old_periods NEW TABLE AS new_periods
  FOR EACH STATEMENT EXECUTE FUNCTION cases_periode_side_ended();
CREATE TRIGGER cases_periode_side_ended_delete AFTER DELETE ON cases_oppfolgingsperiode
  REFERENCING OLD TABLE AS old_periods
  FOR EACH STATEMENT EXECUTE FUNCTION cases_periode_side_ended();
CREATE TRIGGER cases_side_ended_vern
  BEFORE INSERT OR UPDATE OF nav_side_ended, ot_side_ended ON cases_case
  FOR EACH ROW EXECUTE FUNCTION cases_side_ended_vern();
"""

REVERSE = """
DROP TRIGGER cases_side_ended_vern ON cases_case;
DROP TRIGGER cases_periode_side_ended_delete ON cases_oppfolgingsperiode;
DROP TRIGGER cases_periode_side_ended_update ON cases_oppfolgingsperiode;
DROP TRIGGER cases_periode_side_ended_insert ON cases_oppfolgingsperiode;
DROP FUNCTION cases_side_ended_vern();
DROP FUNCTION cases_periode_side_ended();
DROP FUNCTION cases_side_ended_refresh(bigint[]);
"""


class Migration(migrations.Migration):
    dependencies = [("cases", "0038_case_open_sort_indexes")]

    operations = [
        migrations.AddField(
            model_name="case",
            name="nav_side_ended",
            field=models.BooleanField(db_default=False, default=False, editable=False),
        ),
        migrations.AddField(
            model_name="case",
            name="ot_side_ended",
            field=models.BooleanField(db_default=False, default=False, editable=False),
        ),
        migrations.RunSQL(SQL, REVERSE),
    ]
