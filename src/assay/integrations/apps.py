from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "assay.integrations"
    label = "integrations"

    def ready(self) -> None:
        from assay.integrations import erasure
        from assay.integrations.greenhouse import events as greenhouse_events
        from assay.integrations.webhooks import events

        events.connect()
        erasure.connect()
        greenhouse_events.connect()
