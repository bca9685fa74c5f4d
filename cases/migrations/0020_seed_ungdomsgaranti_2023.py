"""The ungdomsgaranti in force since 1 July 2023, beside the 2015 rules (which stay as they are).

Youth from their 16th birthday until the day before their 30th (age on the vedtak date) with a
§14a vedtak of situasjonsbestemt or spesielt tilpasset innsats get a fast kontaktperson in NAV: a
named NAV-veileder owns their follow-up. NAV sets no deadline, so the rule has none; an
administrator may give it one in days.
"""

import datetime as dt

from django.db import migrations

RULES = [
    dict(
        kode="UG23",
        navn="Ungdomsgarantien (2023): 16–29 år, situasjonsbestemt eller spesielt tilpasset innsats: fast kontaktperson",
        valid_from=dt.date(2023, 7, 1),
        min_age=16,
        max_age=29,
        innsatsgrupper=["SITUASJONSBESTEMT_INNSATS", "SPESIELT_TILPASSET_INNSATS"],
        deliverable="fast_kontaktperson",
        deadline_months=None,
        deadline_days=None,
        coverage_target=None,
        indikator="16–29 år, situasjonsbestemt eller spesielt tilpasset innsats: har fast kontaktperson",
    ),
]


def seed(apps, schema_editor):
    Garantiregel = apps.get_model("cases", "Garantiregel")
    for rule in RULES:
        Garantiregel.objects.get_or_create(kode=rule["kode"], valid_from=rule["valid_from"], defaults=rule)


def unseed(apps, schema_editor):
    apps.get_model("cases", "Garantiregel").objects.filter(kode__in=[r["kode"] for r in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0019_garantiregel_fast_kontaktperson")]
    operations = [
        migrations.RunPython(seed, unseed),
        # A NAV-veileder given or taken away meets or reopens a fast_kontaktperson deadline, so a
        # rerun of the sweep the same day revisits that youth (as for vedtak and plans).
        migrations.RunSQL(
            """
            CREATE TRIGGER case_nav_veileder_sweep_change AFTER UPDATE ON cases_case FOR EACH ROW
                WHEN (OLD.nav_veileder_id IS DISTINCT FROM NEW.nav_veileder_id)
                EXECUTE FUNCTION cases_note_sweep_change();
            CREATE TRIGGER case_insert_sweep_change AFTER INSERT ON cases_case FOR EACH ROW
                WHEN (NEW.nav_veileder_id IS NOT NULL)
                EXECUTE FUNCTION cases_note_sweep_change();
            """,
            """
            DROP TRIGGER IF EXISTS case_nav_veileder_sweep_change ON cases_case;
            DROP TRIGGER IF EXISTS case_insert_sweep_change ON cases_case;
            """,
        ),
    ]
