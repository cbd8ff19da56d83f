"""Copy the submitted files into the sandbox workspace and read assay.toml (contract 2)."""

from __future__ import annotations

import time

from assay.grading.context import GradingContext
from assay.grading.report import StageReport

NAME = "snapshot"
TITLE = "Snapshot"


def run(ctx: GradingContext) -> StageReport:
    from assay.challenges.package import PackageErrors, parse_repo_config

    started = time.monotonic()
    copied = ctx.sandbox.copy_source(ctx.source)
    notes = [f"{why}: {path}" for path, why in copied.skipped]
    data = {"files": copied.copied_files, "skipped": notes}
    if copied.copied_files == 0:
        return StageReport(
            NAME, TITLE, "failed", "The repository is empty: there is nothing to build or run.", data=data
        )
    try:
        # The workspace copy, never the source: a source assay.toml may be a symlink to a host file.
        ctx.config = parse_repo_config(ctx.sandbox.workspace / "assay.toml")
    except PackageErrors as error:
        problems = "; ".join(e.detail for e in error.errors)
        summary = (
            f"assay.toml is missing or invalid, so Assay cannot tell how to build and start the service: {problems}"
        )
        return StageReport(NAME, TITLE, "failed", summary, duration=time.monotonic() - started, data=data)
    summary = f"Copied {copied.copied_files} files."
    if notes:
        summary += f" Left out {len(notes)} entries that could not be copied safely (listed below)."
    return StageReport(NAME, TITLE, "passed", summary, duration=time.monotonic() - started, data=data)
