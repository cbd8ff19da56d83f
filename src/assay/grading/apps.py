from django.apps import AppConfig


class GradingConfig(AppConfig):
    name = "assay.grading"
    label = "grading"
