"""The files a grading machine reads: submitted snapshots and challenge versions (as archives).

They go through Django's storage API, the "artifacts" storage: a folder on the local disk (``MEDIA_ROOT``) by
default, an S3-compatible object store (django-storages) when ``ASSAY_S3_BUCKET`` is set, so that grading
machines need no disk shared with the web side. Every name is content-addressed and written once: the same
name always holds the same bytes, so a copy fetched to a machine's cache never goes stale.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage, Storage, storages

from assay.errors import AssayError, NotFound

STORAGE_NAME = "artifacts"
MB = 1024 * 1024
logger = logging.getLogger(__name__)


class MissingFile(NotFound):
    """A file the database names is not in the store (deleted by hand, or a store that lost it)."""


class OutOfSpace(AssayError):
    status = 507
    title = "Out of disk space"
    slug = "out-of-space"


def require_free_space(folder: Path, incoming: int, what: str) -> None:
    """Refuse ``what`` (OutOfSpace) when ``incoming`` bytes would leave the disk of ``folder`` with less than
    ``ASSAY_MIN_FREE_MB`` free: a write refused up front changes nothing, one that hits a full disk halfway
    through leaves its writer to clean up."""
    while not folder.exists():
        folder = folder.parent
    free = shutil.disk_usage(folder).free
    if free - incoming >= settings.ASSAY_MIN_FREE_MB * MB:
        return
    margin = settings.ASSAY_MIN_FREE_MB
    logger.error("Refused %s: %s has %d MB free (ASSAY_MIN_FREE_MB is %d)", what, folder, free // MB, margin)
    raise OutOfSpace(
        f"The server is short of disk space, so {what} was refused and nothing was changed. Try again later."
    )


def artifacts() -> Storage:
    return storages[STORAGE_NAME]


def is_remote() -> bool:
    """True when the files live in an object store (no local path to hand out)."""
    return not isinstance(artifacts(), FileSystemStorage)


def save(name: str, data: bytes) -> None:
    """Store ``data`` under ``name`` unless it is there already (same name, same bytes)."""
    store = artifacts()
    if store.exists(name):
        return
    if isinstance(store, FileSystemStorage):
        require_free_space(Path(store.location), len(data), "storing the files")
    try:
        store.save(name, ContentFile(data))
    except OSError as error:
        if error.errno == errno.ENOSPC:
            raise OutOfSpace("The server ran out of disk space while storing the files; nothing was stored.") from error
        raise


def read(name: str) -> bytes:
    """The bytes stored under ``name``; :class:`MissingFile` when the store has none."""
    with open_file(name) as handle:
        return handle.read()


def open_file(name: str) -> IO[bytes]:
    try:
        return artifacts().open(name, "rb")
    except FileNotFoundError:
        raise MissingFile(f"The stored file {name!r} is missing from the file store.") from None


def delete(name: str) -> None:
    artifacts().delete(name)
    _cached(name).unlink(missing_ok=True)


def local_path(name: str, sha256: str = "") -> Path:
    """A path on this machine holding the file: the file itself on the local disk, else a copy in the cache.

    With ``sha256``, a fetched copy is checked before it is kept (a corrupt download is never cached)."""
    store = artifacts()
    if isinstance(store, FileSystemStorage):
        path = Path(store.path(name))
        if not path.is_file():
            raise MissingFile(f"The stored file {name!r} is missing from the file store.")
        return path
    cached = _cached(name)
    if not cached.is_file():
        _fetch(name, cached, sha256)
    return cached


def _cached(name: str) -> Path:
    return Path(settings.ASSAY_FILE_CACHE_DIR) / "artifacts" / name


def _fetch(name: str, dest: Path, sha256: str) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, staging = tempfile.mkstemp(prefix=".fetching-", dir=dest.parent)
    try:
        digest = hashlib.sha256()
        with os.fdopen(fd, "wb") as out, open_file(name) as source:
            for chunk in iter(lambda: source.read(1024 * 1024), b""):
                digest.update(chunk)
                out.write(chunk)
        if sha256 and digest.hexdigest() != sha256:
            raise RuntimeError(f"The stored file {name!r} does not match its checksum.")
        os.chmod(staging, 0o644)  # the sandbox's unprivileged user reads the cache too
        os.replace(staging, dest)
    finally:
        Path(staging).unlink(missing_ok=True)


class LocalArtifacts(FileSystemStorage):
    """The local-disk store: a file appears whole or not at all (written beside, then renamed into place).

    Django's own FileSystemStorage writes in place, so a full disk would leave half a file under its final
    name; and since names are content-addressed, writing over an existing name is harmless."""

    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        return name

    def _save(self, name: str, content: File[Any]) -> str:
        full = Path(self.path(name))
        full.parent.mkdir(parents=True, exist_ok=True)
        fd, staging = tempfile.mkstemp(prefix=".saving-", dir=full.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in content.chunks():
                    out.write(chunk)
            os.chmod(staging, self.file_permissions_mode or 0o644)
            os.replace(staging, full)
        finally:
            Path(staging).unlink(missing_ok=True)
        return name
