"""A challenge with a grader-provided upstream, graded end to end: the candidate's service finds it through
ASSAY_SERVICE_<NAME>_URL and the hidden tests judge it by the upstream's call log."""

from __future__ import annotations

from pathlib import Path

import pytest

from assay.challenges.package import ChallengePackage, load_package
from assay.grading.context import StageLimits
from assay.grading.pipeline import grade_directory

pytestmark = pytest.mark.sandbox

FIXTURE = Path(__file__).parent / "fixtures" / "tiny-upstream"


@pytest.fixture(scope="module")
def upstream_challenge() -> ChallengePackage:
    return load_package(FIXTURE)


def test_solution_that_asks_the_upstream_passes(upstream_challenge: ChallengePackage, fast_limits: StageLimits) -> None:
    report = grade_directory(
        upstream_challenge.solution_dir("python"), upstream_challenge, "python", limits=fast_limits
    )
    services = next(s for s in report.stages if s.name == "services")
    assert services.status == "passed" and "quotes" in services.summary
    assert [(c.id, c.passed) for c in report.checks if c.suite == "hidden_tests"] == [
        ("test_quotes.py::test_quote_comes_from_upstream", True)
    ]


def test_starter_that_never_asks_the_upstream_fails(
    upstream_challenge: ChallengePackage, fast_limits: StageLimits
) -> None:
    report = grade_directory(upstream_challenge.starter_dir("python"), upstream_challenge, "python", limits=fast_limits)
    checks = [c for c in report.checks if c.suite == "hidden_tests"]
    assert checks and not any(c.passed for c in checks)
