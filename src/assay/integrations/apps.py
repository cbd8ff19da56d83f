from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "assay.integrations"
    label = "integrations"

    def ready(self) -> None:
        from assay.integrations.greenhouse import events as greenhouse_events
        from assay.integrations.webhooks import events

        events.connect()
        greenhouse_events.connect()
