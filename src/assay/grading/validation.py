"""`assay challenges validate`: grade every subject of a package through the real pipeline and judge the results.

The targets (docs/challenge-format.md): a reference solution scores at least SOLUTION_MIN, an alternative
reference at least ALTERNATIVE_MIN, a starter at most STARTER_MAX. A flawed variant fails each check it names
in must_fail, raises each finding in must_find, and costs points against its base graded in the same run:
a critical flaw at least CRITICAL_SKILL_DROP in its skill and CRITICAL_OVERALL_DROP overall, any other at least
FLAW_SKILL_DROP in its skill. A seeded flaw must be detected (a must_fail check not passed or a must_find
finding raised); what it costs is reported. A static-only seeded flaw is graded by its static stage alone and
must raise every finding of its must_find; having no hidden tests run, it has no cost.

Subjects are graded in parallel (``jobs``), each distinct base once; the flaws are judged after every grading.
"""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from assay.challenges.files import content_hash
from assay.challenges.package import ChallengePackage, FlawedVariant
from assay.grading.pipeline import grade_directory
from assay.grading.report import Check, Report

SOLUTION_MIN = 95.0
ALTERNATIVE_MIN = 90.0
STARTER_MAX = 15.0
# A working starter (challenge.toml `starter = "working"`) keeps every behaviour check and scores at most this
# in performance: the hidden tests reward making it fast, not leaving it as it is.
WORKING_STARTER_PERFORMANCE_MAX = 50.0
# Hidden-test skills that measure speed and access paths rather than the answers a working starter gives.
NOT_BEHAVIOUR = ("performance", "database")
CRITICAL_SKILL_DROP = 25.0
CRITICAL_OVERALL_DROP = 10.0
FLAW_SKILL_DROP = 10.0

BROKEN = ("failed", "error")

OnEvent = Callable[["Subject", str, str], None]
OnSubject = Callable[["Subject"], None]
OnDone = Callable[["Subject", str], None]  # the subject, and "scored 97.5" or why its grading crashed


@dataclass(frozen=True)
class Subject:
    """One thing to grade: a solution, an alternative, a starter, a flawed variant or a seeded flaw."""

    kind: str  # solution | alternative | starter | flawed | seeded
    name: str  # the stack, the alternative's or the variant's name
    stack: str
    flaw: FlawedVariant | None = None
    working: bool = False  # a starter that is a working service (a rescue challenge)

    @property
    def label(self) -> str:
        if self.flaw is None:
            return f"{self.kind} {self.name}"
        return f"{self.kind} {self.name} (on {self.flaw.base})"

    @property
    def base(self) -> Subject | None:
        """The reference a flaw is measured against: its solution, or for a seeded flaw its alternative (or the
        solution it names)."""
        if self.flaw is None:
            return None
        kind = "alternative" if self.flaw.seeded and self.flaw.base != self.stack else "solution"
        return Subject(kind, self.flaw.base, self.stack)

    @property
    def is_reference(self) -> bool:
        return self.kind in ("solution", "alternative")


@dataclass(frozen=True)
class Cost:
    """What a flaw cost against its base: points lost in its skill (None when unmeasured) and overall."""

    skill: float | None
    overall: float


@dataclass(frozen=True)
class Verdict:
    slug: str
    subject: Subject
    score: float | None
    problems: tuple[str, ...]
    evidence: tuple[str, ...] = ()  # for a flaw: the checks that failed and the findings raised for it
    cost: Cost | None = None
    findings: tuple[tuple[str, str], ...] = ()  # (rule, severity) of every finding raised, for analyzer recall
    first_problems: tuple[str, ...] = ()  # what was off at the first grading, when a second one was needed

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def detected(self) -> bool:
        return bool(self.evidence)

    @property
    def expectation(self) -> str:
        kind, flaw = self.subject.kind, self.subject.flaw
        if kind == "solution":
            return f">= {SOLUTION_MIN:g}"
        if kind == "alternative":
            return f">= {ALTERNATIVE_MIN:g}"
        if kind == "starter" and self.subject.working:
            return f"behaviour kept, performance <= {WORKING_STARTER_PERFORMANCE_MAX:g}"
        if kind == "starter":
            return f"<= {STARTER_MAX:g}"
        assert flaw is not None
        if flaw.static_only:
            return f"finds {len(flaw.must_find)}"
        if flaw.seeded:
            return "detected"
        if flaw.critical:
            return f"{flaw.skill} -{CRITICAL_SKILL_DROP:g}, overall -{CRITICAL_OVERALL_DROP:g}"
        return f"fails {len(flaw.must_fail)} check(s), {flaw.skill} -{FLAW_SKILL_DROP:g}"


