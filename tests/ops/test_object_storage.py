"""Files a grading machine reads go through the object store: a real S3-compatible server (versitygw) on
loopback. The web side stores a submission's snapshot and the challenge version there; a grading machine with
its own empty data folder and cache fetches both from the store, grades, and fetches a version only once."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from assay.challenges.models import ChallengeVersion
from assay.challenges.services import load_library
from assay.grading import services
from assay.submissions.models import Submission
from assay.submissions.services import create_submission, snapshot_bytes
from tests.ops.object_store import VERSITYGW, ObjectStore, running_object_store

FIXTURES = Path(__file__).parents[1] / "challenges" / "fixtures"
pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ObjectStore]:
    if not VERSITYGW.exists():
        pytest.skip("the object store is not built (make install builds versitygw when go is installed)")
    with running_object_store(tmp_path / "bucket-root") as running:
        yield running


@pytest.fixture
def web_side(settings: object, store: ObjectStore, tmp_path: Path) -> ChallengeVersion:
    """The web machine: its own data folder, files in the object store, the tiny-api challenge loaded."""
    settings.STORAGES = {**settings.STORAGES, "artifacts": store.storage_setting()}  # type: ignore[attr-defined]
    settings.VAR_DIR = tmp_path / "web-var"  # type: ignore[attr-defined]
    settings.MEDIA_ROOT = tmp_path / "web-var" / "files"  # type: ignore[attr-defined]
    settings.ASSAY_FILE_CACHE_DIR = tmp_path / "web-cache"  # type: ignore[attr-defined]
    report = load_library(FIXTURES, ["tiny-api"])
    assert report.ok, report.refused
    return ChallengeVersion.objects.get(challenge__slug="tiny-api")


def become_grading_machine(settings: object, tmp_path: Path, name: str) -> Path:
    """Switch this process to a grading machine of its own: an empty data folder and an empty file cache."""
    settings.VAR_DIR = tmp_path / f"{name}-var"  # type: ignore[attr-defined]
    settings.MEDIA_ROOT = tmp_path / f"{name}-var" / "files"  # type: ignore[attr-defined]
    cache = tmp_path / f"{name}-cache"
    settings.ASSAY_FILE_CACHE_DIR = cache  # type: ignore[attr-defined]
    return cache


def submit(team: object, version: ChallengeVersion, capture: object) -> Submission:
    with capture(execute=True):  # type: ignore[operator]
        submission = create_submission(
            organization=team.organization,  # type: ignore[attr-defined]
            challenge_version=version,
            stack="python",
            label="Ada Lovelace",
            archive=snapshot_bytes(FIXTURES / "tiny-api" / "solutions" / "python"),
        )
        services.enqueue(submission)
    return submission


def run_worker() -> None:
    call_command("db_worker", queue_name="grading", batch=True, no_startup_delay=True, interval=0, verbosity=0)


def needs_sandbox() -> None:
    if shutil.which("bwrap") is None or os.geteuid() != 0:
        pytest.skip("grading needs bubblewrap and root")


def test_a_grading_machine_reads_the_snapshot_and_the_version_from_the_store_and_fetches_a_version_once(
    team: object,
    web_side: ChallengeVersion,
    store: ObjectStore,
    settings: object,
    tmp_path: Path,
    django_capture_on_commit_callbacks: object,
) -> None:
    needs_sandbox()
    submission = submit(team, web_side, django_capture_on_commit_callbacks)
    assert submission.archive in store.object_keys()
    assert web_side.archive_name in store.object_keys()
    assert not (tmp_path / "web-var" / "files").exists(), "with an object store nothing goes to the local disk"

    cache = become_grading_machine(settings, tmp_path, "worker")
    run_worker()
    submission.refresh_from_db()
    assert submission.state == Submission.State.GRADED, submission.runs.get().error
    assert submission.score is not None and submission.score >= 95
    fetched = cache / "versions" / web_side.content_hash
    assert (fetched / "challenge.toml").is_file()

    # Fetched once, then reused by its content hash: with the archive gone from the store, the same machine
    # still grades the version from its cache.
    store.client().delete_object(Bucket=store.bucket, Key=web_side.archive_name)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        services.regrade(submission)
    run_worker()
    assert [run.state for run in submission.runs.order_by("number")] == ["graded", "graded"]


def test_a_file_missing_from_the_store_fails_the_grading_with_a_clear_error(
    team: object,
    web_side: ChallengeVersion,
    store: ObjectStore,
    settings: object,
    tmp_path: Path,
    django_capture_on_commit_callbacks: object,
) -> None:
    submission = submit(team, web_side, django_capture_on_commit_callbacks)
    store.client().delete_object(Bucket=store.bucket, Key=web_side.archive_name)

    become_grading_machine(settings, tmp_path, "fresh-worker")
    run_worker()
    submission.refresh_from_db()
    assert submission.state == Submission.State.FAILED  # after its tries: a missing file does not come back
    missing = f"The stored file '{web_side.archive_name}' is missing from the file store."
    assert all(missing in run.error for run in submission.runs.all())


def test_another_web_machine_shows_and_serves_a_snapshot_it_never_wrote(
    team: Any,
    web_side: ChallengeVersion,
    store: ObjectStore,
    settings: object,
    tmp_path: Path,
    django_capture_on_commit_callbacks: object,
) -> None:
    submission = submit(team, web_side, django_capture_on_commit_callbacks)
    become_grading_machine(settings, tmp_path, "second-web")  # its own disk: only the store has the files

    page = team.client("admin").get(f"/submissions/{submission.pk}/code/")
    assert page.status_code == 200 and "app.py" in page.content.decode()
    download = team.api("admin").get(f"/api/v1/submissions/{submission.pk}/snapshot")
    assert download.status_code == 200
    assert hashlib.sha256(b"".join(download.streaming_content)).hexdigest() == submission.archive_sha256
