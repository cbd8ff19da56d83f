"""What the hiring team adds to a submission: threaded comments on lines of the submitted code.

A comment belongs to the submission (its immutable snapshot), not to a grading run, so a re-grade keeps it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from assay.accounts.models import Organization
from assay.submissions.models import Submission

MAX_COMMENT_CHARS = 10_000


class LineComment(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="line_comments")
    # The file's path inside the snapshot, as the archive names it (a non-UTF-8 name keeps its escapes).
    path = models.CharField(max_length=1000)
    line = models.PositiveIntegerField()
    # A reply names the thread's first comment; a thread is one level deep, like a code host's.
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # Who wrote it as shown at the time (a member's email, or the API key's name when a key wrote it).
    author_label = models.CharField(max_length=200, blank=True)
    body = models.TextField(max_length=MAX_COMMENT_CHARS)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["path", "line", "created_at", "id"]
        indexes = [models.Index(fields=["submission", "path"], name="line_comment_file")]

    def __str__(self) -> str:
        return f"comment on {self.path}:{self.line}"

    @property
    def author_name(self) -> str:
        if self.author is not None:
            return self.author.display_name
        return self.author_label or "a former member"


# Part 2: scorecards, decisions and blind review ------------------------------------------------


class Recommendation(models.TextChoices):
    STRONG_YES = "strong_yes", "Strong yes"
    YES = "yes", "Yes"
    NO = "no", "No"
    STRONG_NO = "strong_no", "Strong no"


class Scorecard(models.Model):
    """One reviewer's scores of one submission against the challenge's rubric.

    A draft is private to its reviewer; once submitted, the others' scorecards become visible to them.
    ``version`` grows on every save, so two saves from stale forms are told apart (see services.scorecards).
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="scorecards")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Criterion id -> 1..4, as the rubric names them.
    scores = models.JSONField(default=dict)
    notes = models.TextField(blank=True, max_length=MAX_COMMENT_CHARS)
    recommendation = models.CharField(max_length=10, choices=Recommendation.choices, blank=True)
    version = models.PositiveIntegerField(default=0)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["submitted_at", "id"]
        constraints = [models.UniqueConstraint(fields=["submission", "reviewer"], name="one_scorecard_per_reviewer")]

    def __str__(self) -> str:
        return f"scorecard of submission {self.submission_id} by {self.reviewer_id}"

    @property
    def average(self) -> float | None:
        values = [int(v) for v in self.scores.values() if isinstance(v, int)]
        return sum(values) / len(values) if values else None


class ScorecardRevision(models.Model):
    """A submitted scorecard as it stood before an amendment: amending keeps the history."""

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="revisions")
    scores = models.JSONField(default=dict)
    notes = models.TextField(blank=True)
    recommendation = models.CharField(max_length=10, blank=True)
    submitted_at = models.DateTimeField()
    replaced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["replaced_at", "id"]

    def __str__(self) -> str:
        return f"revision of {self.scorecard_id}"


class Decision(models.Model):
    """A decision on a candidate (advance, hold, reject) with its reason; the newest one is in force and
    the earlier ones stay as its history. The candidate's state itself belongs to the assessments app."""

    class Outcome(models.TextChoices):
        ADVANCE = "advance", "Advance"
        HOLD = "hold", "Hold"
        REJECT = "reject", "Reject"

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    candidate = models.ForeignKey("assessments.Candidate", on_delete=models.CASCADE, related_name="decisions")
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    reason = models.TextField(max_length=MAX_COMMENT_CHARS)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    by_label = models.CharField(max_length=200)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.outcome} for candidate {self.candidate_id}"


class BlindReview(models.Model):
    """Blind review is on for an assessment while this row exists (set by its admins and owners)."""

    assessment = models.OneToOneField("assessments.Assessment", on_delete=models.CASCADE, related_name="+")
    enabled_by = models.CharField(max_length=200)
    enabled_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"blind review of assessment {self.assessment_id}"


class IdentityReveal(models.Model):
    """An owner showed a blinded candidate's identity to the whole team before a decision."""

    candidate = models.OneToOneField("assessments.Candidate", on_delete=models.CASCADE, related_name="+")
    by_label = models.CharField(max_length=200)
    at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"identity of candidate {self.candidate_id} revealed"


# Part 3: the optional AI reviewer (docs/ai-review.md) ------------------------------------------------


class AIReviewer(models.Model):
    """An organization's reviewer model: an OpenAI-compatible chat-completions endpoint that writes a narrative
    of each graded report. Off until an owner turns it on; the key is stored encrypted and never shown back."""

    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="+")
    enabled = models.BooleanField(default=False)
    base_url = models.URLField(max_length=500, blank=True)
    model = models.CharField(max_length=200, blank=True)
    # Fernet token of the key (assay.reviews.services.ai_settings); empty for a server that needs none.
    api_key_encrypted = models.TextField(blank=True)
    submission_token_budget = models.PositiveIntegerField(default=20_000)
    monthly_token_budget = models.PositiveIntegerField(default=1_000_000)
    changed_by = models.CharField(max_length=200, blank=True)
    changed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"AI reviewer of organization {self.organization_id}"


class Narrative(models.Model):
    """What the AI reviewer wrote about one grading run: strengths, risks and interview questions, each with
    the findings or files it cites, or why there is none. It never holds or changes a score."""

    class State(models.TextChoices):
        PENDING = "pending", "Waiting to be written"
        WRITING = "writing", "Being written"
        WRITTEN = "written", "Written"
        NONE = "none", "No narrative"

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="narratives")
    run = models.OneToOneField("grading.GradingRun", on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    reason = models.TextField(blank=True)  # why there is no narrative
    # {"strengths": [{"text", "citations"}], "risks": [...], "interview_questions": [...]}
    content = models.JSONField(default=dict)
    dropped = models.PositiveIntegerField(default=0)  # items left out for citing nothing real
    left_out = models.JSONField(default=list)  # files not sent to fit the budget
    model = models.CharField(max_length=200, blank=True)
    tokens_used = models.PositiveIntegerField(default=0)
    # Held against the budgets while the endpoint is asked, so two narratives at once cannot overspend.
    tokens_reserved = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)  # when a worker claimed it
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["organization", "created_at"], name="narrative_org_month")]

    def __str__(self) -> str:
        return f"narrative of run {self.run_id}"
