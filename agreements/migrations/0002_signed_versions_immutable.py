"""A signed version, and its clauses, are never edited: the database refuses it, not just the UI.

Signing a revision may still close the previous version (status erstattet, valid_to set).
"""

from django.db import migrations

SQL = """
CREATE FUNCTION agreements_versjon_immutable() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status <> 'utkast' THEN
      RAISE EXCEPTION 'En signert avtaleversjon kan ikke slettes.' USING ERRCODE = 'check_violation';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.status <> 'utkast' AND (
       NEW.avtale_id <> OLD.avtale_id OR NEW.nummer <> OLD.nummer
       OR NEW.valid_from <> OLD.valid_from OR NEW.minor <> OLD.minor
       OR NEW.endringsnotat <> OLD.endringsnotat OR NEW.signed_at <> OLD.signed_at
       OR NEW.signed_by_id IS DISTINCT FROM OLD.signed_by_id OR NEW.status = 'utkast') THEN
    RAISE EXCEPTION 'En signert avtaleversjon kan ikke endres, bare revideres.' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER agreements_versjon_immutable BEFORE UPDATE OR DELETE ON agreements_avtaleversjon
  FOR EACH ROW EXECUTE FUNCTION agreements_versjon_immutable();

CREATE FUNCTION agreements_klausul_immutable() RETURNS trigger AS $$
DECLARE
  signed boolean;
BEGIN
  SELECT status <> 'utkast' INTO signed FROM agreements_avtaleversjon
   WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD.versjon_id ELSE NEW.versjon_id END;
  IF signed THEN
    RAISE EXCEPTION 'Klausulene i en signert avtaleversjon kan ikke endres.' USING ERRCODE = 'check_violation';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER agreements_klausul_immutable BEFORE INSERT OR UPDATE OR DELETE ON agreements_klausul
  FOR EACH ROW EXECUTE FUNCTION agreements_klausul_immutable();
"""

REVERSE = """
DROP TRIGGER agreements_klausul_immutable ON agreements_klausul;
DROP FUNCTION agreements_klausul_immutable();
DROP TRIGGER agreements_versjon_immutable ON agreements_avtaleversjon;
DROP FUNCTION agreements_versjon_immutable();
"""


class Migration(migrations.Migration):
    dependencies = [("agreements", "0001_initial")]

    operations = [migrations.RunSQL(SQL, REVERSE)]
