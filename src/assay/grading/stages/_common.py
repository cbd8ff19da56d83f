"""Small pieces the stages share."""

from __future__ import annotations

from assay.grading.report import StageReport, StageStatus
from assay.grading.sandbox import ProcessResult

LOG_LINES = 40


def log_tail(result: ProcessResult, lines: int = LOG_LINES) -> str:
    """The last lines a reviewer needs, stdout then stderr, as the process wrote them."""
    text = "\n".join(part for part in (result.stdout.rstrip(), result.stderr.rstrip()) if part)
    return "\n".join(text.splitlines()[-lines:])


def from_process(name: str, title: str, result: ProcessResult, *, what: str) -> StageReport:
    """A stage report for one command: passed when it exited 0 within its limits."""
    status: StageStatus = "passed" if result.ok else "failed"
    summary = f"{what} {result.explain()}."
    if result.stdout_bytes > 10 * 1024 * 1024:
        summary += f" It wrote {result.stdout_bytes // (1024 * 1024)} MB to its output; only the end is kept."
    return StageReport(
        name=name,
        title=title,
        status=status,
        summary=summary,
        duration=result.duration_seconds,
        log_tail=log_tail(result),
        limits=dict(result.enforcement),
    )


def skipped(name: str, title: str, why: str) -> StageReport:
    return StageReport(name=name, title=title, status="skipped", summary=f"Skipped: {why}.")