@dataclass(frozen=True)
class Spread:
    """How far repeated gradings of one reference differ: max - min of the overall and of each skill."""

    subject: Subject
    overall: tuple[float, ...]
    skills: dict[str, tuple[float, ...]]

    @staticmethod
    def of(values: Iterable[float]) -> float:
        found = list(values)
        return round(max(found) - min(found), 1) if found else 0.0


@dataclass(frozen=True)
class Validation:
    verdicts: list[Verdict]
    spreads: list[Spread]


def subjects(package: ChallengePackage) -> list[Subject]:
    found = [Subject("solution", stack, stack) for stack in package.solution_stacks()]
    found += [Subject("alternative", a.name, a.stack) for a in package.alternatives]
    working = package.starter == "working"
    found += [Subject("starter", stack, stack, working=working) for stack in package.stacks]
    found += [Subject("flawed", v.name, v.base, v) for v in package.flawed]
    # A seeded flaw's base is an alternative, or else a solution named by its stack.
    stacks = {a.name: a.stack for a in package.alternatives}
    found += [Subject("seeded", v.name, stacks.get(v.base, v.base), v) for v in package.seeded]
    return found


def judge(slug: str, subject: Subject, report: Report, base: Report | None = None) -> Verdict:
    """Whether ``report`` is what ``subject`` should get; each problem in words an author acts on.

    ``base`` is the report of the flaw's base graded in the same run (None when it could not be graded).
    A grading that a stage failed inside Assay left incomplete is never judged as if its score were final.
    """
    verdict = _judge(slug, subject, report, base)
    verdict = replace(verdict, findings=tuple((f.rule, f.severity) for f in report.findings))
    # Report version 2 says so; version 1 reports have no such key.
    if getattr(report, "incomplete", False):
        reasons = "; ".join(getattr(report, "incomplete_reasons", None) or []) or "a stage failed inside Assay"
        why = f"the grading is incomplete ({reasons}): its score is provisional; this is not the package's fault"
        return replace(verdict, problems=(*verdict.problems, why))
    return verdict


def _judge(slug: str, subject: Subject, report: Report, base: Report | None) -> Verdict:
    score = float(report.score)
    problems: list[str] = []
    if subject.kind in ("solution", "alternative"):
        floor = SOLUTION_MIN if subject.kind == "solution" else ALTERNATIVE_MIN
        if score < floor:
            what = "a reference solution" if subject.kind == "solution" else "an alternative reference"
            problems.append(f"scored {score:.1f}, {what} must score >= {floor:g}")
            # A stage that failed (setup, start) explains every check after it: name it first.
            problems += [f"stage {st.name} {st.status}: {st.summary}" for st in report.stages if st.status in BROKEN]
            problems += [_not_passed(c) for c in report.checks if c.outcome != "passed"][:10]
    elif subject.kind == "starter" and subject.working:
        problems += _judge_working_starter(report)
    elif subject.kind == "starter" and score > STARTER_MAX:
        problems.append(f"scored {score:.1f}, a starter must score <= {STARTER_MAX:g} (the hidden tests are too easy)")
    elif subject.flaw is not None:
        return _judge_flaw(slug, subject, subject.flaw, report, base)
    return Verdict(slug, subject, score, tuple(problems))


