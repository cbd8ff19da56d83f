from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "assay.reviews"
    label = "reviews"
