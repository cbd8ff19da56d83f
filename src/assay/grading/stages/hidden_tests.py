"""Run the challenge's hidden black-box tests against the running service.

The shipped library's tests run in a trusted process that joins only the
run's network namespace; a hiring team's tests run sandboxed as the run's
grader uid (see `assay.grading.untrusted`). Either way the candidate's code
can never read them, and they reach the service on the sandbox's own
127.0.0.1.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from assay.grading import browser, untrusted
from assay.grading.context import GradingContext
from assay.grading.report import Check, CheckSeverity, Evidence, RootCause, StageReport, StageStatus
from assay.grading.sandbox import ProcessResult
from assay.grading.stages._common import log_tail
from assay.grading.trusted import clean_env

NAME = "hidden_tests"
TITLE = "Hidden API tests"
SUITE = "hidden_tests"
# A request in flight at the deadline may take its 10 s timeout; then teardown and the results file.
DEADLINE_MARGIN_SECONDS = 30
_SEVERITIES: dict[str, CheckSeverity] = {"critical": "critical", "high": "high", "medium": "medium", "low": "low"}


def run(ctx: GradingContext) -> StageReport:
    result, results = _run_sandboxed(ctx) if ctx.package.untrusted else _run_trusted(ctx)
    if results is None:
        summary = (
            f"The hidden tests could not run ({result.explain()}). This is a fault of the platform, not the candidate."
        )
        # Every hidden check still counts, as not passed: a platform fault must never raise a score.
        ctx.report.checks.extend(not_run(ctx, summary))
        ctx.report.mark_incomplete(f"{TITLE}: {result.explain()}")
        return StageReport(NAME, TITLE, "error", summary, duration=result.duration_seconds, log_tail=log_tail(result))
    checks = [_check(test) for test in results.get("tests", [])]
    ctx.report.checks.extend(checks)
    # Response checks only ever take points away: "no stack trace" is no credit to a service that does nothing.
    responses = results.get("responses", [])
    ctx.report.checks.extend(_check(r) for r in responses if r.get("outcome") != "passed")
    causes = [_root_cause(cause, checks) for cause in results.get("root_causes", [])]
    ctx.report.root_causes.extend(causes)
    passed = sum(c.passed for c in checks)
    # A challenge without a service (SQL only) declares no start; otherwise a dead service explains every failure.
    has_service = ctx.config is None or bool(ctx.config.start)
    prefix = "The service was not running, so every test failed. " if has_service and not ctx.ready else ""
    summary = f"{prefix}{passed} of {len(checks)} hidden tests passed."
    errors = results.get("collection_errors") or []
    if causes:
        blocked = sum(len(c.blocks) for c in causes)
        summary += f" {blocked} blocked by {len(causes)} failing setup step(s), each counted once."
    if errors:
        summary += f" {len(errors)} test file(s) could not be collected."
        # The challenge's own tests are broken: their checks are missing, so the score cannot be complete.
        ctx.report.mark_incomplete(f"{TITLE}: {len(errors)} hidden test(s) could not be collected")
    status: StageStatus = "passed" if checks and passed == len(checks) else "failed"
    return StageReport(
        NAME,
        TITLE,
        status,
        summary,
        duration=result.duration_seconds,
        data={"collection_errors": errors, "responses": [_response_summary(r) for r in responses]},
    )


def _run_trusted(ctx: GradingContext) -> tuple[ProcessResult, dict[str, Any] | None]:
    """The shipped library's tests: platform code, in the run's network namespace only."""
    results_path = ctx.scratch / "hidden-results.json"
    argv = _pytest_argv(
        ctx,
        python=sys.executable,
        tests_dir=str(ctx.package.hidden_tests_dir),
        grading_dir=str(ctx.package.grading_dir),
        ini=str(_empty_ini(ctx.scratch)),
        results=str(results_path),
        workspace=str(ctx.source),
    )
    if ctx.provided:
        argv.append(f"--assay-provided={_provided_file(ctx)}")
    if ctx.worker is not None:
        argv.append(f"--assay-worker={ctx.worker.socket_path}")
    argv += browser.plugin_options(ctx.sandbox, ctx.scratch)
    result = ctx.sandbox.run_trusted(argv, limits=ctx.limits.trusted, env=clean_env(), cwd=ctx.scratch)
    results = json.loads(results_path.read_text()) if results_path.exists() else None
    return result, results


def _run_sandboxed(ctx: GradingContext) -> tuple[ProcessResult, dict[str, Any] | None]:
    """A hiring team's tests: untrusted code, sandboxed as the run's grader (see `assay.grading.untrusted`)."""
    view = untrusted.prepare(ctx)
    argv = _pytest_argv(
        ctx,
        python=view.python,
        tests_dir=view.tests_dir,
        grading_dir=view.grading_dir,
        ini=view.ini,
        results=view.results,
        workspace=view.workspace,
    )
    return untrusted.run(ctx, view, argv), untrusted.read_results(view)


def _pytest_argv(
    ctx: GradingContext, *, python: str, tests_dir: str, grading_dir: str, ini: str, results: str, workspace: str
) -> list[str]:
    argv = [
        python,
        "-m",
        "pytest",
        tests_dir,
        "-p",
        "assay.grading.hidden.plugin",
        "-p",
        "no:cacheprovider",
        "-p",
        "no:django",
        "-p",
        "no:xdist",
        "-q",
        "--no-header",
        "--tb=short",
        "-c",
        ini,
        "--rootdir",
        grading_dir,
        # Never load a conftest.py from the folders that hold the challenge (a library, a test suite).
        "--confcutdir",
        grading_dir,
        f"--assay-base-url={ctx.base_url}",
        f"--assay-results={results}",
        f"--assay-workspace={workspace}",
        f"--assay-deadline={_deadline(ctx)}",
    ]
    if ctx.postgres:
        argv.append(f"--assay-database-url={ctx.postgres.database_url}")
    return argv


def _deadline(ctx: GradingContext) -> int:
    """The tests' own time, short of the sandbox's wall-clock limit by enough to write their results: a slow
    service then fails the tests left, instead of the whole suite being killed as if Assay had failed."""
    limit = int(ctx.limits.trusted.wall_seconds)
    return max(limit // 2, limit - DEADLINE_MARGIN_SECONDS)


def _response_summary(result: dict[str, Any]) -> dict[str, str]:
    return {"id": result["id"], "name": result["name"], "outcome": result["outcome"], "message": result["message"]}


def _check(test: dict[str, Any]) -> Check:
    severity = _SEVERITIES.get(str(test.get("severity")), "medium")
    return Check(
        id=test["id"],
        suite=SUITE,
        name=test.get("name") or test["id"],
        skill=test["skill"],
        weight=float(test.get("weight", 1)),
        outcome=test["outcome"],
        message=test.get("message", ""),
        duration=float(test.get("duration", 0.0)),
        evidence=[Evidence(kind="http", data=exchange) for exchange in test.get("evidence", [])],
        severity=severity,
        blocked_by=test.get("blocked_by", ""),
    )


def _root_cause(cause: dict[str, Any], checks: list[Check]) -> RootCause:
    """The skill is that of the heaviest check it blocks: the score counts the cause there, once."""
    blocked = [c for c in checks if c.id in set(cause["blocks"])]
    heaviest = max(blocked, key=lambda c: c.weight, default=None)
    skill = heaviest.skill if heaviest is not None else "server_logic"
    return RootCause(id=cause["id"], message=cause["message"], skill=skill, blocks=list(cause["blocks"]))


def not_run(ctx: GradingContext, why: str) -> list[Check]:
    return [
        Check(id=c.id, suite=SUITE, name=c.id, skill=c.skill, weight=c.weight, outcome="error", message=why)
        for c in ctx.package.hidden_checks
    ]


def _provided_file(ctx: GradingContext) -> Path:
    """Where the hidden tests find each provided service: its URL and its control socket."""
    path = ctx.scratch / "provided.json"
    path.write_text(json.dumps({p.service.name: p.describe() for p in ctx.provided}))
    return path


def _empty_ini(scratch: Path) -> Path:
    # Keep the platform's own pytest configuration (pyproject.toml) out of the hidden run.
    ini = scratch / "hidden-pytest.ini"
    ini.write_text("[pytest]\n")
    return ini
