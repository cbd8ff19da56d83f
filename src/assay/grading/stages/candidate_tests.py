"""Run the candidate's own tests (`test` in assay.toml), with the service still running and no network."""

from __future__ import annotations

import re

from assay.grading.context import GradingContext
from assay.grading.report import Check, StageReport
from assay.grading.stages._common import from_process, skipped

NAME = "candidate_tests"
TITLE = "Candidate's own tests"
SUITE = "candidate_tests"
# The summary line of each runner Assay knows; "failed" and "passed" may come in either order.
_SUMMARIES = [
    re.compile(r"^=*\s*(?:\d+ \w+, )*\d+ (?:passed|failed)\b.*$", re.MULTILINE),  # pytest
    re.compile(r"^# (?:pass|fail) \d+$", re.MULTILINE),  # node:test
    re.compile(r"Tests run: \d+, Failures: \d+.*$", re.MULTILINE),  # Maven Surefire
]
_NUMBER = {
    "passed": re.compile(r"(\d+) passed|# pass (\d+)"),
    "failed": re.compile(r"(\d+) failed|# fail (\d+)|Failures: (\d+)"),
    "total": re.compile(r"Tests run: (\d+)"),
}


def counts(output: str) -> dict[str, int]:
    """Passed and failed counts from the last summary the test runner printed; {} when there is none."""
    for summary in _SUMMARIES:
        lines = summary.findall(output)
        if not lines:
            continue
        text = "\n".join(lines[-2:]) if summary.pattern.startswith("^# ") else lines[-1]
        found = {}
        for key, number in _NUMBER.items():
            match = number.search(text)
            if match:
                found[key] = int(next(g for g in match.groups() if g is not None))
        if "total" in found:
            found["passed"] = found.pop("total") - found.get("failed", 0)
        return found
    return {}


def run(ctx: GradingContext) -> StageReport:
    if ctx.config is None or not ctx.config.test:
        ctx.report.checks.append(_check(False, "assay.toml declares no test command."))
        return skipped(NAME, TITLE, "assay.toml declares no test command")
    result = ctx.sandbox.run(ctx.config.test, limits=ctx.limits.candidate_tests, env=ctx.service_env())
    report = from_process(NAME, TITLE, result, what="The test command")
    found = counts(result.stdout + "\n" + result.stderr)
    report.data = {"counts": found}
    if found:
        report.summary += f" {found.get('passed', 0)} passed, {found.get('failed', 0)} failed."
    ctx.report.checks.append(_check(result.ok, report.summary))
    return report


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
