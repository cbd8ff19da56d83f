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