def _judge_working_starter(report: Report) -> list[str]:
    """A working starter passes the hidden behaviour checks (its answers are the contract) and is slow."""
    problems = [
        f"{_not_passed(c)}: a working starter must pass the behaviour checks"
        for c in report.checks
        if c.suite == "hidden_tests" and c.skill not in NOT_BEHAVIOUR and c.outcome != "passed"
    ][:10]
    performance = report.skills.get("performance")
    if performance is not None and performance > WORKING_STARTER_PERFORMANCE_MAX:
        problems.append(
            f"scored {performance:.1f} in performance; a working starter must score <= "
            f"{WORKING_STARTER_PERFORMANCE_MAX:g} there (the performance checks do not tell slow from fast)"
        )
    return problems


def _judge_flaw(slug: str, subject: Subject, flaw: FlawedVariant, report: Report, base: Report | None) -> Verdict:
    evidence = _evidence(flaw, report)
    cost = None if flaw.static_only else _cost(flaw, report, base)
    if flaw.static_only:
        raised = {finding.rule for finding in report.findings}
        problems = [f"finding {rule} was not raised" for rule in flaw.must_find if rule not in raised]
    elif flaw.seeded:
        problems = [] if evidence else [_undetected(flaw)]
    else:
        problems = _named_problems(flaw, report) + _cost_problems(subject, flaw, cost)
    return Verdict(slug, subject, float(report.score), tuple(problems), tuple(evidence), cost)


def _evidence(flaw: FlawedVariant, report: Report) -> list[str]:
    """How the grading caught the flaw: the named checks that did not pass, the named findings raised."""
    found = []
    for check in report.checks:
        if check.outcome != "passed" and any(_covers(test, check.id) for test in flaw.must_fail):
            found.append(f"check {check.id} {check.outcome}")
    for finding in report.findings:
        if finding.rule in flaw.must_find:
            where = f" at {finding.path}:{finding.line}" if finding.path and finding.line else ""
            found.append(f"finding {finding.rule}{where}")
    return list(dict.fromkeys(found))


def _covers(test: str, check_id: str) -> bool:
    """ "test_x.py::test_y" covers each parametrized case "test_x.py::test_y[...]"; one failing case is enough."""
    return check_id == test or check_id.startswith(test + "[")


def _undetected(flaw: FlawedVariant) -> str:
    named = [*flaw.must_fail, *(f"finding {rule}" for rule in flaw.must_find)]
    return f"not detected: every check passed and no finding was raised of {', '.join(named)}"


def _named_problems(flaw: FlawedVariant, report: Report) -> list[str]:
    problems = []
    for test in flaw.must_fail:
        runs = [c for c in report.checks if _covers(test, c.id)]
        if not runs:
            problems.append(f"{test} did not run")
        elif all(c.outcome == "passed" for c in runs):
            problems.append(f"{test} passed but must fail")
    raised = {finding.rule for finding in report.findings}
    problems += [f"finding {rule} was not raised" for rule in flaw.must_find if rule not in raised]
    return problems


def _cost(flaw: FlawedVariant, report: Report, base: Report | None) -> Cost | None:
    if base is None:
        return None
    before, after = base.skills.get(flaw.skill), report.skills.get(flaw.skill)
    skill = round(before - after, 1) if before is not None and after is not None else None
    return Cost(skill=skill, overall=round(base.score - report.score, 1))


def _cost_problems(subject: Subject, flaw: FlawedVariant, cost: Cost | None) -> list[str]:
    assert subject.base is not None
    if cost is None:
        return [f"its base ({subject.base.label}) could not be graded, so what the flaw costs is unknown"]
    if cost.skill is None:
        return [f"the reports have no {flaw.skill} score: no check of that skill ran for the flaw or its base"]
    need = CRITICAL_SKILL_DROP if flaw.critical else FLAW_SKILL_DROP
    problems = []
    if cost.skill < need:
        problems.append(
            f"costs {cost.skill:g} point(s) in {flaw.skill}, a {flaw.severity} flaw must cost at least {need:g} "
            f"against {subject.base.label}: make the checks that catch it weigh more or add one"
        )
    if flaw.critical and cost.overall < CRITICAL_OVERALL_DROP:
        problems.append(
            f"costs {cost.overall:g} point(s) overall, a critical flaw must cost at least {CRITICAL_OVERALL_DROP:g} "
            f"against {subject.base.label}: mark the checks that catch it critical"
        )
    return problems


