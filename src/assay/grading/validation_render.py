"""What `assay challenges validate` prints: every grading, the seeded-flaw corpus, the spread of repeated runs."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from assay.grading.validation import Spread, Verdict, problem_lines, second_look_lines, seeded_rows, summary_rows
from assay.grading.validation_analyzers import analyzer_rows, analyzer_scores

# Repeatability targets (issue: the same submission graded 5 times): overall within ±1, each skill within ±2.
OVERALL_SPREAD = 2.0
SKILL_SPREAD = 4.0


def print_results(console: Console, verdicts: list[Verdict], spreads: list[Spread]) -> None:
    console.print(summary_table(verdicts))
    problems = problem_lines(verdicts)
    if problems:
        console.print(Text("What is off:", style="red bold"))
        for line in problems:
            # Problems quote check messages written by authors and output of graded code: never markup.
            console.print(Text(f"  {line}", style="red"), soft_wrap=True)
    again = second_look_lines(verdicts)
    if again:
        # Off once and right the second time: usually a busy machine; a package that does it often is flaky.
        console.print(Text("Graded twice:", style="yellow bold"))
        for line in again:
            console.print(Text(f"  {line}", style="yellow"), soft_wrap=True)
    seeded = seeded_rows(verdicts)
    if seeded:
        console.print(seeded_table(seeded))
        detected = sum(1 for row in seeded if row[3] == "yes")
        style = "green" if detected == len(seeded) else "red"
        console.print(Text(f"seeded flaws: {detected} of {len(seeded)} detected", style=style))
    analyzers = analyzer_rows(analyzer_scores(verdicts))
    if analyzers:
        console.print(analyzer_table(analyzers))
    if spreads:
        console.print(spread_table(spreads))


def summary_table(verdicts: list[Verdict]) -> Table:
    table = Table("challenge", "graded", "expected", "score", "cost", "result", title="Validation")
    for slug, subject, expected, score, cost, result in summary_rows(verdicts):
        style = "green" if result == "ok" else "red"
        table.add_row(slug, subject, expected, score, Text(cost), Text(result, style=style))
    return table


def seeded_table(rows: list[tuple[str, str, str, str, str, str]]) -> Table:
    table = Table("challenge", "seeded flaw", "severity", "detected", "evidence", "cost", title="Seeded-flaw corpus")
    for slug, label, severity, detected, evidence, cost in rows:
        style = "green" if detected == "yes" else "red"
        table.add_row(slug, label, severity, Text(detected, style=style), Text(evidence), Text(cost))
    return table


def analyzer_table(rows: list[tuple[str, str, str, str]]) -> Table:
    """Per analyzer: recall on the flaws' expected findings, and medium or worse findings on references."""
    table = Table("analyzer", "recall", "false flags", "result", title="Analyzers")
    for analyzer, recall, flags, result in rows:
        table.add_row(analyzer, recall, flags, Text(result, style="green" if result == "ok" else "red"))
    return table


def spread_table(spreads: list[Spread]) -> Table:
    """Max - min over the repeated gradings of each reference, overall and per skill; over target in red."""
    skills = sorted({skill for s in spreads for skill in s.skills})
    table = Table("reference", "runs", "overall", *skills, title="Spread over repeated gradings (max - min)")
    for spread in spreads:
        cells = [_cell(Spread.of(spread.overall), OVERALL_SPREAD)]
        cells += [_cell(Spread.of(spread.skills[k]), SKILL_SPREAD) if k in spread.skills else Text("—") for k in skills]
        table.add_row(spread.subject.label, str(len(spread.overall)), *cells)
    return table


def _cell(value: float, target: float) -> Text:
    return Text(f"{value:g}", style="green" if value <= target else "red")
