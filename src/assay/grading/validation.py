"""`assay challenges validate`: grade a package's solutions, starters and flawed variants, and judge the results.

A reference solution must score at least SOLUTION_MIN, a starter at most STARTER_MAX, and a flawed
variant must fail each test it names in must_fail and raise each finding it names in must_find.
The grading itself is the real pipeline (`grade_directory`), the same that grades a submission.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from assay.challenges.package import ChallengePackage, FlawedVariant
from assay.grading.pipeline import grade_directory
from assay.grading.report import Report

SOLUTION_MIN = 95.0
STARTER_MAX = 15.0

OnEvent = Callable[[str, str], None]


@dataclass(frozen=True)
class Subject:
    """One thing to grade: a solution, a starter or a flawed variant."""

    kind: str  # solution | starter | flawed
    name: str  # the stack, or the variant's name
    stack: str
    flaw: FlawedVariant | None = None

    @property
    def label(self) -> str:
        return f"{self.kind} {self.name}" if self.kind != "flawed" else f"flawed {self.name} (on {self.stack})"


@dataclass(frozen=True)
class Verdict:
    slug: str
    subject: Subject
    score: float | None
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def expectation(self) -> str:
        if self.subject.kind == "solution":
            return f">= {SOLUTION_MIN:g}"
        if self.subject.kind == "starter":
            return f"<= {STARTER_MAX:g}"
        assert self.subject.flaw is not None
        flaw = self.subject.flaw
        return f"fails {len(flaw.must_fail)} test(s), raises {len(flaw.must_find)} finding(s)"


def subjects(package: ChallengePackage) -> list[Subject]:
    found = [Subject("solution", stack, stack) for stack in package.solution_stacks()]
    found += [Subject("starter", stack, stack) for stack in package.stacks]
    found += [Subject("flawed", v.name, v.base, v) for v in package.flawed]
    return found


def judge(slug: str, subject: Subject, report: Report) -> Verdict:
    """Whether ``report`` is what ``subject`` should get; each problem in words an author acts on."""
    score = float(report.score)
    problems: list[str] = []
    if subject.kind == "solution" and score < SOLUTION_MIN:
        problems.append(f"scored {score:.1f}, a reference solution must score >= {SOLUTION_MIN:g}")
        problems += [f"{c.id} {c.outcome}" for c in report.checks if c.outcome != "passed"][:10]
    elif subject.kind == "starter" and score > STARTER_MAX:
        problems.append(f"scored {score:.1f}, a starter must score <= {STARTER_MAX:g} (the hidden tests are too easy)")
    elif subject.flaw is not None:
        problems += _flaw_problems(subject.flaw, report)
    return Verdict(slug, subject, score, tuple(problems))


def _flaw_problems(flaw: FlawedVariant, report: Report) -> list[str]:
    problems = []
    for test in flaw.must_fail:
        # "test_x.py::test_y" covers each parametrized case "test_x.py::test_y[...]"; one failing case is enough.
        runs = [c for c in report.checks if c.id == test or c.id.startswith(test + "[")]
        if not runs:
            problems.append(f"{test} did not run")
        elif all(c.outcome == "passed" for c in runs):
            problems.append(f"{test} passed but must fail")
    raised = {finding.rule for finding in report.findings}
    problems += [f"finding {rule} was not raised" for rule in flaw.must_find if rule not in raised]
    return problems


def failed(slug: str, subject: Subject, message: str) -> Verdict:
    """A subject that could not be graded at all."""
    return Verdict(slug, subject, None, (message,))


def source_of(package: ChallengePackage, subject: Subject, scratch: Path) -> Path:
    if subject.kind == "starter":
        return package.starter_dir(subject.stack)
    if subject.kind == "solution":
        path = package.solution_dir(subject.stack)
        assert path is not None
        return path
    assert subject.flaw is not None
    return package.materialize_flawed(subject.flaw, scratch / subject.flaw.name)


def validate_package(
    package: ChallengePackage,
    *,
    on_subject: Callable[[Subject], None] | None = None,
    on_event: OnEvent | None = None,
) -> list[Verdict]:
    """Grade and judge every subject of ``package``."""
    verdicts = []
    with tempfile.TemporaryDirectory(prefix="assay-validate-") as scratch:
        for subject in subjects(package):
            if on_subject:
                on_subject(subject)
            try:
                source = source_of(package, subject, Path(scratch))
                report = grade_directory(source, package, subject.stack, on_event=on_event)
            except Exception as exc:  # noqa: BLE001 - one subject's crash is reported, the others still run
                verdicts.append(failed(package.slug, subject, f"grading crashed: {type(exc).__name__}: {exc}"))
                continue
            verdicts.append(judge(package.slug, subject, report))
    return verdicts


def summary_rows(verdicts: Iterable[Verdict]) -> list[tuple[str, str, str, str, str]]:
    """(challenge, subject, expected, score, result) for the summary table."""
    rows = []
    for v in verdicts:
        score = "—" if v.score is None else f"{v.score:.1f}"
        result = "ok" if v.ok else "FAIL: " + "; ".join(v.problems)
        rows.append((v.slug, v.subject.label, v.expectation, score, result))
    return rows