def _not_passed(check: Check) -> str:
    message = (check.message.strip().splitlines() or [""])[0][:160]
    return f"{check.id} {check.outcome}" + (f": {message}" if message else "")


def failed(slug: str, subject: Subject, message: str) -> Verdict:
    """A subject that could not be graded at all."""
    return Verdict(slug, subject, None, (message,))


def source_of(package: ChallengePackage, subject: Subject, scratch: Path) -> Path:
    if subject.kind == "starter":
        return package.starter_dir(subject.stack)
    if subject.kind in ("solution", "alternative"):
        path = (
            package.solution_dir(subject.name) if subject.kind == "solution" else package.alternative_dir(subject.name)
        )
        assert path is not None
        return path
    assert subject.flaw is not None
    return package.materialize_flawed(subject.flaw, scratch / subject.kind / subject.flaw.name)


def validate_package(
    package: ChallengePackage,
    *,
    jobs: int = 1,
    repeat: int = 1,
    on_subject: OnSubject | None = None,
    on_event: OnEvent | None = None,
    on_done: OnDone | None = None,
    second_look: bool = True,
) -> Validation:
    """Grade and judge every subject of ``package``, ``jobs`` at a time; each reference ``repeat`` times.

    With ``second_look``, a subject whose verdict is off is graded once more and judged on that grading: a
    grading slowed by a busy machine (a setup past its time limit, a latency bound missed) is not a package's
    fault, and one that is off twice is. The first grading's problems stay on the verdict, said in the output.
    """
    everything = subjects(package)
    runs = [(s, n) for s in everything for n in range(repeat if s.is_reference else 1)]
    once = _Once()
    with tempfile.TemporaryDirectory(prefix="assay-validate-") as scratch:

        def grade(run: tuple[Subject, int]) -> Report | str:
            subject, n = run
            if on_subject:
                on_subject(subject)
            emit = (lambda stage, message: on_event(subject, stage, message)) if on_event else None
            result = _grade_one(package, subject, Path(scratch) / str(n), emit, once, n)
            if on_done:
                on_done(subject, f"scored {result.score:.1f}" if isinstance(result, Report) else result)
            return result

        with ThreadPoolExecutor(max_workers=max(1, jobs), thread_name_prefix="validate") as pool:
            results = list(pool.map(grade, runs))
            graded: dict[Subject, list[Report | str]] = {}
            for (subject, _), result in zip(runs, results, strict=True):
                graded.setdefault(subject, []).append(result)
            verdicts = [_verdict(package.slug, subject, graded) for subject in everything]
            off = [v for v in verdicts if not v.ok]
            if second_look and off:
                # The round number keeps a second grading apart from the first in the cache of identical subjects.
                again = list(pool.map(grade, [(v.subject, repeat) for v in off]))
                first = {v.subject: v.problems for v in off}
                for verdict, result in zip(off, again, strict=True):
                    graded[verdict.subject][0] = result
                verdicts = [_looked_again(package.slug, s, graded, first) for s in everything]
    spreads = [_spread(s, graded[s]) for s in everything if s.is_reference and repeat > 1]
    return Validation(verdicts, spreads)


def _grade_one(
    package: ChallengePackage,
    subject: Subject,
    scratch: Path,
    emit: Callable[[str, str], None] | None,
    once: _Once,
    round_: int,
) -> Report | str:
    """The report of one grading, or why it crashed."""
    try:
        source = source_of(package, subject, scratch)
        # A solution's own load figures calibrate its stack: each base is graded once, not again to calibrate.
        reference = subject.kind == "solution"
        static_only = subject.flaw is not None and subject.flaw.static_only
        key = (content_hash(source), subject.stack, reference, round_, static_only)
        return once.grade(
            key,
            lambda: grade_directory(
                source,
                package,
                subject.stack,
                on_event=emit,
                is_reference=reference,
                calibrate_missing=not static_only,
                static_only=static_only,
            ),
        )
    except Exception as exc:  # noqa: BLE001 - one subject's crash is reported, the others still run
        return f"grading crashed: {type(exc).__name__}: {exc}"


