from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assay.assessments"
    label = "assessments"
    verbose_name = "Assessments"

    def ready(self) -> None:
        from assay.assessments.services import workflow
        from assay.grading.signals import submission_graded

        submission_graded.connect(workflow.on_submission_graded, dispatch_uid="assessments.submission_graded")
