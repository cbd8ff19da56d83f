"""A live session: a shared workspace (a Yjs document), its recording and its runs.

The recording is the source of truth for the document: every update a participant or a run makes is a
``LiveUpdate`` row, stored with its time as it arrives, so the room is rebuilt from them after a restart and
the playback replays them.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from assay.accounts.models import Organization
from assay.submissions.models import Submission


def _link_nonce() -> str:
    return secrets.token_urlsafe(12)


class LiveSession(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="live_sessions")
    title = models.CharField(max_length=200)
    # The workspace starts from a submission's submitted files, or from a challenge's starter (no submission).
    submission = models.ForeignKey(
        Submission, on_delete=models.SET_NULL, null=True, blank=True, related_name="live_sessions"
    )
    challenge_slug = models.CharField(max_length=100, blank=True)
    stack = models.CharField(max_length=20)
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="live_sessions"
    )
    candidate_name = models.CharField(max_length=200)
    # Changing the nonce revokes every candidate link sent before (a leaked link).
    link_nonce = models.CharField(max_length=32, default=_link_nonce)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    # Files the workspace left out (binary, too large, too many), shown to the interviewer.
    skipped_files = models.JSONField(default=list)
    # The interviewer's notes: shown on the team's pages only, never in the room's document or socket.
    notes = models.TextField(blank=True)
    notes_saved_at = models.DateTimeField(null=True, blank=True)
    # The last update or connection; a session idle past ASSAY_LIVE_IDLE_MINUTES is ended by housekeeping.
    last_activity_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.ended_at is None and self.expires_at > timezone.now()


class LiveUpdate(models.Model):
    """One Yjs update of a session's document, as it arrived."""

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="updates")
    at = models.DateTimeField(default=timezone.now)
    data = models.BinaryField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"update {self.pk} of session {self.session_id}"


class LiveRun(models.Model):
    class State(models.TextChoices):
        RUNNING = "running", "Running"
        FINISHED = "finished", "Finished"
        CUT = "cut", "Cut (too much output)"
        FAILED = "failed", "Could not run"

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="runs")
    number = models.PositiveIntegerField()
    command = models.CharField(max_length=500)
    state = models.CharField(max_length=10, choices=State.choices, default=State.RUNNING)
    exit_code = models.IntegerField(null=True, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["session", "number"], name="live_run_number")]

    def __str__(self) -> str:
        return f"run {self.number}: {self.command}"


class LiveConnection(models.Model):
    """A browser connected to a session's room, in any process: the interviewer sees them and can remove one
    (a leaked candidate link opened in a second browser). A row whose process died goes stale: it is shown
    only while ``seen_at`` is recent (a browser renews its presence every 15 seconds)."""

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="connections")
    channel_name = models.CharField(max_length=200, unique=True)
    role = models.CharField(max_length=20)
    address = models.CharField(max_length=64, blank=True)
    agent = models.CharField(max_length=200, blank=True)
    opened_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["opened_at", "id"]

    def __str__(self) -> str:
        return f"{self.role} connection to session {self.session_id}"
