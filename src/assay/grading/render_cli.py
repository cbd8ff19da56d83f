"""The terminal view of a grading: progress per stage while it runs, then the report."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.table import Table
from rich.text import Text

from assay.grading.context import EventSink
from assay.grading.report import Report, StageReport

_STATUS_STYLE = {"passed": "green", "failed": "red", "error": "magenta", "skipped": "dim"}


@contextmanager
def progress_printer(console: Console) -> Iterator[tuple[EventSink, Callable[[StageReport], None]]]:
    """A live status line per stage: which stage runs, then its one-line result with the report's duration."""
    with console.status("Preparing the sandbox…") as status:

        def on_event(stage: str, message: str) -> None:
            if message == "started":
                status.update(f"[bold]{stage}[/bold]: running…")

        def on_stage(stage: StageReport) -> None:
            # The report's own duration: the line, the table and the JSON report show one figure per stage.
            took = f"{stage.duration:6.1f}s  "
            console.print(Text.assemble((f"{stage.name:<16}", "bold"), (took, "dim"), stage.summary))

        yield on_event, on_stage


def print_report(console: Console, report: Report) -> None:
    provisional = " (provisional)" if report.incomplete else ""
    console.rule(f"{report.challenge} · {report.stack} · score {report.score:.1f}{provisional}")
    for flag in report.red_flags:  # listed first: each caps its skill and the overall
        console.print(Text(f"RED FLAG [{flag.skill}] {flag.message[:300]}", style="bold red"), markup=False)
    for reason in report.incomplete_reasons:
        console.print(Text(f"INCOMPLETE {reason}", style="bold yellow"), markup=False)
    stages = Table(title="Stages", show_lines=False)
    for column in ("stage", "status", "time", "summary"):
        stages.add_column(column)
    for stage in report.stages:
        stages.add_row(
            stage.title,
            Text(stage.status, _STATUS_STYLE.get(stage.status, "")),
            f"{stage.duration:.1f}s",
            stage.summary,
        )
    console.print(stages)
    skills = Table(title="Skills")
    skills.add_column("skill")
    skills.add_column("score", justify="right")
    for skill, score in report.skills.items():
        skills.add_row(skill, "not assessed" if score is None else f"{score:.0f}")
    console.print(skills)
    for cause in report.root_causes:
        console.print(Text(f"ROOT CAUSE blocking {len(cause.blocks)} checks: {cause.message[:300]}"), markup=False)
    failed = [c for c in report.checks if not c.passed and c.outcome != "blocked"]
    if failed:
        checks = Table(title=f"{len(failed)} checks not passed")
        for column in ("check", "skill", "outcome", "why"):
            checks.add_column(column, overflow="fold")
        for check in failed[:40]:
            checks.add_row(check.name, check.skill, check.outcome, check.message[:300])
        console.print(checks)
    for stage in report.stages:
        if stage.status in ("failed", "error") and stage.log_tail:
            console.print(f"[bold]{stage.title}[/bold] — last lines of its log:")
            console.print(Text(stage.log_tail[-3000:]), style="dim")
    console.print(Text(f"Overall score: {report.score:.1f} / 100", style="bold"))
