from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "assay.live"
    label = "live"
    verbose_name = "Live sessions"

    def ready(self) -> None:
        from assay.live import erasure

        erasure.connect()
