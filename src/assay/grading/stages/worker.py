"""The candidate's worker process (``[worker] command`` in assay.toml): started beside the service by the start
stage, judged here once the service is ready. A worker that will not start is the candidate's finding, told with
the last lines it printed; the hidden tests may then kill and restart it (see `assay.grading.candidate_worker`)."""

from __future__ import annotations

from assay.grading.candidate_worker import WorkerSupervisor
from assay.grading.context import GradingContext
from assay.grading.report import StageReport
from assay.grading.stages._common import log_tail, skipped

NAME = "worker"
TITLE = "Start the worker"
# A worker has no readiness check: one that is still running this long after its start is taken as started.
SETTLE_SECONDS = 2.0


def launch(ctx: GradingContext) -> None:
    """Start the worker the repository declares, in the service's sandbox, limits and environment."""
    if ctx.config is None or not ctx.config.worker:
        return
    command, env = ctx.config.worker, ctx.service_env()
    ctx.worker = WorkerSupervisor(
        lambda: ctx.sandbox.spawn(command, limits=ctx.limits.service, env=env), ctx.scratch / "worker.sock"
    )
    ctx.worker.launch()


def run(ctx: GradingContext) -> StageReport:
    if ctx.config is None or not ctx.config.worker:
        return skipped(NAME, TITLE, "assay.toml declares no worker")
    if ctx.worker is None:
        return skipped(NAME, TITLE, "the service was not started")
    ended = ctx.worker.first_run(SETTLE_SECONDS)
    if ctx.worker.spawn_error is not None:
        ctx.report.mark_incomplete(f"{TITLE}: {ctx.worker.spawn_error}")
        summary = f"Assay could not start the worker ({ctx.worker.spawn_error}). This is not the candidate's fault."
        return StageReport(NAME, TITLE, "error", summary)
    if ended is not None:
        summary = (
            f"The worker ([worker] command in assay.toml) did not keep running: it {ended.explain()}. "
            "Jobs it should process stay undone. The last lines it printed are below."
        )
        return StageReport(NAME, TITLE, "failed", summary, log_tail=log_tail(ended))
    return StageReport(NAME, TITLE, "passed", f"The worker was running {SETTLE_SECONDS:.0f}s after its start.")


def stop(ctx: GradingContext) -> None:
    """Stop the worker at the end of the grading; its log (every run, oldest first) joins the stage's report."""
    if ctx.worker is None:
        return
    text = ctx.worker.close()
    report = ctx.report.stage(NAME)
    if report is None:
        return
    report.log_tail = text or report.log_tail
    report.data = {**report.data, "starts": ctx.worker.starts, "kills": ctx.worker.kills}
    crashes = ctx.worker.crashes[1:] if report.status == "failed" else ctx.worker.crashes
    if crashes:
        report.status = "failed"
        report.summary += f" While the tests ran it {crashes[-1].removeprefix('exited on its own: it ')}"
        report.summary += f" ({len(crashes)} time(s) in all)." if len(crashes) > 1 else "."
