"""A challenge version's files as one archive in the file store, and a grading machine's copy of them.

The web side keeps each version's files under ``VAR_DIR`` (where it loaded them) and publishes them once as
an archive named by the content hash. A machine without that folder (a grading machine of its own) fetches
the archive once into ``ASSAY_FILE_CACHE_DIR/versions/<content hash>`` and reuses it for every later grading: a
version never changes, so its copy never goes stale.
"""

from __future__ import annotations

import io
import shutil
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings

from assay import storage
from assay.challenges import files


def publish(files_dir: Path, name: str) -> None:
    """Store ``files_dir`` as the gzipped tar ``name`` unless the store has it already."""
    if storage.artifacts().exists(name):
        return
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for path in files.walk(files_dir):
            archive.add(path, arcname=str(path.relative_to(files_dir)), recursive=False)
    storage.save(name, buffer.getvalue())


def local_files(files_dir: Path, name: str, content_hash: str) -> Path:
    """A folder on this machine with the version's files: ``files_dir`` when this machine loaded it, else the
    cached copy of its archive (fetched from the store the first time)."""
    if files_dir.is_dir():
        return files_dir
    cached = Path(settings.ASSAY_FILE_CACHE_DIR) / "versions" / content_hash
    if not cached.is_dir():
        _fetch(name, content_hash, cached)
    return cached


def _fetch(name: str, content_hash: str, dest: Path) -> None:
    data = storage.read(name)
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".fetching-", dir=dest.parent))
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
            archive.extractall(staging, filter="data")
        if files.content_hash(staging) != content_hash:
            raise RuntimeError(f"The stored challenge version {name!r} does not match its content hash.")
        staging.chmod(0o755)  # the sandbox's unprivileged user reads the cache too
        try:
            staging.rename(dest)
        except OSError:  # another grading on this machine fetched it first: theirs is the same
            if not dest.is_dir():
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
