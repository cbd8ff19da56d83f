"""Running gradings for submissions: claim, lease, record, re-grade, recover.

Claims are conditional UPDATEs on the submission row, so two workers never
grade the same submission at once; a lease a worker stops renewing expires,
and the submission is queued again.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from datetime import timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone

from assay.grading.models import GradingRun, StageResult
from assay.grading.report import Report, StageReport
from assay.submissions.models import Submission

logger = logging.getLogger("assay.grading")
MAX_ATTEMPTS = 3


def _lease() -> timedelta:
    return timedelta(seconds=settings.ASSAY_GRADING_LEASE_SECONDS)


def enqueue(submission: Submission) -> None:
    """Queue the grading once the surrounding transaction commits."""
    transaction.on_commit(partial(_enqueue_now, submission.pk))


def _enqueue_now(submission_id: int) -> None:
    from assay.grading.tasks import grade_submission

    job = grade_submission.enqueue(submission_id)
    Submission.objects.filter(pk=submission_id).update(grading_job_id=str(job.id))


def claim(submission_id: int, worker: str) -> GradingRun | None:
    """Take the submission if it is queued or its lease ran out; None when another worker holds it."""
    now = timezone.now()
    claimable = Q(state=Submission.State.QUEUED) | Q(state=Submission.State.RUNNING, lease_expires_at__lt=now)
    with transaction.atomic():
        taken = Submission.objects.filter(claimable, pk=submission_id).update(
            state=Submission.State.RUNNING,
            claimed_by=worker,
            lease_expires_at=now + _lease(),
            attempts=F("attempts") + 1,
            state_changed_at=now,
        )
        if not taken:
            return None
        submission = Submission.objects.get(pk=submission_id)
        GradingRun.objects.filter(submission=submission, state=GradingRun.State.RUNNING).update(
            state=GradingRun.State.ABANDONED, finished_at=now, error="The worker running it stopped."
        )
        number = (submission.runs.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        return GradingRun.objects.create(submission=submission, number=number, worker=worker)


def renew_lease(run: GradingRun) -> bool:
    """Extend the lease; False when the submission was taken away (the lease had expired)."""
    return bool(
        Submission.objects.filter(pk=run.submission_id, state=Submission.State.RUNNING, claimed_by=run.worker).update(
            lease_expires_at=timezone.now() + _lease()
        )
    )


class LeaseKeeper:
    """Renews a run's lease in the background while its grading works."""

    def __init__(self, run: GradingRun) -> None:
        self.run = run
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name=f"lease-{run.pk}", daemon=True)

    def __enter__(self) -> LeaseKeeper:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:
        from django.db import close_old_connections

        while not self._stop.wait(settings.ASSAY_GRADING_LEASE_SECONDS / 4):
            renew_lease(self.run)
        close_old_connections()


class GradingCancelled(Exception):
    """The submission was erased while it was being graded: the run stops and records nothing more."""


def record_stage(run: GradingRun, position: int, stage: StageReport) -> None:
    """Record a finished stage; GradingCancelled when the run is gone (its submission was erased)."""
    if not GradingRun.objects.filter(pk=run.pk).exists():
        raise GradingCancelled(f"Submission {run.submission_id} was erased during its grading.")
    try:
        _save_stage(run, position, stage)
    except IntegrityError:  # erased between the check and the write
        raise GradingCancelled(f"Submission {run.submission_id} was erased during its grading.") from None


def _save_stage(run: GradingRun, position: int, stage: StageReport) -> None:
    StageResult.objects.update_or_create(
        run=run,
        position=position,
        defaults={
            "name": stage.name,
            "title": stage.title,
            "status": stage.status,
            "summary": stage.summary,
            "duration": stage.duration,
            "log_tail": stage.log_tail,
            "limits": stage.limits,
        },
    )


@transaction.atomic
def finish(run: GradingRun, report: Report) -> None:
    now = timezone.now()
    # Stages were recorded as they ended; the final report adds what came later (the service's last log lines).
    for position, stage in enumerate(report.stages, start=1):
        record_stage(run, position, stage)
    GradingRun.objects.filter(pk=run.pk).update(
        state=GradingRun.State.GRADED,
        finished_at=now,
        score=report.score,
        skills=report.skills,
        report=report.to_dict(),
    )
    Submission.objects.filter(pk=run.submission_id, claimed_by=run.worker).update(
        state=Submission.State.GRADED, score=report.score, lease_expires_at=None, state_changed_at=now
    )
    from assay.grading.signals import submission_graded

    transaction.on_commit(lambda: submission_graded.send(Submission, submission_id=run.submission_id))


