from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    name = "assay.submissions"
    label = "submissions"
