"""The setup stage on bad input: it ends with what failed and what the candidate can do, the report is complete,
and the shared dependency cache is unharmed for the next run."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from assay.challenges.package import ChallengePackage
from assay.grading.context import StageLimits
from assay.grading.pipeline import grade_directory

pytestmark = pytest.mark.sandbox

GO_REPLACE_OUTSIDE = {
    "assay.toml": 'setup = "go build -o bin/server ."\nstart = "./bin/server"\ntest = ""\n',
    "go.mod": (
        "module example.com/app\n\ngo 1.21\n\nrequire example.com/lib v0.0.0\n\nreplace example.com/lib => ../lib\n"
    ),
    "main.go": 'package main\n\nimport _ "example.com/lib"\n\nfunc main() {}\n',
}


def test_a_go_replace_outside_the_repository_says_what_to_do(
    tiny: ChallengePackage, make_repo: Callable[..., Path], fast_limits: StageLimits, settings: object, tmp_path: Path
) -> None:
    settings.ASSAY_CACHE_DIR = tmp_path / "cache"  # type: ignore[attr-defined]
    report = grade_directory(make_repo(files=GO_REPLACE_OUTSIDE), tiny, "go", limits=fast_limits)

    setup = report.stage("setup")
    assert setup.status == "failed"
    assert "replace directive in go.mod points at a directory outside the repository" in setup.summary
    assert "replaced by ../lib" in setup.log_tail  # the tool's own words stay for the reviewer
    assert report.stage("hidden_tests") is not None  # later stages still report
    assert not list((tmp_path / "cache" / "deps" / "go" / "mod").iterdir())  # nothing was fetched for it