class _Once:
    """Each distinct subject (the same files, stack and round) is graded once; an identical one takes its report.

    The same files give the same verdict however a subject is named, and CI's budget has no grading to spare.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._results: dict[tuple[str, str, bool, int, bool], Future[Report]] = {}

    def grade(self, key: tuple[str, str, bool, int, bool], work: Callable[[], Report]) -> Report:
        with self._lock:
            future = self._results.get(key)
            first = future is None
            if future is None:
                future = self._results[key] = Future()
        if not first:
            return future.result()  # its grader is running in another thread of the pool
        try:
            report = work()
        except BaseException as error:
            future.set_exception(error)
            raise
        future.set_result(report)
        return report


def _verdict(slug: str, subject: Subject, graded: dict[Subject, list[Report | str]]) -> Verdict:
    first = graded[subject][0]
    if isinstance(first, str):
        return failed(slug, subject, first)
    bases = graded.get(subject.base, []) if subject.base is not None else []
    base = bases[0] if bases and isinstance(bases[0], Report) else None
    return judge(slug, subject, first, base)


def _looked_again(
    slug: str, subject: Subject, graded: dict[Subject, list[Report | str]], first: dict[Subject, tuple[str, ...]]
) -> Verdict:
    """The verdict on the latest gradings (a flaw is judged again when its base was graded again)."""
    verdict = _verdict(slug, subject, graded)
    return replace(verdict, first_problems=first[subject]) if subject in first else verdict


def _spread(subject: Subject, results: list[Report | str]) -> Spread:
    reports = [r for r in results if isinstance(r, Report)]
    skills: dict[str, tuple[float, ...]] = {}
    for report in reports:
        for skill, value in report.skills.items():
            if value is not None:
                skills[skill] = (*skills.get(skill, ()), value)
    return Spread(subject, tuple(r.score for r in reports), skills)


def summary_rows(verdicts: Iterable[Verdict]) -> list[tuple[str, str, str, str, str, str]]:
    """(challenge, subject, expected, score, cost, result) for the summary table."""
    rows = []
    for v in verdicts:
        score = "—" if v.score is None else f"{v.score:.1f}"
        rows.append((v.slug, v.subject.label, v.expectation, score, cost_text(v), "ok" if v.ok else "FAIL"))
    return rows


def problem_lines(verdicts: Iterable[Verdict]) -> list[str]:
    """One line per problem, naming the challenge and the subject, for below the summary table."""
    return [f"{v.slug}: {v.subject.label}: {problem}" for v in verdicts for problem in v.problems]


def second_look_lines(verdicts: Iterable[Verdict]) -> list[str]:
    """The subjects that were off at their first grading and as expected at the second, with what was off."""
    return [
        f"{v.slug}: {v.subject.label}: as expected when graded again; the first grading was off: "
        + "; ".join(v.first_problems)
        for v in verdicts
        if v.ok and v.first_problems
    ]


def cost_text(verdict: Verdict) -> str:
    """ "security -30, overall -12" for a flaw; "" for anything else or when its base was not graded."""
    flaw, cost = verdict.subject.flaw, verdict.cost
    if flaw is None or cost is None:
        return ""
    skill = "not measured" if cost.skill is None else f"{-cost.skill:+g}"
    return f"{flaw.skill} {skill}, overall {-cost.overall:+g}"


def seeded_rows(verdicts: Iterable[Verdict]) -> list[tuple[str, str, str, str, str, str]]:
    """(challenge, seeded flaw, severity, detected, evidence, cost) for the seeded-flaw corpus table."""
    rows = []
    for v in verdicts:
        if v.subject.kind != "seeded" or v.subject.flaw is None:
            continue
        detected = "yes" if v.detected else ("not graded" if v.score is None else "NO")
        evidence = "; ".join(v.evidence) or ("not graded" if v.score is None else "no check failed, no finding raised")
        rows.append((v.slug, v.subject.label, v.subject.flaw.severity, detected, evidence, cost_text(v)))
    return rows
