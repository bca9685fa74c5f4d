from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "measures"
    verbose_name = "Tiltak"

    def ready(self):
        from cases.guarantees import register_deliverable
        from cases.models import Garantiregel
        from cases.washing import register_conflict_rule
        from measures import avvik, guarantees

        register_deliverable(
            Garantiregel.Deliverable.TILBUD_OM_TILTAK,
            in_time=guarantees.IN_TIME,
            late=guarantees.LATE,
            params=guarantees.PARAMS,
        )
        # OT's list says OTAP/OTKO where NAV has no such tiltak (and the other way round).
        register_conflict_rule(
            "tiltak",
            sql=avvik.avvik_sql(youth="r.youth_id", code="r.ot_status"),
            params=avvik.PARAMS,
        )
