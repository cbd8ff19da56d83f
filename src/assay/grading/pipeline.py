"""Grade a directory of candidate files: the stages of contract 3, in one sandbox run.

This module knows challenge packages and reports, not submissions or
organizations: `assay grade`, the grading task and `assay challenges validate`
all come through `grade_directory`.
"""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings

from assay.challenges.skills import SUITES
from assay.grading import questions
from assay.grading.analyzers import routes
from assay.grading.analyzers.inventory import take_inventory
from assay.grading.context import EventSink, GradingContext, StageLimits
from assay.grading.report import Finding, Report, StageReport
from assay.grading.sandbox import Limits, SandboxRun
from assay.grading.stages import PIPELINE, servers, setup, static, worker
from assay.grading.stages._common import log_tail
from assay.grading.stages.static import add_excerpts
from assay.grading.trusted import json_answer, run_module

if TYPE_CHECKING:
    from types import ModuleType

    from assay.challenges.package import ChallengePackage

logger = logging.getLogger("assay.grading")
# Calibration needs the service in the state the hidden tests leave it in, nothing else.
# The candidate's own tests: a small share beside the hundred a challenge usually spreads (docs/scoring.md).
CANDIDATE_TESTS_WEIGHT = 5.0
CALIBRATION_STAGES = {"snapshot", "setup", "services", "start", "worker", "hidden_tests", "load"}
# A static-only seeded flaw is judged by its findings: the files are read, nothing is installed or started.
STATIC_STAGES = {"snapshot", "static"}
_CALIBRATING: dict[str, threading.Lock] = {}


