"""Grading as a task: the submission row holds the state, claims are exclusive, dead workers are recovered."""

from __future__ import annotations

import os
import shutil
import threading
from datetime import datetime, timedelta
from pathlib import Path

import jsonschema
import pytest
from django.core.management import call_command
from django.db import close_old_connections, connection
from django.utils import timezone

from assay.challenges.models import ChallengeVersion
from assay.challenges.services import load_library
from assay.grading import services
from assay.grading.models import GradingRun
from assay.grading.report import json_schema
from assay.grading.tasks import grade_submission
from assay.submissions.models import Submission
from assay.submissions.services import create_submission, snapshot_bytes

FIXTURES = Path(__file__).parents[1] / "challenges" / "fixtures"
pytestmark = [pytest.mark.django_db(transaction=True)]


def _needs_sandbox() -> None:
    if shutil.which("bwrap") is None or os.geteuid() != 0:
        if os.environ.get("ASSAY_REQUIRE_SANDBOX") == "1":
            pytest.fail("bubblewrap and root are required (ASSAY_REQUIRE_SANDBOX=1)")
        pytest.skip("grading needs bubblewrap and root")


@pytest.fixture
def version(settings: object, tmp_path: Path) -> ChallengeVersion:
    settings.VAR_DIR = tmp_path / "var"  # type: ignore[attr-defined]
    settings.MEDIA_ROOT = tmp_path / "files"  # type: ignore[attr-defined]
    report = load_library(FIXTURES, ["tiny-api"])
    assert report.ok, report.refused
    return ChallengeVersion.objects.get(challenge__slug="tiny-api")


def _submit(team: object, version: ChallengeVersion, folder: str = "solutions/python") -> Submission:
    archive = snapshot_bytes(FIXTURES / "tiny-api" / folder)
    return create_submission(
        organization=team.organization,  # type: ignore[attr-defined]
        challenge_version=version,
        stack="python",
        label="Ada Lovelace",
        archive=archive,
    )


def _run_worker() -> None:
    call_command("db_worker", queue_name="grading", batch=True, no_startup_delay=True, interval=0, verbosity=0)


def test_claim_is_exclusive_until_the_lease_runs_out(team: object, version: ChallengeVersion) -> None:
    submission = _submit(team, version)
    first = services.claim(submission.pk, "worker-a")
    assert first is not None
    assert services.claim(submission.pk, "worker-b") is None, "a held submission must not be claimed twice"

    Submission.objects.filter(pk=submission.pk).update(lease_expires_at=timezone.now() - timedelta(seconds=1))
    second = services.claim(submission.pk, "worker-b")
    assert second is not None and second.number == 2
    first.refresh_from_db()
    assert first.state == GradingRun.State.ABANDONED


def test_queued_submission_is_graded_by_a_worker_and_regrade_keeps_the_first_run(
    team: object, version: ChallengeVersion, django_capture_on_commit_callbacks: object
) -> None:
    _needs_sandbox()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        submission = _submit(team, version)
        services.enqueue(submission)
    _run_worker()

    submission.refresh_from_db()
    assert submission.state == Submission.State.GRADED
    assert submission.score is not None and submission.score >= 95
    run = submission.runs.get()
    assert [s.name for s in run.stages.all()][:3] == ["snapshot", "setup", "static"]
    assert run.report["score"] == submission.score
    jsonschema.validate(run.report, json_schema())

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        services.regrade(submission)
    _run_worker()
    runs = list(submission.runs.order_by("number"))
    assert [r.number for r in runs] == [1, 2]
    assert all(r.state == GradingRun.State.GRADED for r in runs)


def test_a_submission_whose_worker_died_is_picked_up_again(
    team: object, version: ChallengeVersion, django_capture_on_commit_callbacks: object
) -> None:
    _needs_sandbox()
    submission = _submit(team, version, "starters/python")
    dead = services.claim(submission.pk, "worker-that-died")
    assert dead is not None
    Submission.objects.filter(pk=submission.pk).update(lease_expires_at=timezone.now() - timedelta(seconds=5))

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        assert services.requeue_stale() == 1
    _run_worker()

    submission.refresh_from_db()
    assert submission.state == Submission.State.GRADED
    states = dict(submission.runs.values_list("number", "state"))
    assert states == {1: GradingRun.State.ABANDONED, 2: GradingRun.State.GRADED}


def test_a_grading_that_outlasts_its_lease_keeps_renewing_it(
    team: object, version: ChallengeVersion, settings: object, tmp_path: Path
) -> None:
    """While a grading runs, its lease is renewed: no other worker can take the submission, none requeues it."""
    _needs_sandbox()
    if connection.vendor == "sqlite":
        # The SQLite test database lives in memory, shared between threads by table locks that fail at once
        # instead of waiting: a grading thread and a rival polling beside it cannot both write.
        pytest.skip("runs in the PostgreSQL pass of `make test`")
    settings.ASSAY_GRADING_LEASE_SECONDS = 2  # type: ignore[attr-defined]
    slow = tmp_path / "slow"
    shutil.copytree(FIXTURES / "tiny-api" / "solutions" / "python", slow)
    toml = slow / "assay.toml"
    toml.write_text(toml.read_text().replace('setup = ""', 'setup = "sleep 8"'))  # four leases long at least
    submission = create_submission(
        organization=team.organization,  # type: ignore[attr-defined]
        challenge_version=version,
        stack="python",
        label="Ada Lovelace",
        archive=snapshot_bytes(slow),
    )
    outcome: list[str] = []

    def grade() -> None:
        try:
            outcome.append(grade_submission.call(submission.pk))
        finally:
            close_old_connections()

    grading = threading.Thread(target=grade)
    grading.start()
    rivals: list[tuple[datetime, GradingRun | None, int]] = []
    while grading.is_alive():
        grading.join(0.5)
        if Submission.objects.filter(pk=submission.pk, state=Submission.State.RUNNING).exists():
            rivals.append((timezone.now(), services.claim(submission.pk, "rival-worker"), services.requeue_stale()))

    first_lease_ends = submission.runs.get(number=1).started_at + timedelta(seconds=2)
    assert any(at > first_lease_ends for at, _, _ in rivals), "the grading never outlasted its first lease"
    assert [(claimed, requeued) for _, claimed, requeued in rivals] == [(None, 0)] * len(rivals)
    assert outcome and outcome[0].startswith("graded"), outcome
    submission.refresh_from_db()
    assert submission.state == Submission.State.GRADED
    assert list(submission.runs.values_list("number", "state")) == [(1, GradingRun.State.GRADED)]
