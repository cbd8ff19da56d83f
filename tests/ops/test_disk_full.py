"""The data directory's disk nearly full: a push, an upload or a submission is refused with a clear message and
nothing half-written stays. The candidate's repositories and stored files sit on a tmpfs of a few MB."""

from __future__ import annotations

import io
import os
import subprocess
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from assay.assessments.models import Candidate
from assay.assessments.services.workflow import repository_of
from assay.repos import services as repos
from assay.submissions.models import Submission
from tests.assessments.conftest import link_path
from tests.repos.conftest import Git

MB = 1024 * 1024
pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture
def small_disk(tmp_path: Path, settings: Any) -> Iterator[Path]:
    """An 8 MB filesystem holding the repositories and the stored files."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small filesystem needs root")
    disk = tmp_path / "small-disk"
    disk.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(disk)], check=True)
    settings.ASSAY_REPOS_DIR = disk / "repos"
    settings.MEDIA_ROOT = disk / "files"
    settings.ASSAY_MIN_FREE_MB = 0  # each test sets its margin once the challenge and the candidate are there
    try:
        yield disk
    finally:
        subprocess.run(["umount", "--lazy", str(disk)], check=False)


def fill(disk: Path, leave: int) -> Path:
    """Fill ``disk`` until only about ``leave`` bytes are free."""
    filler = disk / "filler"
    free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
    with filler.open("ab") as out:
        out.write(b"\0" * max(0, free - leave))
    return filler


def leftovers(folder: Path) -> list[str]:
    """What a write cut short would leave: git's quarantine and temporary packs, Assay's staging files."""
    patterns = ("incoming-*", "tmp_pack_*", "tmp_obj_*", ".saving-*")
    return sorted(str(p.relative_to(folder)) for pattern in patterns for p in folder.rglob(pattern))


def started(candidate: Candidate) -> Candidate:
    assert Client().post(link_path(candidate, "start/"), {"stack": "python"}).status_code == 302
    candidate.refresh_from_db()
    return candidate


def clone(candidate: Candidate, url: str, git: Git, tmp_path: Path) -> Path:
    work = tmp_path / "work"
    git("clone", "-q", repos.authenticated_clone_url(repository_of(candidate), url), str(work))
    return work


def main_of(candidate: Candidate) -> str | None:
    return repos.head_commit(repository_of(candidate))


def fsck(candidate: Candidate) -> None:
    checked = subprocess.run(
        ["git", "--git-dir", str(repos.git_dir(repository_of(candidate))), "fsck", "--full", "--strict"],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_a_push_onto_a_nearly_full_disk_is_refused_clearly_and_accepted_once_there_is_room(
    small_disk: Path, candidate: Candidate, asgi_url: str, git: Git, tmp_path: Path, settings: Any
) -> None:
    settings.ASSAY_MIN_FREE_MB = 2
    started(candidate)
    work = clone(candidate, asgi_url, git, tmp_path)
    before = main_of(candidate)
    pushed = git.commit_file(work, "notes.md", b"# Notes\n" * 1000)
    filler = fill(small_disk, leave=1 * MB)

    refused = git("push", "-q", "origin", "HEAD:main", cwd=work, check=False)
    assert refused.returncode != 0
    assert "The server is short of disk space, so this push was refused and nothing was changed" in refused.stderr
    assert main_of(candidate) == before
    assert leftovers(small_disk) == []
    fsck(candidate)

    filler.unlink()
    git("push", "-q", "origin", "HEAD:main", cwd=work)
    assert main_of(candidate) == pushed


def test_a_push_that_fills_the_disk_halfway_leaves_nothing_behind(
    small_disk: Path, candidate: Candidate, asgi_url: str, git: Git, tmp_path: Path, settings: Any
) -> None:
    """Below the margin (here none), git itself meets the full disk: the push fails and is undone whole."""
    settings.ASSAY_MIN_FREE_MB = 0
    started(candidate)
    work = clone(candidate, asgi_url, git, tmp_path)
    before = main_of(candidate)
    pushed = git.commit_file(work, "data.bin", os.urandom(3 * MB))  # random: the pack cannot shrink it
    filler = fill(small_disk, leave=MB)

    failed = git("push", "-q", "origin", "HEAD:main", cwd=work, check=False)
    assert failed.returncode != 0
    assert main_of(candidate) == before
    assert leftovers(small_disk) == []
    fsck(candidate)

    filler.unlink()
    git("push", "-q", "origin", "HEAD:main", cwd=work)
    assert main_of(candidate) == pushed


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_an_upload_onto_a_nearly_full_disk_is_refused_with_a_page_that_says_so(
    small_disk: Path, candidate: Candidate, settings: Any
) -> None:
    settings.ASSAY_MIN_FREE_MB = 2
    started(candidate)
    before = main_of(candidate)
    fill(small_disk, leave=1 * MB)

    upload = SimpleUploadedFile("work.zip", zipped({"app.py": b"print('hi')\n"}))
    response = Client().post(link_path(candidate, "upload/"), {"archive": upload})
    assert response.status_code == 507
    assert "The server is short of disk space, so the upload was refused" in response.content.decode()
    assert main_of(candidate) == before
    assert leftovers(small_disk) == []
    fsck(candidate)


@pytest.mark.parametrize("margin_mb", [2, 0], ids=["refused-up-front", "disk-filled-while-writing"])
def test_a_submission_onto_a_full_disk_is_refused_and_the_candidate_can_submit_later(
    small_disk: Path,
    candidate: Candidate,
    settings: Any,
    margin_mb: int,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    settings.ASSAY_MIN_FREE_MB = margin_mb
    started(candidate)
    upload = SimpleUploadedFile("work.zip", zipped({"app.py": b"print('hi')\n", "data.bin": os.urandom(MB)}))
    assert Client().post(link_path(candidate, "upload/"), {"archive": upload}).status_code == 302
    filler = fill(small_disk, leave=MB // 2)

    response = Client().post(link_path(candidate, "submit/"))
    assert response.status_code == 507
    assert "disk space" in response.content.decode()
    candidate.refresh_from_db()
    assert candidate.state == "started" and candidate.submission is None
    assert not Submission.objects.exists()
    assert leftovers(small_disk) == []
    assert not list((small_disk / "files").glob("submissions/**/*.tar.gz"))

    filler.unlink()
    with django_capture_on_commit_callbacks(execute=False):
        assert Client().post(link_path(candidate, "submit/")).status_code == 302
    candidate.refresh_from_db()
    assert candidate.state == "submitted" and candidate.submission is not None
