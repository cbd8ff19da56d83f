"""Run the candidate's own tests (`test` in assay.toml), with the service still running and no network."""

from __future__ import annotations

import re
from pathlib import Path

from assay.grading.analyzers.inventory import take_inventory
from assay.grading.context import GradingContext
from assay.grading.report import Check, StageReport
from assay.grading.stages._common import from_process, skipped

NAME = "candidate_tests"
TITLE = "Candidate's own tests"
SUITE = "candidate_tests"
_PYTEST = re.compile(r"^=*\s*(?:\d+ \w+, )*\d+ (?:passed|failed)\b.*$", re.MULTILINE)
_NODE_TEST = re.compile(r"^# (pass|fail) (\d+)$", re.MULTILINE)
_SUREFIRE = re.compile(r"Tests run: (\d+), Failures: (\d+)(?:, Errors: (\d+))?")
_JEST = re.compile(r"^Tests:\s+(.*\d+ total)$", re.MULTILINE)
_MOCHA = re.compile(r"^\s*(\d+) (passing|failing)\b", re.MULTILINE)
_UNITTEST = re.compile(r"^Ran (\d+) tests? in [\d.]+s\s*\n\s*\n?(OK|FAILED \(([^)]*)\))", re.MULTILINE)
_GO = re.compile(r"^\s*--- (PASS|FAIL): ", re.MULTILINE)


def _pytest(output: str) -> dict[str, int]:
    lines = _PYTEST.findall(output)
    return _numbers(lines[-1], passed=r"(\d+) passed", failed=r"(\d+) failed") if lines else {}


def _node_test(output: str) -> dict[str, int]:
    found = {("passed" if kind == "pass" else "failed"): int(n) for kind, n in _NODE_TEST.findall(output)}
    return found


def _surefire(output: str) -> dict[str, int]:
    runs = _SUREFIRE.findall(output)
    if not runs:
        return {}
    total, failures, errors = runs[-1]  # Maven prints the module's total last
    failed = int(failures) + int(errors or 0)
    return {"passed": int(total) - failed, "failed": failed}


def _jest(output: str) -> dict[str, int]:
    lines = _JEST.findall(output)
    return _numbers(lines[-1], passed=r"(\d+) passed", failed=r"(\d+) failed") if lines else {}


def _mocha(output: str) -> dict[str, int]:
    return {("passed" if kind == "passing" else "failed"): int(n) for n, kind in _MOCHA.findall(output)}


def _unittest(output: str) -> dict[str, int]:
    """Django's and unittest's runner: "Ran 5 tests" then OK or FAILED (failures=1, errors=1)."""
    runs = _UNITTEST.findall(output)
    if not runs:
        return {}
    total, _, details = runs[-1]
    failed = sum(int(n) for n in re.findall(r"(?:failures|errors)=(\d+)", details))
    return {"passed": int(total) - failed, "failed": failed} if failed else {"passed": int(total)}


def _go(output: str) -> dict[str, int]:
    """`go test -v` prints a line per test; without -v a failing test still prints its FAIL line."""
    results = _GO.findall(output)
    found = {"passed": results.count("PASS"), "failed": results.count("FAIL")}
    return {k: v for k, v in found.items() if v}


def _numbers(text: str, **patterns: str) -> dict[str, int]:
    found = {}
    for key, pattern in patterns.items():
        match = re.search(pattern, text)
        if match:
            found[key] = int(match.group(1))
    return found


# Each runner Assay knows, most specific summary first.
_RUNNERS = (_pytest, _jest, _surefire, _node_test, _mocha, _unittest, _go)


def counts(output: str) -> dict[str, int]:
    """Passed and failed counts from the summary the test runner printed; {} when there is none."""
    for runner in _RUNNERS:
        found = runner(output)
        if found:
            return found
    return {}


def run(ctx: GradingContext) -> StageReport:
    if ctx.config is None or not ctx.config.test:
        ctx.report.checks.append(_check(False, "assay.toml declares no test command."))
        return skipped(NAME, TITLE, "assay.toml declares no test command")
    result = ctx.sandbox.run(ctx.config.test, limits=ctx.limits.candidate_tests, env=ctx.service_env())
    report = from_process(NAME, TITLE, result, what="The test command")
    found = counts(result.stdout + "\n" + result.stderr)
    written = own_test_files(ctx.source, _starter(ctx))
    report.data = {"counts": found, "own_test_files": written[:50]}
    if found:
        report.summary += f" {found.get('passed', 0)} passed, {found.get('failed', 0)} failed."
    if not written:
        # The starter's public tests are ours: passing them is no evidence of the candidate's testing.
        report.summary += " No test file was added or changed beyond the starter's."
    ctx.report.checks.append(_check(result.ok and bool(written), report.summary))
    return report


def own_test_files(source: Path, starter: Path | None) -> list[str]:
    """The test files the candidate added or changed: those that are not, byte for byte, the starter's."""
    theirs = take_inventory(source).test_files
    if starter is None or not starter.is_dir():
        return theirs
    return [path for path in theirs if not _same_file(source / path, starter / path)]


def _same_file(ours: Path, starters: Path) -> bool:
    try:
        return starters.is_file() and ours.read_bytes() == starters.read_bytes()
    except OSError:
        return False


def _starter(ctx: GradingContext) -> Path | None:
    try:
        return ctx.package.starter_dir(ctx.stack)
    except KeyError:  # a stack graded without a starter (an alternative reference's own stack is always one)
        return None


def not_run(ctx: GradingContext, why: str) -> list[Check]:
    """The check, as an error when running the tests failed inside Assay: the suite keeps its weight."""
    check = _check(False, why)
    check.outcome = "error"
    return [check]


def _check(ok: bool, message: str) -> Check:
    return Check(
        "candidate_tests.pass",
        SUITE,
        "The candidate's own tests pass",
        "integration",
        1,
        "passed" if ok else "failed",
        message,
    )
