"""Start the candidate's service (`start` in assay.toml) and wait until it answers on $PORT."""

from __future__ import annotations

from assay.grading.context import GradingContext
from assay.grading.report import StageReport
from assay.grading.stages import worker
from assay.grading.stages._common import log_tail, skipped
from assay.grading.trusted import json_answer, run_module

NAME = "start"
TITLE = "Start the service"


def run(ctx: GradingContext) -> StageReport:
    if ctx.config is None:
        return skipped(NAME, TITLE, "there is no valid assay.toml")
    if not ctx.config.start:
        return skipped(NAME, TITLE, "assay.toml declares no service to start")
    worker.launch(ctx)  # beside the service: the worker settles while the service gets ready
    ctx.service = ctx.sandbox.spawn(ctx.config.start, limits=ctx.limits.service, env=ctx.service_env())
    path = ctx.config.healthcheck or "/"
    timeout = ctx.limits.readiness_seconds
    probe = run_module(ctx, "assay.grading.probes.ready", f"{ctx.base_url}{path}", str(timeout), str(ctx.service.pid))
    answer = json_answer(probe) or {"ready": False, "reason": "the readiness probe failed", "seconds": 0.0}
    seconds = float(answer.get("seconds", 0.0))
    if answer["ready"]:
        ctx.ready = True
        summary = f"The service answered GET {path} with {answer['status']} after {seconds:.1f}s."
        return StageReport(NAME, TITLE, "passed", summary, duration=seconds, data={"ready_seconds": seconds})
    if not ctx.service.alive():
        result = ctx.service.wait()
        summary = (
            f"The service exited before it answered on $PORT: it {result.explain()}. "
            "The last lines it printed are below."
        )
        return StageReport(NAME, TITLE, "failed", summary, duration=seconds, log_tail=log_tail(result))
    summary = (
        f"The service is running but did not answer GET {path} on port $PORT within {timeout:.0f}s "
        f"({answer['reason']}). Does it listen on 127.0.0.1 or 0.0.0.0 and read the PORT variable?"
    )
    return StageReport(NAME, TITLE, "failed", summary, duration=seconds)
