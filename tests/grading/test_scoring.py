"""Verdicts through the real pipeline on the notes-api fixture challenge (Python and Node.js services).

One deviation that blocks many checks is one root cause; skills the challenge does not declare are
not assessed; a stack trace in any response is a red flag that caps its skill and the overall; an
analyzer failing inside Assay marks the grading incomplete instead of re-weighting the suites.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from assay.challenges.package import ChallengePackage, load_package
from assay.grading.analyzers import semgrep
from assay.grading.context import StageLimits
from assay.grading.pipeline import grade_directory
from assay.grading.report import Report
from assay.grading.scoring import OVERALL_CAPS, SKILL_CAP

pytestmark = pytest.mark.sandbox

NOTES = Path(__file__).parent / "fixtures" / "notes-api"
FIXTURE_TESTS = {
    "test_notes.py::test_note_is_read_back",
    "test_notes.py::test_note_is_listed",
    "test_notes.py::test_deleted_note_is_gone",
    "test_notes.py::test_note_keeps_its_tags",
}


@pytest.fixture(scope="module")
def notes() -> ChallengePackage:
    return load_package(NOTES)


@pytest.fixture(scope="module")
def reference(notes: ChallengePackage, fast_limits: StageLimits) -> Report:
    return grade_directory(notes.solution_dir("python"), notes, "python", limits=fast_limits)


def _overlay(make_repo: Callable[..., Path], notes: ChallengePackage, stack: str, old: str, new: str) -> Path:
    """The reference with one realistic change in its one source file."""
    name = "app.py" if stack == "python" else "server.js"
    source = (notes.solution_dir(stack) / name).read_text()
    assert old in source, f"the fixture's {name} changed; update this test"
    return make_repo(notes.solution_dir(stack), {name: source.replace(old, new)})


def test_the_reference_scores_high_and_undeclared_skills_are_not_assessed(reference: Report) -> None:
    assert reference.score >= 95, [(s.name, s.status, s.summary) for s in reference.stages]
    assert reference.red_flags == [] and not reference.incomplete
    assert reference.assessed_skills == ["api_design", "server_logic", "security"]
    # The challenge declares no integration skill: the candidate's tests and the tests folder count for nothing there.
    assert {s: reference.skills[s] for s in ("database", "performance", "integration")} == dict.fromkeys(
        ("database", "performance", "integration")
    )
    assert reference.stage("candidate_tests").status == "passed"
    # Every response was checked; passing those checks earns nothing (a service that does nothing passes them).
    audit = {r["id"]: r["outcome"] for r in reference.stage("hidden_tests").data["responses"]}
    assert audit["responses.no_stack_traces"] == "passed" and audit["responses.no_server_errors"] == "passed"
    assert not [c for c in reference.checks if c.id.startswith("responses.")]


def test_one_deviation_that_blocks_many_checks_is_one_root_cause_and_costs_like_one_fault(
    notes: ChallengePackage, reference: Report, make_repo: Callable[..., Path], fast_limits: StageLimits
) -> None:
    # Answers 200 instead of 201 on creation: the fixture that creates a note refuses it.
    repo = _overlay(make_repo, notes, "python", "self._send(201, note)", "self._send(200, note)")

    report = grade_directory(repo, notes, "python", limits=fast_limits)

    (cause,) = report.root_causes
    assert cause.message == "could not create a note with the brief's example request: POST /notes answered 200"
    assert set(cause.blocks) == FIXTURE_TESTS
    blocked = {c.id for c in report.checks if c.outcome == "blocked"}
    assert blocked == FIXTURE_TESTS and {c.blocked_by for c in report.checks if c.id in blocked} == {cause.id}
    assert "4 blocked by 1 failing setup step(s)" in report.stage("hidden_tests").summary
    # Hidden tests: the 201 check (1) and the root cause (2, like its heaviest blocked check) fail; five checks
    # of weight 1 pass: 5 of 8. Counting each blocked check as failed would give 5 of 12.
    assert report.suites["hidden_tests"] == 62.5
    assert report.skills["server_logic"] < report.skills["api_design"], "the cause counts in its check's skill"
    assert report.skills["security"] == 100.0, "the blocked security check leaves the score; the cause is elsewhere"
    assert report.red_flags == [], "a blocked critical check is no red flag: it measured nothing"


@pytest.mark.parametrize(
    ("stack", "old", "new"),
    [
        pytest.param(
            "python",
            'self._send(422, {"detail": "title must be text"})',
            'self._send(500, {"detail": __import__("traceback").format_stack()[-1]})',
            id="python",
        ),
        pytest.param(
            "node",
            'send(res, 400, { detail: "the request body is not valid JSON" });',
            "send(res, 500, { error: String(err), stack: err.stack });",
            id="node",
        ),
    ],
)
def test_a_stack_trace_in_a_response_is_a_critical_red_flag_that_caps_the_scores(
    notes: ChallengePackage,
    make_repo: Callable[..., Path],
    fast_limits: StageLimits,
    stack: str,
    old: str,
    new: str,
) -> None:
    repo = _overlay(make_repo, notes, stack, old, new)
    if stack == "node":  # a numeric title now throws (5.trim is not a function), as a careless handler would
        source = (repo / "server.js").read_text()
        (repo / "server.js").write_text(source.replace('typeof body.title !== "string" || ', ""))

    report = grade_directory(repo, notes, stack, limits=fast_limits)

    flags = {flag.ref: flag for flag in report.red_flags}
    assert flags["responses.no_stack_traces"].skill == "security", report.red_flags
    trace = next(c for c in report.checks if c.id == "responses.no_stack_traces")
    assert trace.outcome == "failed" and trace.severity == "critical"
    assert trace.evidence[0].data["response"]["status"] == 500
    assert report.skills["security"] <= SKILL_CAP
    assert report.score <= OVERALL_CAPS[0]
    assert next(c for c in report.checks if c.id == "responses.no_server_errors").outcome == "failed"


def test_an_analyzer_failing_inside_assay_marks_the_grading_incomplete_not_reweighted(
    notes: ChallengePackage,
    reference: Report,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    fast_limits: StageLimits,
) -> None:
    # A broken rule of the platform's own: semgrep refuses its configuration.
    broken = tmp_path / "rules"
    broken.mkdir()
    (broken / "broken.yml").write_text("rules:\n  - id: broken\n    languages: [python]\n    pattern: (\n")
    monkeypatch.setattr(semgrep, "RULES", broken)

    report = grade_directory(notes.solution_dir("python"), notes, "python", limits=fast_limits)

    assert report.incomplete
    assert any("semgrep" in reason for reason in report.incomplete_reasons), report.incomplete_reasons
    static = report.stage("static")
    assert static.status == "error" and "semgrep" in static.summary
    errors = {c.id for c in report.checks if c.outcome == "error"}
    assert "static.no_sql_injection" in errors and "static.correctness_lint" not in errors
    # The static suite keeps its weight with its unjudged checks as not passed: lower, never re-weighted up.
    assert report.suites["static"] is not None and report.suites["static"] < 100
    assert report.score < reference.score


def test_hidden_tests_that_cannot_be_collected_mark_the_grading_incomplete(
    tmp_path: Path, fast_limits: StageLimits
) -> None:
    challenge = tmp_path / "notes-api"
    shutil.copytree(NOTES, challenge)
    (challenge / "grading" / "tests" / "test_more.py").write_text(
        "import pytest\nimport a_module_the_grader_lacks\n\n\n"
        "@pytest.mark.skill('api_design')\ndef test_more(api):\n    pass\n"
    )
    package = load_package(challenge)

    report = grade_directory(package.solution_dir("python"), package, "python", limits=fast_limits)

    assert report.incomplete
    assert report.incomplete_reasons == ["Hidden API tests: 1 hidden test(s) could not be collected"]
    assert "1 test file(s) could not be collected" in report.stage("hidden_tests").summary
