"""The loaded library: a challenge and its versions, one per distinct content of its package.

A version is immutable: its files are copied to ``VAR_DIR/library/<slug>/<content_hash>/`` and never
change, so an assessment that started on it keeps grading against exactly what it started with.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils import timezone

from assay.challenges.package import ChallengePackage, load_package


def library_store() -> Path:
    """Where loaded versions' files live."""
    return Path(settings.VAR_DIR) / "library"


class Challenge(models.Model):
    slug = models.SlugField(max_length=100, unique=True)
    # The version new assessments get: the one most recently loaded from the library folder.
    current_version = models.ForeignKey(
        "ChallengeVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.slug


class ChallengeVersion(models.Model):
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="versions")
    content_hash = models.CharField(max_length=64)
    manifest = models.JSONField()
    title = models.CharField(max_length=200)
    summary = models.TextField()
    category = models.CharField(max_length=20)
    skills = models.JSONField()
    difficulty = models.CharField(max_length=20)
    suggested_minutes = models.PositiveIntegerField()
    stacks = models.JSONField()
    services = models.JSONField()
    brief = models.TextField()
    # {"hidden_tests": 75.0, ...}: every suite's weight, as parsed (the load weight may sit in [grading.load]).
    weights = models.JSONField(default=dict)
    # {"api_design": 12, ...}: how many hidden checks measure each skill, never their names.
    checks_per_skill = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["challenge", "content_hash"], name="challenge_version_unique_content"),
        ]

    def __str__(self) -> str:
        return f"{self.challenge.slug}@{self.content_hash[:12]}"

    @property
    def files_dir(self) -> Path:
        return library_store() / self.challenge.slug / self.content_hash

    def package(self) -> ChallengePackage:
        """The stored copy of this version, parsed (what the grader and assessments use)."""
        return load_package(self.files_dir, slug=self.challenge.slug)
