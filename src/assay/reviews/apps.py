from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "assay.reviews"
    label = "reviews"

    def ready(self) -> None:
        from assay.assessments import identity
        from assay.reviews import blind

        identity.install(blind.hidden_among)
        from assay.grading.signals import submission_graded
        from assay.reviews.services import narratives, notify

        submission_graded.connect(notify.on_submission_graded, dispatch_uid="reviews.submission_graded")
        submission_graded.connect(narratives.on_submission_graded, dispatch_uid="reviews.ai_narrative")
