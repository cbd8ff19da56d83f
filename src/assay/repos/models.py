"""A candidate's bare git repository on disk, and the write policy it carries."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone

from assay.accounts.models import Organization

MB = 1024 * 1024
DEFAULT_MAX_PUSH_BYTES = 50 * MB
DEFAULT_MAX_FILE_BYTES = 10 * MB


class Repository(models.Model):
    """One bare repository under ``ASSAY_REPOS_DIR``; ``path`` is relative to it.

    The write policy and limits live here, not on disk: the smart-HTTP view hands them to git for each push,
    so the row is the only truth. Repositories know nothing of assessments; an assessment sets the policy.
    """

    class WritePolicy(models.TextChoices):
        OPEN = "open", "Accepts pushes"
        CLOSED = "closed", "Read-only"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="repositories")
    name = models.CharField(max_length=200)
    path = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=timezone.now)
    write_policy = models.CharField(max_length=6, choices=WritePolicy.choices, default=WritePolicy.OPEN)
    closed_message = models.TextField(blank=True, help_text="What the git client shows when a push is refused.")
    max_push_bytes = models.PositiveBigIntegerField(default=DEFAULT_MAX_PUSH_BYTES)
    max_file_bytes = models.PositiveBigIntegerField(default=DEFAULT_MAX_FILE_BYTES)
    last_push_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "repositories"

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.write_policy == self.WritePolicy.OPEN
