"""Install the candidate's dependencies (`setup` in assay.toml): the only stage with registry network.

Before the candidate's own command runs, a trusted step fetches the declared
dependencies into the shared cache (it runs none of the candidate's code), so
a second grading of the same lockfile downloads nothing. The candidate's
processes see the cache through a private overlay: they can read it, never
change it for others.
"""

from __future__ import annotations

from assay.grading.context import GradingContext
from assay.grading.report import StageReport
from assay.grading.sandbox import DependencyCache
from assay.grading.stages._common import from_process, skipped

NAME = "setup"
TITLE = "Install dependencies"


def _use_cache(ctx: GradingContext) -> str:
    """Fill and attach the dependency cache; returns a note for the report when prefetching failed."""
    cache = DependencyCache(ctx.cache_dir / "deps")
    prefetched = cache.prefetch(ctx.sandbox, ctx.stack)
    ctx.cache_env = cache.attach(ctx.sandbox, ctx.stack)
    if prefetched is not None and not prefetched.ok:
        return " (Fetching the declared dependencies ahead failed, so setup downloaded them itself.)"
    return ""


def run(ctx: GradingContext) -> StageReport:
    if ctx.config is None:
        return skipped(NAME, TITLE, "there is no valid assay.toml")
    if not ctx.config.setup:
        return skipped(NAME, TITLE, "assay.toml declares no setup command")
    note = _use_cache(ctx)
    result = ctx.sandbox.run(ctx.config.setup, limits=ctx.limits.setup, env=ctx.service_env(), network="registries")
    report = from_process(NAME, TITLE, result, what="The setup command")
    report.summary += note
    if not result.ok:
        report.summary += " Later stages run anyway, but the service will probably not start."
    return report
