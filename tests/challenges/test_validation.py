"""`assay challenges validate` through the real grader, on items-api: a tiny challenge with one reference,
one alternative reference, one starter, one flawed variant and one seeded flaw.

Each run grades every subject in the sandbox, so the library is graded twice per session: once as
written (every target met) and once broken in the ways an author gets wrong (a flaw that costs too
little for its severity, a seeded flaw the hidden tests cannot see).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from assay.challenges.package import load_package
from assay.grading.report import Check, Finding, Report, StageReport
from assay.grading.validation import Subject, judge, subjects
from tests.grading.conftest import sandbox_missing

FIXTURES = Path(__file__).parent / "fixtures"
ITEMS = FIXTURES / "items-api"


@pytest.fixture(scope="module")
def sandbox() -> None:
    reason = sandbox_missing()
    if reason is not None:
        if os.environ.get("ASSAY_REQUIRE_SANDBOX") == "1":
            pytest.fail(f"ASSAY_REQUIRE_SANDBOX=1 but {reason}")
        pytest.skip(reason)


@dataclass
class Run:
    out: str
    error: str  # the CommandError's message, "" when validation passed


def validate(library: Path, *args: str) -> Run:
    out = io.StringIO()
    try:
        call_command("challenges", "--library", str(library), "validate", "--jobs", "2", *args, stdout=out)
    except CommandError as error:
        return Run(out.getvalue(), str(error))
    return Run(out.getvalue(), "")


def row(out: str, label: str) -> str:
    """The summary table's row for one graded subject, its cells joined by |."""
    for line in out.splitlines():
        cells = [c.strip() for c in re.split(r"[│┃]", line)]
        if len(cells) > 3 and cells[2] == label:
            return " | ".join(cells[1:-1])
    raise AssertionError(f"no row for {label!r} in:\n{out}")


