from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "assay.web"
    label = "web"
