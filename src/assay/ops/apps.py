from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "assay.ops"
    label = "ops"
    verbose_name = "Operations"
