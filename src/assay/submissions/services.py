"""Freezing a candidate's files into a submission, and getting them back out."""

from __future__ import annotations

import hashlib
import io
import tarfile
from pathlib import Path

from assay import storage
from assay.accounts.models import Organization
from assay.challenges.models import ChallengeVersion
from assay.errors import InvalidInput
from assay.submissions.models import Submission

MAX_SNAPSHOT_BYTES = 200 * 1024 * 1024
SKIPPED = {".git"}


def snapshot_bytes(source: Path) -> bytes:
    """A gzipped tar of ``source`` without its .git folder; symlinks are kept as links, never followed."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz", compresslevel=6) as archive:
        for path in sorted(source.rglob("*")):
            relative = path.relative_to(source)
            if relative.parts[0] in SKIPPED:
                continue
            archive.add(path, arcname=str(relative), recursive=False)
    return buffer.getvalue()


def create_submission(
    *,
    organization: Organization,
    challenge_version: ChallengeVersion,
    stack: str,
    label: str,
    archive: bytes,
    source: str = Submission.Source.PUSH,
    commit: str = "",
) -> Submission:
    """Store the archive and create the queued submission (the caller enqueues its grading on commit)."""
    if stack not in challenge_version.stacks:
        choices = ", ".join(challenge_version.stacks)
        raise InvalidInput(f"This challenge takes {choices}, not {stack!r}.", fields={"stack": [f"One of {choices}."]})
    if len(archive) > MAX_SNAPSHOT_BYTES:
        raise InvalidInput(f"The files are over {MAX_SNAPSHOT_BYTES // (1024 * 1024)} MB compressed.")
    digest = hashlib.sha256(archive).hexdigest()
    relative = f"submissions/{organization.pk}/{digest}.tar.gz"
    # Stored before the row exists: a submission in the database always has its files (backups rely on it).
    storage.save(relative, archive)
    return Submission.objects.create(
        organization=organization,
        challenge_version=challenge_version,
        stack=stack,
        label=label,
        source=source,
        commit=commit,
        archive=relative,
        archive_sha256=digest,
        archive_bytes=len(archive),
    )


def extract_snapshot(submission: Submission, dest: Path) -> Path:
    """Unpack the submission's files into ``dest`` (tar's 'data' filter: no absolute paths, no escapes)."""
    data = storage.read(submission.archive)
    if hashlib.sha256(data).hexdigest() != submission.archive_sha256:
        raise RuntimeError(f"The stored files of submission {submission.pk} do not match their checksum.")
    dest.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        archive.extractall(dest, filter="data")
    return dest


def archive_path(submission: Submission) -> Path:
    """A path on this machine to the submission's gzipped tar (read-only: the snapshot never changes)."""
    return storage.local_path(submission.archive, submission.archive_sha256)
