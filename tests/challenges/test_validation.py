"""The verdicts of `assay challenges validate`, judged from grading reports given as input data."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.core.management import CommandError, call_command

from assay.challenges.package import load_package
from assay.grading.validation import Subject, judge, subjects


@dataclass
class Check:
    id: str
    outcome: str


@dataclass
class Finding:
    rule: str


@dataclass
class Report:
    score: float
    checks: list[Check] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


@pytest.fixture
def package(package_dir):
    return load_package(package_dir)


def test_subjects_are_every_solution_starter_and_flaw(package):
    assert [s.label for s in subjects(package)] == [
        "solution go",
        "solution python",
        "starter python",
        "flawed wrong-status (on python)",
    ]


@pytest.mark.parametrize(("score", "ok"), [(100, True), (95, True), (94.9, False)])
def test_solution_must_score_95(score, ok):
    checks = [Check("test_hello.py::test_hello_is_200", "passed" if ok else "failed")]
    verdict = judge("tiny-api", Subject("solution", "python", "python"), Report(score, checks))
    assert verdict.ok is ok
    if not ok:
        assert verdict.problems == (
            "scored 94.9, a reference solution must score >= 95",
            "test_hello.py::test_hello_is_200 failed",
        )


@pytest.mark.parametrize(("score", "ok"), [(0, True), (15, True), (15.1, False)])
def test_starter_must_score_at_most_15(score, ok):
    assert judge("tiny-api", Subject("starter", "python", "python"), Report(score)).ok is ok


def test_flaw_must_fail_its_tests_and_raise_its_findings(package):
    (flaw,) = package.flawed
    subject = Subject("flawed", flaw.name, flaw.base, flaw)
    good = Report(50, [Check("test_hello.py::test_hello_is_200", "failed")], [Finding("http.status")])
    assert judge("tiny-api", subject, good).ok
    caught_nothing = Report(100, [Check("test_hello.py::test_hello_is_200", "passed")], [Finding("other")])
    assert judge("tiny-api", subject, caught_nothing).problems == (
        "test_hello.py::test_hello_is_200 passed but must fail",
        "finding http.status was not raised",
    )
    assert judge("tiny-api", subject, Report(0, [], [Finding("http.status")])).problems == (
        "test_hello.py::test_hello_is_200 did not run",
    )


def test_a_failing_parametrized_case_counts_for_its_function(package):
    flaw = package.flawed[0].__class__(
        **{**package.flawed[0].__dict__, "must_fail": ("t.py::test_x",), "must_find": ()}
    )
    subject = Subject("flawed", flaw.name, flaw.base, flaw)
    report = Report(50, [Check("t.py::test_x[a]", "passed"), Check("t.py::test_x[b]", "error")])
    assert judge("tiny-api", subject, report).ok
    report = Report(50, [Check("t.py::test_x[a]", "passed"), Check("t.py::test_xy", "failed")])
    assert not judge("tiny-api", subject, report).ok


def test_validate_command_refuses_a_broken_package(db, library, capsys):
    (library / "tiny-api" / "brief.md").unlink()
    with pytest.raises(CommandError, match="1 package"):
        call_command("challenges", "--library", str(library), "validate", "tiny-api")
    assert "brief.md: is missing" in capsys.readouterr().out


def test_validate_command_unknown_slug(db, library):
    with pytest.raises(CommandError, match="no package folder for nope"):
        call_command("challenges", "--library", str(library), "validate", "nope")
