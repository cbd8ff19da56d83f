"""A static-only seeded flaw: graded by the snapshot and static stages alone, judged by the findings it expects;
and the static stage when the complexity analyzer runs past its time bound."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from assay.challenges.package import ChallengePackage, PackageErrors, load_package
from assay.grading.analyzers import complexity
from assay.grading.pipeline import grade_directory
from assay.grading.validation import judge, subjects

pytestmark = pytest.mark.sandbox

ITEMS = Path(__file__).parents[1] / "challenges" / "fixtures" / "items-api"
KEY_LINE = 'STRIPE_KEY = "sk_live_4eC39HqLyjWDarjtT1zdp7dc9f2Kx"\n'


def seed(library: Path, name: str, toml: str) -> None:
    """A seeded flaw that commits a payment key into the alternative, its patch written as an author does."""
    flaw = library / "seeded" / name
    flaw.mkdir(parents=True)
    (flaw / "flaw.toml").write_text(toml)
    scratch = library.parent / "scratch"
    base = library / "alternatives" / "python-compact"
    shutil.copytree(base, scratch / "a")
    shutil.copytree(base, scratch / "b")
    changed = scratch / "b" / "app.py"
    changed.write_text(changed.read_text().replace("store: dict", KEY_LINE + "store: dict", 1))
    diff = subprocess.run(["git", "diff", "--no-index", "--no-prefix", "a", "b"], cwd=scratch, capture_output=True)
    (flaw / "flaw.patch").write_bytes(diff.stdout)
    shutil.rmtree(scratch)


def flaw_toml(must_find: str, extra: str = "") -> str:
    return (
        'base = "python-compact"\nsummary = "A payment key in the code."\nskill = "server_logic"\n'
        f'severity = "critical"\nstatic_only = true\nmust_find = [{must_find}]\n{extra}'
    )


@pytest.fixture
def library(tmp_path: Path) -> Path:
    root = tmp_path / "items-api"
    shutil.copytree(ITEMS, root, ignore=shutil.ignore_patterns("__pycache__", "seeded"))
    return root


def grade_seeded(library: Path) -> tuple[list[str], object]:
    package = load_package(library)
    (subject,) = [s for s in subjects(package) if s.kind == "seeded"]
    assert subject.flaw is not None and subject.flaw.static_only
    source = package.materialize_flawed(subject.flaw, library.parent / "flawed-copy")
    report = grade_directory(source, package, subject.stack, static_only=True)
    return [stage.name for stage in report.stages], judge(package.slug, subject, report)


def test_a_static_only_flaw_runs_no_service_and_is_judged_by_its_findings(library: Path) -> None:
    seed(library, "payment-key", flaw_toml('"secrets.hardcoded"'))

    stages, verdict = grade_seeded(library)

    assert stages == ["snapshot", "static"]
    assert verdict.ok, verdict.problems
    assert verdict.evidence == ("finding secrets.hardcoded at app.py:9",)
    assert verdict.cost is None


def test_a_static_only_flaw_fails_when_one_expected_finding_is_missing(library: Path) -> None:
    seed(library, "payment-key", flaw_toml('"secrets.hardcoded", "complexity.high"'))

    _, verdict = grade_seeded(library)

    assert verdict.problems == ("finding complexity.high was not raised",)


def test_a_static_only_flaw_naming_a_check_to_fail_is_refused(library: Path) -> None:
    seed(
        library,
        "payment-key",
        flaw_toml('"secrets.hardcoded"', 'must_fail = ["test_items.py::test_missing_name_is_422"]\n'),
    )

    with pytest.raises(PackageErrors) as refused:
        load_package(library)

    assert any(error.field == "static_only" for error in refused.value.errors)


def test_a_complexity_analysis_past_its_time_bound_is_reported_and_the_grading_finishes(
    tiny: ChallengePackage, make_repo: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A bound no lizard run can meet stands in for a crafted file that makes its tokenizers spin.
    monkeypatch.setattr(complexity, "TIMEOUT_SECONDS", 0.001)
    repo = make_repo(tiny.solution_dir("python"), {"app/broken.py": "def f():\n    return undefined_name\n"})

    report = grade_directory(repo, tiny, "python", static_only=True)

    static = report.stage("static")
    assert static.status == "error"
    assert "lizard failed inside Assay" in static.summary
    assert "lizard timed out after 0.001 s" in static.data["analyzers_failed"]["lizard"]
    assert {c.id: c.outcome for c in report.checks}["static.complexity"] == "error"
    assert "lint.F821" in {f.rule for f in report.findings}  # the other analyzers still count
    assert report.incomplete
