from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "measures"
    verbose_name = "Tiltak"

    def ready(self):
        from cases.guarantees import register_deliverable
        from cases.models import Garantiregel
        from measures import guarantees

        register_deliverable(
            Garantiregel.Deliverable.TILBUD_OM_TILTAK,
            in_time=guarantees.IN_TIME,
            late=guarantees.LATE,
            params=guarantees.PARAMS,
        )