def cache_dir() -> Path:
    """Platform-wide caches (PostgreSQL template, dependencies, calibration). World-traversable by design."""
    path = Path(settings.ASSAY_CACHE_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def grade_directory(
    source: Path,
    package: ChallengePackage,
    stack: str,
    *,
    on_event: EventSink | None = None,
    on_stage: Callable[[StageReport], None] | None = None,
    limits: StageLimits | None = None,
    calibrating: bool = False,
    is_reference: bool = False,
    calibrate_missing: bool = False,
    static_only: bool = False,
) -> Report:
    """Run every stage on ``source`` and return the report. Never raises for anything the candidate did.

    ``is_reference``: ``source`` is the package's own solution for ``stack`` (library validation), so its load
    figures calibrate the challenge when none are cached, instead of a second grading of it.
    ``calibrate_missing``: measure the reference now when no calibration is cached (library validation). A
    candidate's grading never does: its version was calibrated when it was loaded (`tasks.calibrate_version`),
    and until then the load probe's absolute bounds apply.
    ``static_only``: run the snapshot and static stages only (a seeded flaw that only expects findings).
    """
    report = Report(
        challenge=package.slug,
        challenge_version=package.content_hash,
        stack=stack,
        suite_weights=suite_weights(package),
        assessed_skills=list(package.skills),
    )
    limits = limits or StageLimits()
    emit = on_event or (lambda stage, message: None)
    with (
        tempfile.TemporaryDirectory(prefix="assay-grading-") as scratch,
        SandboxRun(limits=Limits(disk_mb=limits.setup.disk_mb)) as sandbox,
    ):
        ctx = GradingContext(
            package=package,
            stack=stack,
            source=source,
            sandbox=sandbox,
            report=report,
            scratch=Path(scratch),
            cache_dir=cache_dir(),
            limits=limits,
            calibrating=calibrating,
            emit=emit,
        )
        if on_stage is not None:
            ctx.on_stage = on_stage
        if is_reference and not calibrating:
            ctx.reference_load = lambda: adopt_calibration(package, stack, ctx.calibration)
        elif calibrate_missing and not calibrating:
            ctx.reference_load = lambda: reference_load(package, stack)
        elif not calibrating:
            ctx.reference_load = lambda: cached_calibration(package, stack)
        wanted = STATIC_STAGES if static_only else CALIBRATION_STAGES if calibrating else None
        _run_stages(ctx, [s for s in PIPELINE if wanted is None or s.NAME in wanted])
        if not calibrating:
            report.findings += routes_findings(ctx)
        _stop_service(ctx)
        if calibrating:
            report.stages.append(StageReport("calibration", "Calibration", "passed", "", data=ctx.calibration or {}))
    questions.ask(report)
    order = {suite: n for n, suite in enumerate(SUITES)}
    report.checks.sort(key=lambda c: order.get(c.suite, len(order)))
    return report


def suite_weights(package: ChallengePackage) -> dict[str, float]:
    """The challenge's suite weights; its candidate tests weigh CANDIDATE_TESTS_WEIGHT unless it says otherwise."""
    weights = dict(package.weights)
    grading = package.manifest.get("grading")
    if isinstance(grading, dict) and "candidate_tests" not in grading:
        weights["candidate_tests"] = CANDIDATE_TESTS_WEIGHT
    return weights


def _run_stages(ctx: GradingContext, stages: list[ModuleType]) -> None:
    """Run the stages in order, overlapping the ones that do not depend on each other.

    Static analysis reads files only, so it runs beside the others up to the load probe, which waits for it:
    latency measured while the analyzers take the cores would judge the machine, not the service. The private
    services start while setup installs (setup never sees them: its environment has no DATABASE_URL).
    """
    background: dict[str, StageReport] = {}
    thread: threading.Thread | None = None
    static_at: int | None = None
    for stage in stages:
        if stage is static:
            static_at = len(ctx.report.stages)  # its report takes this place once it is done
            continue
        if stage is servers and "services" in background:
            _record(ctx, servers, background.pop("services"))  # it ran beside setup
            continue
        if stage.NAME == "load" and thread is not None:
            thread.join()
        if stage is setup and servers in stages:
            background["services"] = _setup_beside_services(ctx)
            continue
        ctx.emit(stage.NAME, "started")
        result = _run_one(stage, ctx)
        _record(ctx, stage, result)
        if stage.NAME == "snapshot" and static in stages:
            thread = _beside(ctx, static, background)
    if static_at is not None:
        if thread is not None:
            thread.join()
        result = background.get("static") or _error(ctx, static, "static analysis did not run")
        _record(ctx, static, result, static_at)


def _setup_beside_services(ctx: GradingContext) -> StageReport:
    """Setup in a thread, the services in this one: a sandboxed process dies with the thread that started it
    (bubblewrap's --die-with-parent), and the services must outlive their stage; setup's processes do not.

    Records setup; returns the services' report, recorded in its place in the pipeline."""
    installed: dict[str, StageReport] = {}
    thread = _beside(ctx, setup, installed)
    ctx.emit(servers.NAME, "started")
    services = _run_one(servers, ctx)
    thread.join()
    _record(ctx, setup, installed.get("setup") or _error(ctx, setup, "setup did not run"))
    return services


def _beside(ctx: GradingContext, stage: ModuleType, results: dict[str, StageReport]) -> threading.Thread:
    """Start `stage` in a thread; its report lands in `results` under its name."""
    ctx.emit(stage.NAME, "started")
    thread = threading.Thread(target=lambda: results.update({stage.NAME: _run_one(stage, ctx)}), daemon=True)
    thread.start()
    return thread


def _record(ctx: GradingContext, stage: ModuleType, result: StageReport, position: int | None = None) -> None:
    ctx.report.stages.insert(len(ctx.report.stages) if position is None else position, result)
    ctx.on_stage(result)
    ctx.emit(stage.NAME, result.summary)


def _run_one(stage: ModuleType, ctx: GradingContext) -> StageReport:
    """Run one stage; its duration is the stage's whole wall time, the one figure every view shows."""
    started = time.monotonic()
    try:
        result: StageReport = stage.run(ctx)
    except Exception as error:
        logger.exception("Stage %s failed inside Assay", stage.NAME)
        result = _error(ctx, stage, f"{error.__class__.__name__}: {error}")
    result.duration = time.monotonic() - started
    return result


def _error(ctx: GradingContext, stage: ModuleType, why: str) -> StageReport:
    """A stage that failed inside Assay: the grading is incomplete and its checks count as not passed.

    Its checks stay in the score as errors rather than leaving it: dropping the suite would re-weight
    the others and make a partial grading look complete.
    """
    summary = f"Assay could not complete this stage ({why}). This is not the candidate's fault."
    ctx.report.mark_incomplete(f"{stage.TITLE}: {why}")
    not_run = getattr(stage, "not_run", None)
    if not_run is not None and not any(c.suite == getattr(stage, "SUITE", None) for c in ctx.report.checks):
        ctx.report.checks.extend(not_run(ctx, summary))
    return StageReport(stage.NAME, stage.TITLE, "error", summary)


def routes_findings(ctx: GradingContext) -> list[Finding]:
    """The code's routes against the OpenAPI document the running service serves and the brief's contract."""
    served = None
    if ctx.ready and ctx.service is not None and ctx.service.alive():
        answer = json_answer(run_module(ctx, "assay.grading.probes.openapi", f"{ctx.base_url}/openapi.json"))
        operations = answer.get("operations") if answer else None
        served = [(str(m), str(p)) for m, p in operations] if operations else None
    brief = ctx.package.root / "brief.md"
    text = brief.read_text("utf-8", "replace") if brief.is_file() else ""
    try:
        findings = routes.compare(ctx.source, take_inventory(ctx.source).files, served, text)
    except Exception:  # a finding for the interview must never cost the grading
        logger.exception("The routes analyzer failed inside Assay")
        return []
    add_excerpts(ctx.source, findings)
    return findings


def _stop_service(ctx: GradingContext) -> None:
    """Stop the candidate's worker and service and keep the end of their logs for the reviewer."""
    worker.stop(ctx)
    if ctx.service is None:
        return
    result = ctx.service.stop(grace_seconds=3)
    start = ctx.report.stage("start")
    if start is not None:
        start.log_tail = log_tail(result) or start.log_tail
        if result.killed_by:
            start.summary += f" While running it was {result.explain()}."


def reference_load(package: ChallengePackage, stack: str) -> dict[str, Any] | None:
    """The reference solution's load figures on this machine, measured once per challenge version and stack."""
    stacks = package.solution_stacks()
    reference_stack = stack if stack in stacks else (stacks[0] if stacks else None)
    if reference_stack is None or package.load is None:
        return None
    path = _calibration_path(package, reference_stack)
    # Gradings running side by side (`assay challenges validate --jobs`) calibrate each reference once.
    with _CALIBRATING.setdefault(path.name, threading.Lock()):
        return _calibrated(package, reference_stack, path)


def cached_calibration(package: ChallengePackage, stack: str) -> dict[str, Any] | None:
    """The reference's load figures when they were measured already; None (absolute bounds) otherwise."""
    stacks = package.solution_stacks()
    reference_stack = stack if stack in stacks else (stacks[0] if stacks else None)
    if reference_stack is None or package.load is None:
        return None
    path = _calibration_path(package, reference_stack)
    cached: dict[str, Any] | None = json.loads(path.read_text()) if path.exists() else None
    return cached


def adopt_calibration(package: ChallengePackage, stack: str, measured: dict[str, Any] | None) -> dict[str, Any] | None:
    """The reference solution graded in full: the figures it just measured become the calibration, unless some
    are cached. A reference is judged against itself then; its load checks pass unless it has errors."""
    if stack not in package.solution_stacks() or package.load is None:
        return reference_load(package, stack)
    path = _calibration_path(package, stack)
    with _CALIBRATING.setdefault(path.name, threading.Lock()):
        if path.exists() or not measured:
            return _calibrated(package, stack, path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(measured))
        return measured


def _calibration_path(package: ChallengePackage, stack: str) -> Path:
    return cache_dir() / "calibration" / f"{package.slug}-{package.content_hash[:16]}-{stack}.json"


def _calibrated(package: ChallengePackage, reference_stack: str, path: Path) -> dict[str, Any] | None:
    if path.exists():
        cached: dict[str, Any] = json.loads(path.read_text())
        return cached
    solution = package.solution_dir(reference_stack)
    assert solution is not None
    with tempfile.TemporaryDirectory(prefix="assay-calibration-") as copy:
        shutil.copytree(solution, Path(copy) / "src", symlinks=True)
        calibration = grade_directory(Path(copy) / "src", package, reference_stack, calibrating=True)
    measured = calibration.stage("calibration")
    data = measured.data if measured else {}
    if not data:
        logger.warning("Calibration of %s/%s measured nothing; absolute bounds apply", package.slug, reference_stack)
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data))
    return data
