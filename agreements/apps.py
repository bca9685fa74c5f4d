from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = "Samarbeidsavtaler"

    def ready(self):
        from agreements.services import washing_record
        from cases.events import on_washing_done

        # A finished list washing counts toward the agreements' list-washing obligation.
        on_washing_done(washing_record)
