"""Candidate repositories: creating them, their credentials and write policy, reading and writing their files.

Repositories know nothing of assessments: an assessment creates one, opens or closes it, and reads
``head_commit`` and ``snapshot`` when the candidate submits. None of these functions commits a transaction.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import shutil
import tempfile
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from assay import storage
from assay.accounts.models import Organization
from assay.errors import Conflict, InvalidInput, NotFound
from assay.repos import archives
from assay.repos.git import ASSAY, CANDIDATE, MAIN, ZERO, commit_work_tree, git, repos_dir, resolve
from assay.repos.hooks import install_hooks
from assay.repos.models import DEFAULT_MAX_PUSH_BYTES, Repository
from assay.repos.signals import repository_pushed

USERNAME = "candidate"
DEFAULT_CLOSED_MESSAGE = "This repository no longer accepts changes."
COMMIT = re.compile(r"^[0-9a-f]{7,64}$")
CONFIG = {
    "http.receivepack": "true",
    "uploadpack.allowFilter": "true",
    "receive.fsckObjects": "true",
    "receive.denyDeletes": "true",
    # A reflog in a bare repository keeps what a force-push replaced, for the team to look at.
    "core.logAllRefUpdates": "always",
}


def git_dir(repository: Repository) -> Path:
    return repos_dir() / repository.path


def create_repository(
    organization: Organization, *, name: str, starter: Path, message: str = "Start the assessment"
) -> Repository:
    """A bare repository whose first commit on main holds the starter's files, by Assay <assay@localhost>.

    It is built beside its final place and renamed into it, so nobody ever sees a half-made repository.
    """
    if not starter.is_dir():
        raise InvalidInput(f"The starter folder {starter} does not exist.")
    public_id = uuid.uuid4()
    relative = f"{organization.pk}/{public_id}.git"
    final = repos_dir() / relative
    final.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=".building-", dir=final.parent))
    try:
        _init_bare(building, max_push_bytes=DEFAULT_MAX_PUSH_BYTES)
        commit = commit_work_tree(building, starter, message=message, author=ASSAY, parent=None)
        git(building, "update-ref", "-m", "created by Assay", MAIN, commit, ZERO)
        building.rename(final)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return Repository.objects.create(public_id=public_id, organization=organization, name=name, path=relative)


def _init_bare(path: Path, *, max_push_bytes: int) -> None:
    git(path, "init", "--bare", "--quiet", "--initial-branch=main", "--template=", str(path))
    for key, value in {**CONFIG, "receive.maxInputSize": str(max_push_bytes)}.items():
        git(path, "config", key, value)
    install_hooks(path)


# Credentials and URLs -------------------------------------------------------------------------


def credentials(repository: Repository) -> tuple[str, str]:
    """HTTP basic credentials for this one repository, recomputable at any time from SECRET_KEY."""
    return USERNAME, password_for(repository.public_id)


def password_for(public_id: uuid.UUID) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), f"repo:{public_id}".encode(), hashlib.sha256).digest()
    return base64.b32encode(digest).decode().rstrip("=").lower()


def credentials_match(public_id: uuid.UUID, username: str, password: str) -> bool:
    expected = password_for(public_id)
    return hmac.compare_digest(username.encode(), USERNAME.encode()) & hmac.compare_digest(
        password.encode(), expected.encode()
    )


def clone_url(repository: Repository, base_url: str) -> str:
    """Where `git clone` finds the repository, e.g. https://assay.example.com/git/<public_id>.git."""
    path = reverse("repos:info-refs", kwargs={"public_id": repository.public_id}).removesuffix("/info/refs")
    return base_url.rstrip("/") + path


def authenticated_clone_url(repository: Repository, base_url: str) -> str:
    """The clone URL with the credentials in it, for a copy-paste `git clone`."""
    parts = urlsplit(clone_url(repository, base_url))
    username, password = credentials(repository)
    return urlunsplit(parts._replace(netloc=f"{username}:{password}@{parts.netloc}"))


# Policy and pushes ----------------------------------------------------------------------------


def set_write_policy(repository: Repository, *, open: bool, message: str = "") -> None:
    """Open or close the repository to pushes and uploads; ``message`` is what a refused git client shows.

    It takes effect with the next push: the smart-HTTP view hands the row's policy to git on every push.
    """
    repository.write_policy = Repository.WritePolicy.OPEN if open else Repository.WritePolicy.CLOSED
    repository.closed_message = "" if open else message.strip()
    repository.save(update_fields=["write_policy", "closed_message"])


def closed_message(repository: Repository) -> str:
    return repository.closed_message or DEFAULT_CLOSED_MESSAGE


def record_push(repository: Repository, commit: str) -> None:
    """Main moved to ``commit`` (a push or an upload): note when, and tell the listeners."""
    now = timezone.now()
    Repository.objects.filter(pk=repository.pk).update(last_push_at=now)
    repository.last_push_at = now
    repository_pushed.send(sender=Repository, repository=repository, commit=commit)


# Reading ---------------------------------------------------------------------------------------


def head_commit(repository: Repository) -> str | None:
    """The sha of refs/heads/main, or None if main does not exist."""
    return resolve(git_dir(repository), MAIN)


def snapshot(repository: Repository, commit: str) -> bytes:
    """A gzipped tar of the files at ``commit`` (what the submissions app stores)."""
    if not COMMIT.match(commit) or resolve(git_dir(repository), f"{commit}^{{commit}}") is None:
        raise NotFound(f"No commit {commit[:64]!r} in this repository.")
    return git(git_dir(repository), "archive", "--format=tar.gz", commit).stdout


# Uploading an archive instead of pushing ------------------------------------------------------


def import_archive(repository: Repository, data: bytes, filename: str) -> str:
    """Commit the files of an uploaded zip or tar as the new tree of main, by Candidate; return the commit.

    Refused as a whole (InvalidInput naming the entry) if any entry could escape, is not a plain file, folder
    or inside link, or breaks the size limits; Conflict if the repository is closed or main moved meanwhile.
    """
    repository.refresh_from_db(fields=["write_policy", "closed_message", "max_push_bytes", "max_file_bytes"])
    if not repository.is_open:
        raise Conflict(closed_message(repository))
    filename = re.sub(r"\s+", " ", filename).strip()[:200] or "an archive"
    limits = archives.Limits(total_bytes=repository.max_push_bytes, file_bytes=repository.max_file_bytes)
    path, parent = git_dir(repository), head_commit(repository)
    storage.require_free_space(path, len(data), "the upload")
    with tempfile.TemporaryDirectory(prefix="assay-upload-") as folder:
        root = archives.unpack(data, filename, Path(folder).resolve(), limits)
        commit = commit_work_tree(path, root, message=f"Uploaded {filename}", author=CANDIDATE, parent=parent)
    moved = git(path, "update-ref", "-m", f"upload {filename}", MAIN, commit, parent or ZERO, check=False)
    if moved.returncode != 0:
        raise Conflict("The repository changed while the upload was processed (a push?); upload again.")
    record_push(repository, commit)
    return commit
