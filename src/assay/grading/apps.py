from django.apps import AppConfig


class GradingConfig(AppConfig):
    name = "assay.grading"
    label = "grading"

    def ready(self) -> None:
        from assay.challenges.signals import version_imported, version_stored
        from assay.grading.tasks import calibrate_when_stored, validate_when_imported

        # A new challenge version's reference solutions are measured once, when it is loaded.
        version_stored.connect(calibrate_when_stored, dispatch_uid="grading.calibrate_when_stored")
        # A team's new version is validated (which calibrates it too) before it can be used.
        version_imported.connect(validate_when_imported, dispatch_uid="grading.validate_when_imported")
