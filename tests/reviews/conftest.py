"""Submissions of the tiny-api challenge, stored and graded through the grading services with a report
written here (the pipeline itself is tested in tests/grading; these tests are about what reviewers see)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from assay.accounts.models import Organization
from assay.challenges.models import Challenge
from assay.challenges.services import load_library
from assay.grading import services as grading
from assay.grading.report import Check, Evidence, Finding, Report, StageReport
from assay.reviews.models import AIReviewer, Narrative
from assay.reviews.services import ai_settings
from assay.submissions.models import Submission
from assay.submissions.services import create_submission, snapshot_bytes
from tests.conftest import Team
from tests.reviews.fake_reviewer_endpoint import FakeReviewerEndpoint

FIXTURES = Path(__file__).parents[1] / "grading" / "fixtures"
SOLUTION_APP = (FIXTURES / "tiny-api" / "solutions" / "python" / "app.py").read_text()


def tiny_version() -> Any:
    if not Challenge.objects.filter(slug="tiny-api").exists():
        assert load_library(FIXTURES, ["tiny-api"]).ok
    return Challenge.objects.get(slug="tiny-api").current_version


def failing_exchange() -> Evidence:
    return Evidence(
        "http",
        {
            "request": {
                "method": "POST",
                "url": "http://127.0.0.1:8080/items",
                "headers": {"content-type": "application/json"},
                "body": '{"name": "item-1"}',
            },
            "response": {"status": 501, "headers": {"content-type": "application/json"}, "body": '{"detail": "nope"}'},
        },
    )


def sample_report(**extra: Any) -> Report:
    """A report as the pipeline writes it: a passed and a failed hidden test, a finding, stages."""
    report = Report(
        challenge="tiny-api",
        challenge_version="test",
        stack="python",
        suite_weights={"hidden_tests": 80, "static": 10, "load": 10},
        stages=[
            StageReport("setup", "Setup", "passed", "Installed.", duration=1.5, log_tail="pip install done"),
            StageReport("hidden_tests", "Hidden API tests", "failed", "1 of 2 hidden tests passed.", duration=2.0),
        ],
        checks=[
            Check("hidden.test_list", "hidden_tests", "A created item is listed", "server_logic", 1, "passed"),
            Check(
                "hidden.test_create_item_returns_201",
                "hidden_tests",
                "Creating an item answers 201 with the item",
                "api_design",
                2,
                "failed",
                "POST /items returned 501; expected 201 Created",
                evidence=[failing_exchange()],
            ),
        ],
        findings=[Finding("py.bare_except", "server_logic", "medium", "A bare except hides errors.", "app.py", 12)],
    )
    for name, value in extra.items():
        setattr(report, name, value)
    return report


def make_submission(
    organization: Organization, files: dict[str, str | bytes] | None = None, tmp: Path | None = None
) -> Submission:
    """A submission of the tiny-api starter with ``files`` written over it (queued, not graded)."""
    version = tiny_version()
    folder = Path(tmp or tempfile.mkdtemp()) / f"submission-{Submission.objects.count()}-{organization.pk}"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(version.package().starter_dir("python"), folder, symlinks=True)
    for name, content in (files or {"app.py": SOLUTION_APP}).items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode() if isinstance(content, str) else content)
    return create_submission(
        organization=organization,
        challenge_version=version,
        stack="python",
        label="Cara",
        archive=snapshot_bytes(folder),
    )


def grade(submission: Submission, report: Report | None = None) -> Submission:
    """Record a finished run of ``report`` through the grading services (claim, then finish)."""
    if submission.state != Submission.State.QUEUED:
        grading.regrade(submission)
    run = grading.claim(submission.pk, "test-worker")
    assert run is not None
    grading.finish(run, report or sample_report())
    submission.refresh_from_db()
    return submission


@pytest.fixture
def graded(tmp_path: Path) -> Callable[..., Submission]:
    def make(organization: Organization, files: dict[str, str | bytes] | None = None, **report: Any) -> Submission:
        return grade(make_submission(organization, files, tmp_path), sample_report(**report))

    return make


# The AI reviewer against a fake model endpoint (tests/reviews/fake_reviewer_endpoint.py) ------------------

ENDPOINT_KEY = "sk-fake-endpoint-key-81c2"


@pytest.fixture
def endpoint() -> Iterator[FakeReviewerEndpoint]:
    fake = FakeReviewerEndpoint().start()
    yield fake
    fake.stop()


@pytest.fixture
def reviewer(team: Team, endpoint: FakeReviewerEndpoint, settings: Any) -> AIReviewer:
    settings.ASSAY_AI_REVIEWER_TIMEOUT_SECONDS = 1.0
    settings.ASSAY_AI_REVIEWER_BACKOFF_SECONDS = 0.01
    settings.ASSAY_AI_REVIEWER_ATTEMPTS = 3
    return AIReviewer.objects.create(
        organization=team.organization,
        enabled=True,
        base_url=endpoint.base_url,
        model="fake-reviewer",
        api_key_encrypted=ai_settings.encrypt(ENDPOINT_KEY),
    )


@pytest.fixture
def narrated(
    team: Team, graded: Callable[..., Submission], django_capture_on_commit_callbacks: Any
) -> Callable[..., tuple[Submission, Narrative | None]]:
    """Grade a submission (the report stored as grading stores it), then let a task worker run what was queued."""

    def make(files: dict[str, str] | None = None, **report: Any) -> tuple[Submission, Narrative | None]:
        with django_capture_on_commit_callbacks(execute=True):
            submission = graded(team.organization, files, **report)
        run_tasks()
        return submission, Narrative.objects.filter(submission=submission).first()

    return make


def run_tasks() -> None:
    """Run what was queued on the default queue (the narratives) with a real task worker, then stop."""
    call_command("db_worker", queue_name="default", batch=True, no_startup_delay=True, interval=0, verbosity=0)
