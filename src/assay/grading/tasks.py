"""The grading task: ids in, fresh rows loaded, safe to run twice."""

from __future__ import annotations

import logging
import os
import socket
import tempfile
import threading
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone
from django_tasks import task
from django_tasks.base import Task

from assay.grading import services
from assay.grading.pipeline import grade_directory
from assay.grading.sandbox import DEFAULT_BASE, sweep_orphans
from assay.submissions.services import extract_snapshot

logger = logging.getLogger("assay.grading")
_slots: threading.BoundedSemaphore | None = None


def _gradings_at_once() -> threading.BoundedSemaphore:
    # A worker process runs a set number of gradings at once, however many task threads it has.
    global _slots
    if _slots is None:
        _slots = threading.BoundedSemaphore(settings.ASSAY_GRADINGS_PER_WORKER)
    return _slots


def worker_name() -> str:
    return f"{socket.gethostname()}-{os.getpid()}-{threading.get_ident() % 100000}"


@task(queue_name="grading")
def grade_submission(submission_id: int) -> str:
    """Grade one submission. Returns what happened, for the task result."""
    sweep_orphans(DEFAULT_BASE)  # what a killed grading process left on this machine goes before the next one
    with _gradings_at_once():
        run = services.claim(submission_id, worker_name())
        if run is None:
            return "skipped: already graded or held by another worker"
        submission = run.submission
        try:
            package = submission.challenge_version.package()
            with tempfile.TemporaryDirectory(prefix="assay-snapshot-") as folder, services.LeaseKeeper(run):
                source = extract_snapshot(submission, Path(folder) / "src")
                position = iter(range(1, 100))
                report = grade_directory(
                    source,
                    package,
                    submission.stack,
                    on_stage=lambda stage: services.record_stage(run, next(position), stage),
                )
            services.finish(run, report)
        except services.GradingCancelled:
            return "cancelled: the submission was erased"
        except Exception as error:
            logger.exception("Grading submission %s failed inside Assay", submission_id)
            services.fail(run, f"{error.__class__.__name__}: {error}")
            return "failed"
        return f"graded: {report.score}"


@task(queue_name="grading")
def calibrate_version(version_id: int) -> str:
    """Measure a challenge version's reference solutions under the load probe, once per stack (cached)."""
    from assay.challenges.models import ChallengeVersion
    from assay.grading.pipeline import reference_load

    version = ChallengeVersion.objects.filter(id=version_id).first()
    if version is None:
        return "skipped: no such version"
    package = version.package()
    if package.load is None:
        return "skipped: no load probe"
    with _gradings_at_once():
        measured = [stack for stack in package.solution_stacks() if reference_load(package, stack) is not None]
    return f"calibrated: {', '.join(measured) or 'nothing'}"


# Work below candidates' gradings (priority 0), where the queue orders by priority (the database queue); RQ
# runs jobs in the order they came and has no priority to give. A team's validation never makes a candidate
# wait, nor does the load probe's calibration.
CALIBRATION_PRIORITY = -50
VALIDATION_PRIORITY = -60
VALIDATION_RETRY_SECONDS = 30


def below(task: Task[Any, Any], priority: int) -> Task[Any, Any]:
    return task.using(priority=priority) if task.get_backend().supports_priority else task


def calibrate_when_stored(sender: object, version_id: int, **kwargs: object) -> None:
    if settings.ASSAY_CALIBRATE_ON_LOAD:
        # Below every candidate's grading: a waiting submission is claimed first.
        below(calibrate_version, CALIBRATION_PRIORITY).enqueue(version_id)


@task(queue_name="grading")
def validate_team_version(version_id: int) -> str:
    """Validate a hiring team's new challenge version through the real grader, within its quota."""
    from assay.grading import team_validation

    state = team_validation.claim(version_id)
    if state == team_validation.BUSY:
        # The organization's quota is full: try again later rather than hold a worker.
        if validate_team_version.get_backend().supports_defer:
            later = timezone.now() + timedelta(seconds=VALIDATION_RETRY_SECONDS)
            below(validate_team_version, VALIDATION_PRIORITY).using(run_after=later).enqueue(version_id)
        return "waiting: the organization's validations are at their quota"
    if state == team_validation.DONE:
        return "skipped: not pending"
    with _gradings_at_once():
        return f"validated: {team_validation.validate(version_id)}"


def validate_when_imported(sender: object, version_id: int, **kwargs: object) -> None:
    below(validate_team_version, VALIDATION_PRIORITY).enqueue(version_id)
