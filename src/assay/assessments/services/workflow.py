"""The candidate's side: open the link, start, upload, submit, answer the survey; and grading's answer."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from assay.assessments.errors import LinkGone
from assay.assessments.models import Candidate
from assay.assessments.services.events import ASSAY, CANDIDATE, move, record
from assay.errors import Conflict, InvalidInput
from assay.grading import services as grading
from assay.repos import services as repos
from assay.repos.models import Repository
from assay.submissions import services as submissions
from assay.submissions.models import Submission

S = Candidate.State
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


def open_link(candidate: Candidate) -> Candidate:
    """What a candidate's link shows; LinkGone when it was withdrawn or its start window has passed."""
    if candidate.state == S.WITHDRAWN:
        raise LinkGone("This invitation was withdrawn by the hiring team. Contact them if you think it is a mistake.")
    if candidate.state == S.EXPIRED or (
        candidate.state in Candidate.NOT_STARTED and candidate.start_by < timezone.now()
    ):
        raise LinkGone(
            f"This invitation expired on {candidate.start_by:%Y-%m-%d %H:%M} UTC without being started. "
            "Ask the hiring team to extend it."
        )
    if move(candidate, (S.INVITED,), S.OPENED):
        record(candidate, "opened", "", CANDIDATE)
    return candidate


def start(candidate: Candidate, stack: str) -> Candidate:
    """Create the candidate's repository from the starter and start the clock."""
    open_link(candidate)
    assessment = candidate.assessment
    if stack not in assessment.stacks:
        raise InvalidInput(f"Choose one of {', '.join(assessment.stacks)}.", fields={"stack": ["Not offered."]})
    now = timezone.now()
    deadline = now + timedelta(minutes=assessment.time_limit_minutes)
    if not move(candidate, Candidate.NOT_STARTED, S.STARTED, started_at=now, deadline=deadline, stack=stack):
        raise Conflict("You already started this assessment.")
    starter = assessment.challenge_version.package().starter_dir(stack)
    repository = repos.create_repository(
        assessment.organization,
        name=f"{assessment.title} - {candidate.name}"[:200],
        starter=starter,
        message=f"Starter for {assessment.challenge_version.title} ({stack})",
    )
    Candidate.objects.filter(pk=candidate.pk).update(repository=repository)
    candidate.refresh_from_db()
    record(candidate, "started", f"Stack {stack}; deadline {deadline:%Y-%m-%d %H:%M} UTC", CANDIDATE)
    return candidate


def repository_of(candidate: Candidate) -> Repository:
    """The candidate's repository; Conflict while they have not started (and so have none)."""
    if candidate.repository is None:
        raise Conflict("There is no repository yet: start the assessment first.")
    return candidate.repository


def _require_working(candidate: Candidate) -> None:
    open_link(candidate)
    if candidate.state != S.STARTED:
        raise Conflict("This assessment is not under way: it was not started, or it was already submitted.")
    if candidate.deadline and candidate.deadline < timezone.now():
        raise Conflict("The working time is over; your last pushed commit is submitted automatically.")


def upload(candidate: Candidate, data: bytes, filename: str) -> str:
    """Commit an uploaded zip or tar of the candidate's files to their repository; returns the commit."""
    _require_working(candidate)
    if not data:
        raise InvalidInput("Choose a .zip or .tar.gz file to upload.", fields={"archive": ["The file is empty."]})
    if len(data) > MAX_UPLOAD_BYTES:
        raise InvalidInput("The file is over 50 MB.", fields={"archive": ["Too large."]})
    commit: str = repos.import_archive(repository_of(candidate), data, filename)
    record(candidate, "uploaded", f"{filename} as commit {commit[:12]}", CANDIDATE)
    return commit


def submit(candidate: Candidate, *, automatic: bool = False) -> Candidate:
    """Freeze the pushed head into a submission, queue its grading and close pushes. Claimed with a
    conditional UPDATE, so the candidate's click and the periodic job never submit twice."""
    if not automatic:
        _require_working(candidate)
    now = timezone.now()
    if not move(candidate, (S.STARTED,), S.SUBMITTED, submitted_at=now, submitted_automatically=automatic):
        raise Conflict("This assessment was already submitted.")
    repository = repository_of(candidate)
    commit = repos.head_commit(repository)
    if commit is None:
        raise Conflict("The repository has no commit to submit.")
    assessment = candidate.assessment
    submission = submissions.create_submission(
        organization=assessment.organization,
        challenge_version=assessment.challenge_version,
        stack=candidate.stack,
        label=f"{candidate.name} · {assessment.title}",
        archive=repos.snapshot(repository, commit),
        source=Submission.Source.PUSH,
        commit=commit,
    )
    Candidate.objects.filter(pk=candidate.pk).update(submission=submission)
    candidate.refresh_from_db()
    grading.enqueue(submission)
    when = f"{now:%Y-%m-%d %H:%M} UTC"
    message = (
        f"The working time ran out at {when}; the last pushed commit was submitted and pushes are closed."
        if automatic
        else f"This assessment was submitted at {when}; pushes are closed."
    )
    repos.set_write_policy(repository, open=False, message=message)
    detail = f"Commit {commit[:12]}" + (" (time ran out; submitted automatically)" if automatic else "")
    record(candidate, "submitted", detail, ASSAY if automatic else CANDIDATE)
    return candidate


def record_survey(candidate: Candidate, *, difficulty: int | None, minutes: int | None, feedback: str) -> Candidate:
    if candidate.state not in Candidate.DONE:
        raise Conflict("The survey opens after you submit.")
    if difficulty is not None and not 1 <= difficulty <= 5:
        raise InvalidInput("Rate the difficulty from 1 to 5.", fields={"difficulty": ["1 to 5."]})
    if minutes is not None and not 0 <= minutes <= 100_000:
        raise InvalidInput("Give the time you spent in minutes.", fields={"minutes": ["A number of minutes."]})
    candidate.survey_difficulty, candidate.survey_minutes = difficulty, minutes
    candidate.survey_feedback = feedback.strip()[:5000]
    candidate.save(update_fields=["survey_difficulty", "survey_minutes", "survey_feedback"])
    record(candidate, "survey", "Answered the survey", CANDIDATE)
    return candidate


def clone_command(candidate: Candidate) -> str:
    url = repos.authenticated_clone_url(repository_of(candidate), settings.SITE_URL)
    return f"git clone {url}"


def on_submission_graded(sender: Any, submission_id: int, **kwargs: Any) -> None:
    """grading.signals.submission_graded: the candidate whose submission it is moves to graded."""
    with transaction.atomic():  # sent after grading's transaction committed: this one is ours
        for candidate in Candidate.objects.filter(submission_id=submission_id):
            _graded(candidate)


def _graded(candidate: Candidate) -> None:
    if move(candidate, (S.SUBMITTED,), S.GRADED):
        score = candidate.submission.score if candidate.submission else None
        record(candidate, "graded", f"Score {score:.0f}" if score is not None else "", ASSAY)
