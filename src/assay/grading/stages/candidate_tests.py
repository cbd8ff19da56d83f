"""Run the candidate's own tests (`test` in assay.toml), with the service still running and no network."""

from __future__ import annotations

import re

from assay.grading.context import GradingContext
from assay.grading.report import Check, StageReport
from assay.grading.stages._common import from_process, skipped

NAME = "candidate_tests"
TITLE = "Candidate's own tests"
SUITE = "candidate_tests"
_COUNTS = [
    re.compile(r"(?P<passed>\d+) passed(?:, (?P<failed>\d+) failed)?"),  # pytest
    re.compile(r"# pass (?P<passed>\d+)\s+# fail (?P<failed>\d+)"),  # node:test
    re.compile(r"Tests run: (?P<total>\d+), Failures: (?P<failed>\d+)"),  # Maven Surefire
]


def counts(output: str) -> dict[str, int]:
    for pattern in _COUNTS:
        matches = list(pattern.finditer(output))
        if matches:
            match = matches[-1]  # the summary line comes last
            found = {k: int(v) for k, v in match.groupdict().items() if v is not None}
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
