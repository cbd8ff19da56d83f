"""Loading the library folder into the database, and browsing what was loaded.

Loading is idempotent and versioned by content hash: an unchanged package adds nothing, a changed
one adds a version beside the old (which stays usable), and a broken one adds nothing of itself
while the other packages still load. Like every service, this never commits: the caller owns the
transaction (each package is loaded in its own savepoint).
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from assay.accounts.models import Organization
from assay.challenges import files, stored
from assay.challenges.models import Challenge, ChallengeVersion, Validation
from assay.challenges.package import ChallengePackage, PackageError, PackageErrors, load_package
from assay.challenges.signals import version_stored

NEW, UPDATED, UNCHANGED, REVERTED = "new", "updated", "unchanged", "reverted"


def default_library_dir() -> Path:
    """``ASSAY_LIBRARY_DIR`` (the settings default it to the ``challenges/`` folder of the source checkout)."""
    return Path(settings.ASSAY_LIBRARY_DIR)


@dataclass(frozen=True)
class Loaded:
    slug: str
    content_hash: str
    status: str  # new | updated | unchanged | reverted


@dataclass
class LoadReport:
    loaded: list[Loaded] = field(default_factory=list)
    refused: dict[str, list[PackageError]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.refused


def package_dirs(library_dir: Path) -> list[Path]:
    """The package folders of a library: its visible subfolders."""
    if not library_dir.is_dir():
        raise PackageErrors(library_dir, [PackageError(str(library_dir), "", "is not a folder")])
    return sorted(p for p in library_dir.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


def load_library(library_dir: Path, slugs: list[str] | None = None) -> LoadReport:
    """Load every package of ``library_dir`` (or only ``slugs``) as a version of its challenge."""
    report = LoadReport()
    for root in package_dirs(library_dir):
        if slugs and root.name not in slugs:
            continue
        try:
            package = load_package(root)
            with transaction.atomic():
                report.loaded.append(store_package(package))
        except PackageErrors as exc:
            report.refused[root.name] = exc.errors
    return report


def store_package(package: ChallengePackage, organization: Organization | None = None) -> Loaded:
    """Record ``package`` as its challenge's current version, copying its files unless already stored.

    With an ``organization``, the challenge is that hiring team's own and its new version waits for validation.
    """
    challenge, _ = Challenge.objects.select_for_update().get_or_create(organization=organization, slug=package.slug)
    version = challenge.versions.filter(content_hash=package.content_hash).first()
    if version is not None:
        _ensure_files(package, version.files_dir)
        stored.publish(version.files_dir, version.archive_name)
        status = UNCHANGED if challenge.current_version_id == version.id else REVERTED
    else:
        status = UPDATED if challenge.current_version_id else NEW
        version = _create_version(challenge, package)
        stored_id = version.id
        if organization is None:  # a team's version is calibrated by its validation (see imports.py)
            transaction.on_commit(lambda: version_stored.send(ChallengeVersion, version_id=stored_id))
    if challenge.current_version_id != version.id:
        challenge.current_version = version
        challenge.save(update_fields=["current_version"])
    return Loaded(package.slug, package.content_hash, status)


def _create_version(challenge: Challenge, package: ChallengePackage) -> ChallengeVersion:
    dest = challenge.store / package.slug / package.content_hash
    _ensure_files(package, dest)
    version = ChallengeVersion(
        challenge=challenge,
        validation=Validation.PASSED if challenge.organization_id is None else Validation.PENDING,
        content_hash=package.content_hash,
        manifest=package.manifest,
        title=package.title,
        summary=package.summary,
        category=package.category,
        skills=list(package.skills),
        difficulty=package.difficulty,
        suggested_minutes=package.suggested_minutes,
        stacks=list(package.stacks),
        services=list(package.services),
        weights=package.weights,
        brief=package.brief_path.read_text(encoding="utf-8"),
        checks_per_skill=package.checks_per_skill(),
    )
    # Published before the row exists, so a grading machine always finds the files of a version it is given.
    stored.publish(dest, version.archive_name)
    version.save()
    return version


def _ensure_files(package: ChallengePackage, dest: Path) -> None:
    """Copy the package to ``dest`` unless a copy is there; the copy appears whole or not at all."""
    if dest.is_dir():
        return
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".loading-", dir=dest.parent))
    try:
        files.copy_files(package.root, staging)
        copied = files.content_hash(staging)
        if copied != package.content_hash:
            raise PackageErrors(
                package.root, [PackageError(".", "", "changed while it was being loaded; load it again")]
            )
        staging.rename(dest)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


# --- browsing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class LibraryFilter:
    category: str = ""
    skill: str = ""
    stack: str = ""
    difficulty: str = ""


def browse(challenges: list[Challenge], wanted: LibraryFilter) -> list[ChallengeVersion]:
    """The current versions of ``challenges`` that match every filter given, by title."""
    versions = [c.current_version for c in challenges if c.current_version is not None]
    matching = [
        v
        for v in versions
        if (not wanted.category or v.category == wanted.category)
        and (not wanted.difficulty or v.difficulty == wanted.difficulty)
        and (not wanted.skill or wanted.skill in v.skills)
        and (not wanted.stack or wanted.stack in v.stacks)
    ]
    return sorted(matching, key=lambda v: v.title.lower())
