"""A submission: the immutable snapshot of a candidate's files, and where its grading stands.

The row is the source of truth for the grading state. Tasks carry its id only;
a worker claims it with a conditional UPDATE and holds a lease it renews, so a
worker that dies mid-run leaves a submission another worker picks up.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone

from assay.accounts.models import Organization
from assay.challenges.models import ChallengeVersion


class Submission(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Grading"
        GRADED = "graded", "Graded"
        FAILED = "failed", "Grading failed"

    class Source(models.TextChoices):
        PUSH = "push", "Git push"
        UPLOAD = "upload", "Uploaded archive"
        API = "api", "API"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="submissions")
    challenge_version = models.ForeignKey(ChallengeVersion, on_delete=models.PROTECT, related_name="submissions")
    stack = models.CharField(max_length=20)
    label = models.CharField(max_length=200, help_text="Who or what this is, as the team sees it.")
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.PUSH)
    commit = models.CharField(max_length=64, blank=True)
    # A gzipped tar of the files, relative to MEDIA_ROOT; its SHA-256 makes the snapshot verifiable.
    archive = models.CharField(max_length=300)
    archive_sha256 = models.CharField(max_length=64)
    archive_bytes = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    score = models.FloatField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    claimed_by = models.CharField(max_length=100, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    # The queue's id for the grading job last enqueued, so housekeeping can tell a job that vanished.
    grading_job_id = models.CharField(max_length=64, blank=True)
    state_changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "lease_expires_at"], name="submission_claimable")]

    def __str__(self) -> str:
        return f"{self.label} ({self.challenge_version})"