@transaction.atomic
def fail(run: GradingRun, error: str) -> None:
    """The platform could not grade (not the candidate's fault): retry later, up to MAX_ATTEMPTS."""
    now = timezone.now()
    GradingRun.objects.filter(pk=run.pk).update(state=GradingRun.State.FAILED, finished_at=now, error=error[:5000])
    submission = Submission.objects.get(pk=run.submission_id)
    if submission.attempts >= MAX_ATTEMPTS:
        Submission.objects.filter(pk=submission.pk).update(
            state=Submission.State.FAILED, lease_expires_at=None, state_changed_at=now
        )
    else:
        Submission.objects.filter(pk=submission.pk).update(
            state=Submission.State.QUEUED, lease_expires_at=None, state_changed_at=now
        )
        enqueue(submission)


def regrade(submission: Submission) -> Submission:
    """Grade again (e.g. after a grader fix); the earlier runs stay as they were."""
    Submission.objects.filter(pk=submission.pk).exclude(state=Submission.State.RUNNING).update(
        state=Submission.State.QUEUED, attempts=0, state_changed_at=timezone.now()
    )
    submission.refresh_from_db()
    enqueue(submission)
    return submission


def requeue_stale() -> int:
    """Queue again every running submission whose worker stopped renewing its lease; returns how many."""
    stale = list(
        Submission.objects.filter(state=Submission.State.RUNNING, lease_expires_at__lt=timezone.now()).values_list(
            "pk", flat=True
        )
    )
    for submission_id in stale:
        logger.warning("Submission %s lost its worker; queueing it again", submission_id)
        transaction.on_commit(partial(_enqueue_now, submission_id))
    return len(stale)


def requeue_lost() -> int:
    """Queue again every submission that has waited a while and whose grading job is no longer in the queue
    (a Redis restarted without its data loses the jobs, not the submissions); returns how many."""
    from django_tasks.exceptions import TaskResultDoesNotExist

    from assay.grading.tasks import grade_submission

    waited = timezone.now() - timedelta(seconds=settings.ASSAY_LOST_JOB_SECONDS)
    waiting = Submission.objects.filter(state=Submission.State.QUEUED, state_changed_at__lt=waited)
    lost = []
    for submission_id, job_id in waiting.values_list("pk", "grading_job_id"):
        try:
            if job_id and grade_submission.get_result(job_id).status in ("READY", "RUNNING"):
                continue  # still waiting its turn
        except TaskResultDoesNotExist:
            pass
        lost.append(submission_id)
        Submission.objects.filter(pk=submission_id).update(state_changed_at=timezone.now())  # next look: later
        logger.warning("The grading job of submission %s is gone from the queue; queueing it again", submission_id)
        transaction.on_commit(partial(_enqueue_now, submission_id))
    return len(lost)


# Reading results: what other apps (the reviewer's side) ask, instead of querying grading's models.


def runs_of(submission: Submission) -> list[GradingRun]:
    """Every run of a submission, newest first (a re-grade adds one; earlier runs are kept)."""
    return list(GradingRun.objects.filter(submission=submission).order_by("-number"))


def latest_run(submission: Submission) -> GradingRun | None:
    """The newest run that produced a report, else the newest run at all (running, failed or abandoned)."""
    runs = GradingRun.objects.filter(submission=submission).order_by("-number")
    return runs.filter(state=GradingRun.State.GRADED).first() or runs.first()


def run_of(submission: Submission, number: int) -> GradingRun | None:
    """Run ``number`` of the submission, or None."""
    return GradingRun.objects.filter(submission=submission, number=number).first()


def report_of(run: GradingRun) -> dict[str, Any]:
    """The run's report as stored (version 1 or later); an empty dict while it runs or when it failed."""
    return dict(run.report or {})


def stages_of(run: GradingRun) -> list[StageResult]:
    """The stages a run recorded so far, in pipeline order (they show progress while grading runs)."""
    return list(run.stages.order_by("position"))


def latest_scores(submissions: list[int]) -> dict[int, dict[str, float | None]]:
    """Skill scores of each submission's newest graded run, keyed by submission id."""
    scores: dict[int, dict[str, float | None]] = {}
    graded = GradingRun.objects.filter(submission_id__in=submissions, state=GradingRun.State.GRADED)
    for submission_id, skills in graded.order_by("submission_id", "number").values_list("submission_id", "skills"):
        scores[submission_id] = skills
    return scores


def last_stages_done(submission_ids: Iterable[int]) -> dict[int, str]:
    """The title of the stage each submission's latest grading finished last (absent when none has yet), in one
    query however many submissions: what a team's list of candidates shows while gradings run."""
    last = StageResult.objects.filter(run__submission=OuterRef("pk")).order_by("-run__number", "-position")
    found = Submission.objects.filter(pk__in=list(submission_ids)).annotate(stage=Subquery(last.values("title")[:1]))
    return {pk: title for pk, title in found.values_list("pk", "stage") if title is not None}
