"""The guarantees of the 2013–2015 sources, open-ended; administrators end or add rules later."""

import datetime as dt

from django.db import migrations

RULES = [
    dict(kode="G1", navn="Under 20 år: tilbud om arbeidsrettet tiltak", min_age=16, max_age=19, innsatsgrupper=[],
         deliverable="tilbud_om_tiltak", deadline_months=None, coverage_target=None),
    dict(kode="G2", navn="20–24 år, situasjonsbestemt innsats: godkjent aktivitetsplan innen en måned",
         min_age=20, max_age=24, innsatsgrupper=["SITUASJONSBESTEMT_INNSATS"], deliverable="godkjent_aktivitetsplan",
         deadline_months=1, coverage_target=None),
    dict(kode="G3", navn="20–29 år, spesielt tilpasset innsats: godkjent aktivitetsplan (90 % av gruppen)",
         min_age=20, max_age=29, innsatsgrupper=["SPESIELT_TILPASSET_INNSATS"], deliverable="godkjent_aktivitetsplan",
         deadline_months=None, coverage_target=90),
]


def seed(apps, schema_editor):
    Garantiregel = apps.get_model("cases", "Garantiregel")
    for rule in RULES:
        Garantiregel.objects.get_or_create(kode=rule["kode"], valid_from=dt.date(2013, 1, 1), defaults=rule)


def unseed(apps, schema_editor):
    apps.get_model("cases", "Garantiregel").objects.filter(kode__in=["G1", "G2", "G3"]).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_guarantees")]
    operations = [migrations.RunPython(seed, unseed)]
