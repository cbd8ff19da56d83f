"""Start the private services of this run: an empty PostgreSQL and/or Redis, reachable only from its sandbox."""

from __future__ import annotations

import time

from assay.grading.context import GradingContext
from assay.grading.report import StageReport
from assay.grading.sandbox import SandboxError
from assay.grading.servers import start_postgres, start_redis

# The report has always called this stage "services"; the module is named for what it starts.
NAME = "services"
TITLE = "Private services"


def wanted(ctx: GradingContext) -> list[str]:
    declared = set(ctx.package.services) | set(ctx.config.services if ctx.config else [])
    return [name for name in ("postgres", "redis") if name in declared]


def run(ctx: GradingContext) -> StageReport:
    names = wanted(ctx)
    if not names:
        return StageReport(NAME, TITLE, "skipped", "Skipped: this challenge uses no database or cache.")
    started = time.monotonic()
    try:
        if "postgres" in names:
            ctx.postgres = start_postgres(ctx.sandbox, ctx.cache_dir / "postgres")
        if "redis" in names:
            ctx.redis = start_redis(ctx.sandbox)
    except SandboxError as error:
        # Not the candidate's fault: the platform could not provide what the challenge promises.
        return StageReport(NAME, TITLE, "error", f"Assay could not start {', '.join(names)}: {error}")
    took = time.monotonic() - started
    return StageReport(
        NAME, TITLE, "passed", f"Started a private, empty {' and '.join(names)} in {took:.2f}s.", duration=took
    )
