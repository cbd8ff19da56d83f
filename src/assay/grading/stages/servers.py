"""Start the services of this run: an empty PostgreSQL and/or Redis, and the challenge's own provided
services, reachable only from its sandbox."""

from __future__ import annotations

import time

from assay.grading.context import GradingContext
from assay.grading.report import StageReport
from assay.grading.sandbox import SandboxError
from assay.grading.servers import start_postgres, start_provided, start_redis

# The report has always called this stage "services"; the module is named for what it starts.
NAME = "services"
TITLE = "Private services"


def wanted(ctx: GradingContext) -> list[str]:
    declared = set(ctx.package.services) | set(ctx.config.services if ctx.config else [])
    return [name for name in ("postgres", "redis") if name in declared]


def run(ctx: GradingContext) -> StageReport:
    names = wanted(ctx)
    provided = [p.name for p in ctx.package.provided]
    if not names and not provided:
        return StageReport(NAME, TITLE, "skipped", "Skipped: this challenge uses no database or cache.")
    started = time.monotonic()
    try:
        if "postgres" in names:
            ctx.postgres = start_postgres(ctx.sandbox, ctx.cache_dir / "postgres")
        if "redis" in names:
            ctx.redis = start_redis(ctx.sandbox)
        for service in ctx.package.provided:
            ctx.provided.append(start_provided(ctx.sandbox, ctx.package.root, service, candidate_url=ctx.base_url))
    except SandboxError as error:
        # Not the candidate's fault: the platform could not provide what the challenge promises.
        return StageReport(NAME, TITLE, "error", f"Assay could not start {', '.join(names + provided)}: {error}")
    took = time.monotonic() - started
    parts = [f"a private, empty {' and '.join(names)}"] if names else []
    parts += [f"the challenge's {', '.join(provided)} service{'s' if len(provided) > 1 else ''}"] if provided else []
    return StageReport(NAME, TITLE, "passed", f"Started {' and '.join(parts)} in {took:.2f}s.", duration=took)
