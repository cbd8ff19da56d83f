"""Install the candidate's dependencies (`setup` in assay.toml): the only stage with registry network.

Before the candidate's own command runs, a trusted step fetches the declared dependencies into the shared
cache (it runs none of the candidate's code), so a second grading of the same lock file downloads nothing and
the install reads the cache offline. The candidate's processes see the cache through a private overlay: they
can read it, never change it for others. What a stack needs for all this is its module in `assay.stacks`.
"""

from __future__ import annotations

from assay import stacks
from assay.grading.context import GradingContext
from assay.grading.depcache import DependencyCache
from assay.grading.report import StageReport
from assay.grading.stages._common import from_process, log_tail, skipped

NAME = "setup"
TITLE = "Install dependencies"


def _use_cache(ctx: GradingContext) -> str:
    """Fill and attach the dependency cache; returns a note for the report when prefetching failed."""
    stack = stacks.get(ctx.stack)
    if stack is None or stack.dependencies is None:
        return ""
    cache = DependencyCache(ctx.cache_dir / "deps")
    prefetched = cache.prefetch(ctx.sandbox, ctx.stack)
    ctx.cache_env = cache.attach(ctx.sandbox, ctx.stack)
    if prefetched is not None and not prefetched.ok:
        advice = stack.advice(log_tail(prefetched))
        return f" Fetching the declared dependencies ahead failed, so setup fetched them itself. {advice}".rstrip()
    return ""


def run(ctx: GradingContext) -> StageReport:
    if ctx.config is None:
        return skipped(NAME, TITLE, "there is no valid assay.toml")
    if not ctx.config.setup:
        return skipped(NAME, TITLE, "assay.toml declares no setup command")
    note = _use_cache(ctx)
    env = ctx.service_env(ctx.limits.setup.memory_mb, services=False)
    result = ctx.sandbox.run(ctx.config.setup, limits=ctx.limits.setup, env=env, network="registries")
    report = from_process(NAME, TITLE, result, what="The setup command")
    if not result.ok:
        stack = stacks.get(ctx.stack)
        advice = stack.advice(f"{result.stdout}\n{result.stderr}") if stack else ""
        report.summary += f" {advice}" if advice else ""
    report.summary += note
    if not result.ok:
        report.summary += " Later stages run anyway, but the service will probably not start."
    return report
