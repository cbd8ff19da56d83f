"""The verdicts of `assay challenges validate`, judged from grading reports given as input data."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.core.management import CommandError, call_command

from assay.challenges import validation
from assay.challenges.package import load_package
from assay.challenges.validation import Subject, judge, subjects, summary_rows, validate_package


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


def test_validate_package_grades_each_subject_from_its_own_source(package):
    seen = []

    def grade(source, package, stack, on_event):
        seen.append((source.relative_to(source.anchor).parts[-2:], stack))
        if (source / "app.py").is_file() and "201 if" in (source / "app.py").read_text():
            return Report(50, [Check("test_hello.py::test_hello_is_200", "failed")], [Finding("http.status")])
        return Report(100 if "solutions" in source.parts else 0)

    verdicts = validate_package(package, grade=grade)
    assert [v.ok for v in verdicts] == [True, True, True, True]
    assert seen[-1] == (("assay-validate-" + seen[-1][0][0].removeprefix("assay-validate-"), "wrong-status"), "python")
    rows = summary_rows(verdicts)
    assert rows[0] == ("tiny-api", "solution go", ">= 95", "100.0", "ok")


def test_a_crash_is_a_failed_verdict_and_the_rest_still_run(package):
    def grade(source, package, stack, on_event):
        if stack == "go":
            raise RuntimeError("no go toolchain")
        return Report(100 if "solutions" in source.parts else 0, [], [Finding("http.status")])

    verdicts = validate_package(package, grade=grade)
    assert verdicts[0].problems == ("grading crashed: RuntimeError: no go toolchain",)
    assert len(verdicts) == 4
    assert "FAIL: grading crashed" in summary_rows(verdicts)[0][4]


def test_validate_command_says_when_the_pipeline_is_missing(db, library, monkeypatch):
    def unavailable(*args, **kwargs):
        raise validation.PipelineUnavailable("the grading pipeline cannot be imported: no module")

    monkeypatch.setattr(validation, "grade", unavailable)
    monkeypatch.setattr(
        validation.validate_package, "__kwdefaults__", {"grade": unavailable, "on_subject": None, "on_event": None}
    )
    with pytest.raises(CommandError, match="cannot validate: the grading pipeline cannot be imported"):
        call_command("challenges", "--library", str(library), "validate")


def test_validate_command_refuses_a_broken_package(db, library, capsys):
    (library / "tiny-api" / "brief.md").unlink()
    with pytest.raises(CommandError, match="1 package"):
        call_command("challenges", "--library", str(library), "validate", "tiny-api")
    assert "brief.md: is missing" in capsys.readouterr().out


def test_validate_command_unknown_slug(db, library):
    with pytest.raises(CommandError, match="no package folder for nope"):
        call_command("challenges", "--library", str(library), "validate", "nope")
