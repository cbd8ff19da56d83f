"""Install the candidate's dependencies (`setup` in assay.toml): the only stage with registry network."""

from __future__ import annotations

from assay.grading.context import GradingContext
from assay.grading.report import StageReport
from assay.grading.stages._common import from_process, skipped

NAME = "setup"
TITLE = "Install dependencies"


def run(ctx: GradingContext) -> StageReport:
    if ctx.config is None:
        return skipped(NAME, TITLE, "there is no valid assay.toml")
    if not ctx.config.setup:
        return skipped(NAME, TITLE, "assay.toml declares no setup command")
    env = {**ctx.service_env(), **ctx.cache_env}
    result = ctx.sandbox.run(ctx.config.setup, limits=ctx.limits.setup, env=env, network="registries")
    report = from_process(NAME, TITLE, result, what="The setup command")
    if not result.ok:
        report.summary += " Later stages run anyway, but the service will probably not start."
    return report