def copy_library(tmp_path: Path) -> Path:
    shutil.copytree(ITEMS, tmp_path / "items-api", ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


@pytest.fixture(scope="module")
def as_written(sandbox: None, tmp_path_factory: pytest.TempPathFactory) -> Run:
    return validate(copy_library(tmp_path_factory.mktemp("library")), "--repeat", "2")


@pytest.fixture(scope="module")
def broken(sandbox: None, tmp_path_factory: pytest.TempPathFactory) -> Run:
    library = copy_library(tmp_path_factory.mktemp("library"))
    flaw = library / "items-api" / "flawed" / "no-validation" / "flaw.toml"
    # The same flaw declared critical in api_design: the checks that catch it are server_logic checks.
    declared = flaw.read_text().replace('skill = "server_logic"', 'skill = "api_design"')
    flaw.write_text(declared.replace('severity = "medium"', 'severity = "critical"'))
    # A seeded flaw that changes nothing a hidden test looks at: the corpus must report it as missed.
    unseen = library / "items-api" / "seeded" / "unseen"
    shutil.copytree(library / "items-api" / "seeded" / "blank-names", unseen)
    base = library / "items-api" / "alternatives" / "python-compact"
    write_patch(base, unseen, "app.py", '"not found"', '"no such route"')
    return validate(library)


def write_patch(base: Path, variant: Path, rel: str, old: str, new: str) -> None:
    """Write the variant's flaw.patch as an author does: `git diff --no-index --no-prefix a b` of two copies."""
    scratch = variant.parent / ".patch-scratch"
    shutil.copytree(base, scratch / "a")
    shutil.copytree(base, scratch / "b")
    changed = scratch / "b" / rel
    changed.write_text(changed.read_text().replace(old, new))
    diff = subprocess.run(
        ["git", "diff", "--no-index", "--no-prefix", "a", "b"], cwd=scratch, capture_output=True, text=True
    )
    assert diff.returncode == 1 and diff.stdout, diff.stderr
    (variant / "flaw.patch").write_text(diff.stdout)
    shutil.rmtree(scratch)


def test_every_target_met_passes_with_the_closing_count(as_written: Run) -> None:
    assert as_written.error == ""
    assert row(as_written.out, "solution python").startswith("items-api | solution python | >= 95 |")
    assert row(as_written.out, "alternative python-compact").endswith("| ok")
    assert row(as_written.out, "starter python").endswith("| ok")
    assert as_written.out.rstrip().splitlines()[-1] == "validate: 5 passed, 0 failed"


def test_a_flaw_is_measured_against_its_base_graded_in_the_same_run(as_written: Run) -> None:
    cells = row(as_written.out, "flawed no-validation (on python)").split(" | ")
    assert cells[2] == "fails 1 check(s), server_logic -10" and cells[-1] == "ok"
    costs = re.fullmatch(r"server_logic -([\d.]+), overall -([\d.]+)", cells[4])
    assert costs is not None, cells
    skill_cost, overall_cost = costs.groups()
    # The heavier of the two server_logic hidden checks fails: well past the 10 points a medium flaw must cost.
    assert float(skill_cost) > 40 and float(overall_cost) > 10


def test_the_seeded_corpus_reports_detection_with_evidence_and_cost(as_written: Run) -> None:
    corpus = as_written.out.split("Seeded-flaw corpus", 1)[1]
    assert "seeded flaws: 1 of 1 detected" in corpus
    (line,) = [line for line in corpus.splitlines() if "blank-names" in line]
    assert "| high | yes | check test_items.py::test_missing_name_is_422 failed | server_logic -" in " | ".join(
        c.strip() for c in re.split(r"[│┃]", line)
    )


def test_repeat_prints_the_spread_of_each_reference(as_written: Run) -> None:
    table = as_written.out.split("Spread over repeated gradings", 1)[1]
    for reference in ("solution python", "alternative python-compact"):
        (line,) = [line for line in table.splitlines() if reference in line]
        cells = [c.strip() for c in re.split(r"[│┃]", line)][1:-1]
        assert cells[1] == "2"  # runs
        assert all(re.fullmatch(r"\d+(\.\d)?", c) for c in cells[2:])


def test_targets_missed_fail_the_validation_in_words_an_author_acts_on(broken: Run) -> None:
    assert row(broken.out, "flawed no-validation (on python)").endswith("| FAIL")
    assert row(broken.out, "seeded unseen (on python-compact)").endswith("| FAIL")
    problems = broken.out.split("What is off:", 1)[1].split("Seeded-flaw corpus", 1)[0].split()
    assert " ".join(problems) == (
        "items-api: flawed no-validation (on python): costs 0 point(s) in api_design, a critical flaw must cost"
        " at least 25 against solution python: make the checks that catch it weigh more or add one"
        " items-api: seeded unseen (on python-compact): not detected: every check passed and no finding was"
        " raised of test_items.py::test_missing_name_is_422"
    )
    corpus = broken.out.split("Seeded-flaw corpus", 1)[1]
    assert "seeded flaws: 1 of 2 detected" in corpus
    assert broken.error.splitlines() == [
        "2 of 6 gradings are off, 0 package(s) refused",
        "validate: 4 passed, 2 failed",
    ]


# --- the judgement alone, on reports of the real types --------------------------------------


def report(score_checks: list[tuple[str, str, str]], findings: tuple[str, ...] = ()) -> Report:
    """A report of hidden-test checks (id, skill, outcome), all of weight 1, and findings by rule."""
    checks = [Check(i, "hidden_tests", i, skill, 1.0, outcome) for i, skill, outcome in score_checks]
    found = [Finding(rule, "security", "high", "seen") for rule in findings]
    return Report("items-api", "v", "python", checks=checks, findings=found, suite_weights={"hidden_tests": 100})


def test_subjects_are_every_reference_starter_and_flaw() -> None:
    package = load_package(ITEMS)
    assert [s.label for s in subjects(package)] == [
        "solution python",
        "alternative python-compact",
        "starter python",
        "flawed no-validation (on python)",
        "seeded blank-names (on python-compact)",
    ]


def test_a_failing_parametrized_case_counts_for_its_function() -> None:
    package = load_package(ITEMS)
    flaw = package.flawed[0]
    subject = Subject("flawed", flaw.name, flaw.base, flaw)
    base = report([("test_items.py::test_missing_name_is_422[a]", "server_logic", "passed")] * 2)
    caught = report(
        [
            ("test_items.py::test_missing_name_is_422[a]", "server_logic", "passed"),
            ("test_items.py::test_missing_name_is_422[b]", "server_logic", "failed"),
        ]
    )
    verdict = judge("items-api", subject, caught, base)
    assert verdict.ok and verdict.evidence == ("check test_items.py::test_missing_name_is_422[b] failed",)
    near_miss = report([("test_items.py::test_missing_name_is_422x", "server_logic", "failed")])
    assert judge("items-api", subject, near_miss, base).problems[0] == (
        "test_items.py::test_missing_name_is_422 did not run"
    )


def test_a_flaw_whose_base_crashed_says_its_cost_is_unknown() -> None:
    flaw = load_package(ITEMS).flawed[0]
    subject = Subject("flawed", flaw.name, flaw.base, flaw)
    caught = report([("test_items.py::test_missing_name_is_422", "server_logic", "failed")])
    assert judge("items-api", subject, caught, None).problems == (
        "its base (solution python) could not be graded, so what the flaw costs is unknown",
    )


def test_validate_command_refuses_a_broken_package(db, library, capsys):
    (library / "tiny-api" / "brief.md").unlink()
    with pytest.raises(CommandError, match="1 package"):
        call_command("challenges", "--library", str(library), "validate", "tiny-api")
    assert "brief.md: is missing" in capsys.readouterr().out


def test_validate_command_unknown_slug(db, library):
    with pytest.raises(CommandError, match="no package folder for nope"):
        call_command("challenges", "--library", str(library), "validate", "nope")


def test_an_incomplete_grading_is_not_judged_as_final() -> None:
    subject = Subject("solution", "python", "python")
    graded = report([("test_items.py::test_missing_name_is_422", "server_logic", "passed")])
    assert judge("items-api", subject, graded).ok
    # Report version 2 marks a grading a stage failed inside Assay; its score is provisional.
    graded.incomplete = True  # type: ignore[attr-defined]
    graded.incomplete_reasons = ["static analysis failed inside Assay"]  # type: ignore[attr-defined]
    assert judge("items-api", subject, graded).problems == (
        "the grading is incomplete (static analysis failed inside Assay): its score is provisional;"
        " this is not the package's fault",
    )


def test_a_reference_below_its_floor_names_the_stage_that_failed_first() -> None:
    graded = report([("test_items.py::test_create_item_returns_201", "api_design", "failed")])
    graded.stages.append(StageReport("start", "Start", "failed", "The service did not answer on $PORT within 60 s."))
    problems = judge("items-api", Subject("alternative", "python-compact", "python"), graded).problems
    assert problems == (
        "scored 0.0, an alternative reference must score >= 90",
        "stage start failed: The service did not answer on $PORT within 60 s.",
        "test_items.py::test_create_item_returns_201 failed",
    )


def test_a_working_starter_must_keep_its_answers_and_be_slow() -> None:
    starter = Subject("starter", "python", "python", working=True)
    slow = report([("test_orders.py::test_order", "server_logic", "passed"), ("load.p95", "performance", "failed")])
    assert slow.score > 15 and judge("rescue", starter, slow).ok
    fast = report([("test_orders.py::test_order", "server_logic", "passed"), ("load.p95", "performance", "passed")])
    assert judge("rescue", starter, fast).problems == (
        "scored 100.0 in performance; a working starter must score <= 50 there "
        "(the performance checks do not tell slow from fast)",
    )
    wrong = report([("test_orders.py::test_order", "server_logic", "failed"), ("load.p95", "performance", "failed")])
    assert judge("rescue", starter, wrong).problems == (
        "test_orders.py::test_order failed: a working starter must pass the behaviour checks",
    )


def test_a_package_declares_a_working_starter(tmp_path: Path) -> None:
    package_dir = shutil.copytree(ITEMS, tmp_path / "items-api")
    manifest = package_dir / "challenge.toml"
    manifest.write_text(manifest.read_text().replace("\nstacks = ", '\nstarter = "working"\nstacks = ', 1))
    package = load_package(package_dir)
    assert package.starter == "working"
    assert [s.working for s in subjects(package) if s.kind == "starter"] == [True]
    assert load_package(ITEMS).starter == "skeleton"
