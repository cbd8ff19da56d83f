"""The grading pipeline end to end, on the tiny-api challenge: real sandbox, real stages, real CLI.

Broken submissions (no assay.toml, bad TOML, nothing at all, binary junk, odd file names) must give
a clear report, never a crash.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from assay.challenges.package import ChallengePackage
from assay.grading.context import StageLimits
from assay.grading.pipeline import grade_directory
from assay.grading.report import Report

pytestmark = pytest.mark.sandbox

ASSAY = Path(sys.executable).parent / "assay"
LATER_STAGES = ("setup", "start", "hidden_tests", "load", "candidate_tests")


def report_text(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False)


def test_reference_solution_scores_at_least_95(tiny: ChallengePackage) -> None:
    report = grade_directory(tiny.solution_dir("python"), tiny, "python")

    assert report.score >= 95, [(s.name, s.status, s.summary) for s in report.stages]
    assert report.stage("hidden_tests").summary == "4 of 4 hidden tests passed."
    assert report.stage("load").status == "passed"


def test_starter_scores_at_most_15(tiny: ChallengePackage, fast_limits: StageLimits) -> None:
    report = grade_directory(tiny.starter_dir("python"), tiny, "python", limits=fast_limits)

    assert report.score <= 15
    assert report.stage("start").status == "passed", "the starter runs; it just does nothing useful"
    assert report.stage("hidden_tests").summary == "0 of 4 hidden tests passed."


def test_cli_grades_a_folder_and_prints_the_report_as_json(tiny: ChallengePackage) -> None:
    solution, starter = tiny.solution_dir("python"), tiny.starter_dir("python")
    scores = {}
    for name, folder in (("solution", solution), ("starter", starter)):
        done = subprocess.run(
            [str(ASSAY), "grade", str(folder), "--challenge", str(tiny.root), "--json"],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        data = json.loads(done.stdout)
        assert data["challenge"] == "tiny-api"
        assert [s["name"] for s in data["stages"]][:3] == ["snapshot", "setup", "static"]
        scores[name] = data["score"]
        # One duration per stage: the progress lines show the report's own figure, static included.
        lines = [line.split() for line in done.stderr.splitlines()]
        progress = {words[0]: words[1] for words in lines if len(words) > 1 and words[1].endswith("s")}
        for stage in data["stages"]:
            assert progress[stage["name"]] == f"{stage['duration']:.1f}s", (stage["name"], done.stderr[-2000:])

    assert scores["solution"] >= 95
    assert scores["starter"] <= 15


def _assert_later_stages_did_not_run(report: Report) -> None:
    for name in LATER_STAGES:
        stage = report.stage(name)
        assert stage is not None, f"{name} is missing from the report"
        assert stage.status in ("skipped", "failed"), (name, stage.status, stage.summary)
    assert report.stage("hidden_tests").summary.startswith("The service was not running")


def test_missing_assay_toml_is_explained(
    tiny: ChallengePackage, make_repo: Callable[..., Path], fast_limits: StageLimits
) -> None:
    repo = make_repo(tiny.solution_dir("python"))
    (repo / "assay.toml").unlink()

    report = grade_directory(repo, tiny, "python", limits=fast_limits)

    snapshot = report.stage("snapshot")
    assert snapshot.status == "failed"
    assert "assay.toml is missing or invalid" in snapshot.summary
    assert "assay.toml: is missing" in snapshot.summary
    assert report.stage("setup").summary == "Skipped: there is no valid assay.toml."
    _assert_later_stages_did_not_run(report)
    assert report.score <= 15


def test_broken_toml_names_the_problem(
    tiny: ChallengePackage, make_repo: Callable[..., Path], fast_limits: StageLimits
) -> None:
    repo = make_repo(tiny.solution_dir("python"), {"assay.toml": 'setup = "true"\nstart = python3 app.py\n'})

    report = grade_directory(repo, tiny, "python", limits=fast_limits)

    snapshot = report.stage("snapshot")
    assert snapshot.status == "failed"
    assert "is not valid TOML" in snapshot.summary
    assert "line 2" in snapshot.summary, "the reviewer needs to know where the mistake is"
    _assert_later_stages_did_not_run(report)


def test_unknown_key_in_assay_toml_is_named(
    tiny: ChallengePackage, make_repo: Callable[..., Path], fast_limits: StageLimits
) -> None:
    config = 'setup = ""\ntest = ""\nstrat = "python3 app.py"\n'
    repo = make_repo(tiny.solution_dir("python"), {"assay.toml": config})

    report = grade_directory(repo, tiny, "python", limits=fast_limits)

    assert report.stage("snapshot").status == "failed"
    assert "strat: is not a known key" in report.stage("snapshot").summary


def test_empty_repository(tiny: ChallengePackage, make_repo: Callable[..., Path], fast_limits: StageLimits) -> None:
    report = grade_directory(make_repo(), tiny, "python", limits=fast_limits)

    assert report.stage("snapshot").status == "failed"
    assert report.stage("snapshot").summary == "The repository is empty: there is nothing to build or run."
    _assert_later_stages_did_not_run(report)
    # Nothing earns no credit: even "no bad code" static checks fail when there is no code.
    assert report.score == 0
    assert {c.message for c in report.checks if c.suite == "static"} >= {"There is no source code to check."}
    assert {c.outcome for c in report.checks if c.suite == "hidden_tests"} == {"failed"}


def test_binary_junk_instead_of_code_fails_start_with_the_log(
    tiny: ChallengePackage, make_repo: Callable[..., Path], fast_limits: StageLimits
) -> None:
    junk = os.urandom(64 * 1024)
    repo = make_repo(tiny.solution_dir("python"), {"app.py": junk, "lib/helpers.py": junk})

    report = grade_directory(repo, tiny, "python", limits=fast_limits)

    start = report.stage("start")
    assert start.status == "failed"
    assert start.summary.startswith("The service exited before it answered on $PORT: it exited with code 1")
    assert "The last lines it printed are below." in start.summary
    assert "SyntaxError" in start.log_tail
    # The analyzers are not handed bytes that are no text (lizard once spun for ever on such a file).
    assert "2 file(s) left out of analysis" in report.stage("static").summary
    assert report.stage("static").status in ("passed", "failed"), report.stage("static").summary
    assert report.score <= 15


def test_non_utf8_file_names_are_copied_and_analysed(
    tiny: ChallengePackage, make_repo: Callable[..., Path], fast_limits: StageLimits
) -> None:
    repo = make_repo(tiny.solution_dir("python"))
    odd_dir = os.path.join(os.fsencode(repo), b"r\xe9sum\xe9")
    os.mkdir(odd_dir)
    with open(os.path.join(odd_dir, b"caf\xe9.py"), "wb") as handle:
        handle.write(b"def broken():\n    return undefined_name\n")
    with open(os.path.join(os.fsencode(repo), b"notes-\xff\xfe.txt"), "wb") as handle:
        handle.write(b"latin-1 names are legal on Linux\n")

    report = grade_directory(repo, tiny, "python", limits=fast_limits)

    snapshot = report.stage("snapshot")
    assert snapshot.status == "passed"
    assert snapshot.data["files"] == sum(len(names) for _, _, names in os.walk(repo))
    static = report.stage("static")
    assert static.status == "failed", static.summary
    undefined = [f for f in report.findings if f.rule == "lint.F821"]
    assert len(undefined) == 1 and "caf" in undefined[0].path
    assert report.stage("hidden_tests").summary == "4 of 4 hidden tests passed."
    # The report must survive JSON as text (PostgreSQL's jsonb refuses lone surrogates).
    report_text(report).encode("utf-8")
