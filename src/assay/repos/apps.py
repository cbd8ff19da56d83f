from django.apps import AppConfig


class ReposConfig(AppConfig):
    name = "assay.repos"
    label = "repos"
    verbose_name = "Repositories"
