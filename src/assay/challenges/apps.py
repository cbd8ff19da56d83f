from django.apps import AppConfig


class ChallengesConfig(AppConfig):
    name = "assay.challenges"
    label = "challenges"
