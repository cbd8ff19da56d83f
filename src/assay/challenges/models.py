"""The loaded library: a challenge and its versions, one per distinct content of its package.

A challenge is either shared (the library shipped with Assay, no organization) or a hiring team's own
(imported into one organization, seen by no other). A version is immutable: its files are copied to
``VAR_DIR/library/<slug>/<content_hash>/`` (shared) or ``VAR_DIR/team-library/<organization id>/<slug>/
<content_hash>/`` (a team's) and never change, so an assessment that started on it keeps grading
against exactly what it started with.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils import timezone

from assay.challenges import stored
from assay.challenges.package import ChallengePackage, load_package


def library_store() -> Path:
    """Where the shared library's versions' files live."""
    return Path(settings.VAR_DIR) / "library"


def team_store(organization_id: int) -> Path:
    """Where one organization's own challenges' files live: never beside another organization's."""
    return Path(settings.VAR_DIR) / "team-library" / str(organization_id)


class Validation(models.TextChoices):
    PENDING = "pending", "Pending validation"
    RUNNING = "running", "Validating"
    PASSED = "passed", "Validated"
    FAILED = "failed", "Validation failed"


class Challenge(models.Model):
    # NULL: the shared library every organization sees; otherwise the hiring team that imported it.
    organization = models.ForeignKey(
        "accounts.Organization", null=True, blank=True, on_delete=models.CASCADE, related_name="challenges"
    )
    slug = models.SlugField(max_length=100)
    # The version new assessments get: the one most recently loaded from the library folder.
    current_version = models.ForeignKey(
        "ChallengeVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["slug"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "slug"], name="challenge_unique_slug_per_organization"),
            models.UniqueConstraint(
                fields=["slug"], condition=models.Q(organization__isnull=True), name="challenge_unique_shared_slug"
            ),
        ]

    def __str__(self) -> str:
        return self.slug

    @property
    def store(self) -> Path:
        return library_store() if self.organization_id is None else team_store(self.organization_id)

    @property
    def store_prefix(self) -> str:
        """The same place in the file store (see assay.challenges.stored)."""
        return "library" if self.organization_id is None else f"team-library/{self.organization_id}"


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
    # The shared library is validated in CI before it ships; a team's version waits for its own validation.
    validation = models.CharField(max_length=10, choices=Validation.choices, default=Validation.PASSED)
    # What the validation found (assay.grading.validation's outcome, as JSON), shown on the challenge page.
    validation_report = models.JSONField(default=dict, blank=True)
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
        return self.challenge.store / self.challenge.slug / self.content_hash

    @property
    def archive_name(self) -> str:
        """The version's files as one archive in the file store, for machines that lack ``files_dir``."""
        return f"{self.challenge.store_prefix}/{self.challenge.slug}/{self.content_hash}.tar.gz"

    def local_files_dir(self) -> Path:
        """``files_dir`` on the machine that loaded the version; elsewhere a cached copy from the file store."""
        return stored.local_files(self.files_dir, self.archive_name, self.content_hash)

    @property
    def invitable(self) -> bool:
        return self.validation == Validation.PASSED

    def package(self) -> ChallengePackage:
        """The stored copy of this version, parsed (what the grader and assessments use).

        A team's package is marked untrusted: its hidden tests then run sandboxed, not as platform code."""
        package = load_package(self.local_files_dir(), slug=self.challenge.slug)
        return replace(package, untrusted=self.challenge.organization_id is not None)
