"""Importing a hiring team's own challenge package from an archive.

The archive is unpacked into a private temporary folder, the package in it is validated for format
(errors name the file and field, as `assay challenges validate` prints them), and only then is it
stored, by the same whole-or-nothing copy the shared library uses. A refused import leaves nothing.
Its new version waits for validation through the real grader before anyone can be invited to it.
Like every service, this never commits: the caller owns the transaction.
"""

from __future__ import annotations

import fcntl
import os
import tarfile
import tempfile
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.core.files import File
from django.db import IntegrityError, transaction

from assay.accounts.access import Actor, require_role
from assay.accounts.roles import Role
from assay.challenges import archive
from assay.challenges.models import Challenge, ChallengeVersion, team_store
from assay.challenges.package import PackageErrors, load_package
from assay.challenges.services import NEW, UPDATED, Loaded, store_package
from assay.challenges.signals import version_imported
from assay.errors import Conflict


@dataclass(frozen=True)
class Imported:
    loaded: Loaded
    version: ChallengeVersion


def import_archive(actor: Actor, upload: Path) -> Imported:
    """Import the package in the archive ``upload`` into the actor's organization (admins and owners)."""
    require_role(actor, Role.ADMIN, "import challenges")
    store = team_store(actor.organization.id)
    store.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".incoming-", dir=store) as incoming:
        unpacked = Path(incoming) / "package"
        unpacked.mkdir()
        archive.unpack(upload, unpacked)
        root = archive.package_root(unpacked)
        try:
            package = load_package(root, slug=_declared_slug(root) or root.name)
        except PackageErrors as exc:  # named after the upload, never after the server's temporary folder
            raise PackageErrors(Path("The package"), exc.errors) from None
        if Challenge.objects.filter(organization=None, slug=package.slug).exists():
            raise Conflict(
                f"The shared library already has a challenge {package.slug!r}; give yours another slug.",
                fields={"archive": [f"challenge.toml: slug {package.slug!r} is taken by the shared library."]},
            )
        with _importing(store, package.slug), transaction.atomic():
            try:
                loaded = store_package(package, organization=actor.organization)
            except IntegrityError as exc:
                raise _busy(package.slug) from exc
    version = ChallengeVersion.objects.get(
        challenge__organization=actor.organization, challenge__slug=loaded.slug, content_hash=loaded.content_hash
    )
    if loaded.status in (NEW, UPDATED):
        transaction.on_commit(lambda: version_imported.send(ChallengeVersion, version_id=version.id))
    return Imported(loaded, version)


def import_upload(actor: Actor, upload: File | None) -> Imported:
    """Import an uploaded archive (the library page, the API): its size is checked before it is stored."""
    require_role(actor, Role.ADMIN, "import challenges")
    if upload is None:
        raise archive.ArchiveError("Attach the package as one archive (.zip, .tar or .tar.gz) in the field 'archive'.")
    if upload.size is None or upload.size > archive.MAX_ARCHIVE_BYTES:
        raise archive.ArchiveError(f"The archive is over the limit of {archive.MAX_ARCHIVE_BYTES // 2**20} MB.")
    with tempfile.TemporaryDirectory(prefix="assay-upload-") as scratch:
        path = Path(scratch) / "archive"
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        return import_archive(actor, path)


def archive_folder(folder: Path, dest: Path) -> Path:
    """A gzipped tar of ``folder``'s package (the command line imports a folder through the same checks)."""
    target = dest / f"{folder.name}.tar.gz"
    with tarfile.open(target, "w:gz") as tar:
        tar.add(folder, arcname=folder.name, filter=lambda info: None if "__pycache__" in info.name else info)
    return target


def _declared_slug(root: Path) -> str | None:
    """The slug challenge.toml declares, if it can be read; load_package reports it otherwise."""
    try:
        slug = tomllib.loads((root / "challenge.toml").read_text(encoding="utf-8")).get("slug")
    except (OSError, ValueError):
        return None
    return slug if isinstance(slug, str) else None


def _busy(slug: str) -> Conflict:
    return Conflict(
        f"Another import of {slug!r} is running; try again when it has finished.",
        fields={"archive": [f"{slug!r} is being imported right now."]},
    )


@contextmanager
def _importing(store: Path, slug: str) -> Iterator[None]:
    """One import of a slug at a time per organization: a second one at once is refused, not queued."""
    locks = store / ".locks"
    locks.mkdir(parents=True, exist_ok=True)
    fd = os.open(locks / f"{slug}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise _busy(slug) from exc
        yield
    finally:
        os.close(fd)
