"""Assessments, the candidates invited to them, and each candidate's timeline.

An assessment freezes a challenge version when it is created, so every candidate of it works on, and is
graded against, exactly the same package. A candidate has no account: a signed link names the row, and
the row's state (not the link) says what the candidate may still do.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from assay.accounts.models import Organization
from assay.challenges.models import ChallengeVersion
from assay.submissions.models import Submission

DEFAULT_TIME_LIMIT_MINUTES = 240
DEFAULT_START_WINDOW_DAYS = 7


class Assessment(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="assessments")
    title = models.CharField(max_length=200)
    challenge_version = models.ForeignKey(ChallengeVersion, on_delete=models.PROTECT, related_name="assessments")
    stacks = models.JSONField(help_text="The stacks a candidate may choose, a subset of the version's.")
    time_limit_minutes = models.PositiveIntegerField(default=DEFAULT_TIME_LIMIT_MINUTES)
    start_window_days = models.PositiveIntegerField(default=DEFAULT_START_WINDOW_DAYS)
    instructions = models.TextField(blank=True, help_text="Markdown shown to candidates below the brief.")
    reviewers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    show_breakdown = models.BooleanField(default=False, help_text="Candidates see their score breakdown.")
    # The reusable invite link: empty when the team has not opened one (or closed it).
    open_link_token = models.CharField(max_length=64, blank=True, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # An archived assessment keeps its candidates and reports but invites nobody new.
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Candidate(models.Model):
    class State(models.TextChoices):
        INVITED = "invited", "Invited"
        OPENED = "opened", "Opened"
        STARTED = "started", "Started"
        SUBMITTED = "submitted", "Submitted"
        GRADED = "graded", "Graded"
        REVIEWED = "reviewed", "Reviewed"
        ADVANCED = "advanced", "Advanced"
        REJECTED = "rejected", "Rejected"
        EXPIRED = "expired", "Expired"
        WITHDRAWN = "withdrawn", "Withdrawn"

    NOT_STARTED = (State.INVITED, State.OPENED)
    DONE = (State.SUBMITTED, State.GRADED, State.REVIEWED, State.ADVANCED, State.REJECTED)

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="candidates")
    name = models.CharField(max_length=150)
    email = models.EmailField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.INVITED)
    invited_at = models.DateTimeField(default=timezone.now)
    start_by = models.DateTimeField(help_text="The invitation expires if the candidate has not started by then.")
    stack = models.CharField(max_length=20, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    deadline = models.DateTimeField(null=True, blank=True, help_text="started_at + the time limit (+ extensions).")
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_automatically = models.BooleanField(default=False)
    # The repos app's Repository.public_id (a plain id: repos knows nothing of assessments).
    repository = models.OneToOneField(
        "repos.Repository", null=True, blank=True, on_delete=models.SET_NULL, related_name="candidate"
    )
    submission = models.ForeignKey(Submission, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    start_reminder_sent_at = models.DateTimeField(null=True, blank=True)
    deadline_reminder_sent_at = models.DateTimeField(null=True, blank=True)
    # The candidate's survey after submitting; shown to the team escaped.
    survey_difficulty = models.PositiveSmallIntegerField(null=True, blank=True)
    survey_minutes = models.PositiveIntegerField(null=True, blank=True)
    survey_feedback = models.TextField(blank=True)

    class Meta:
        ordering = ["invited_at", "id"]
        constraints = [
            models.UniqueConstraint(Lower("email"), "assessment", name="candidate_once_per_assessment"),
        ]
        indexes = [models.Index(fields=["state", "deadline"], name="candidate_state_deadline")]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"

    @property
    def minutes_used(self) -> int | None:
        if self.started_at is None:
            return None
        end = self.submitted_at or min(timezone.now(), self.deadline or timezone.now())
        return max(0, int((end - self.started_at).total_seconds() // 60))

    @property
    def score(self) -> float | None:
        return self.submission.score if self.submission_id and self.submission else None


class CandidateEvent(models.Model):
    """One line of a candidate's timeline: what happened, when, and who did it."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20)
    detail = models.CharField(max_length=500, blank=True)
    by = models.CharField(max_length=200, blank=True, help_text="The team member, 'candidate' or 'Assay'.")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} at {self.at:%Y-%m-%d %H:%M}"
