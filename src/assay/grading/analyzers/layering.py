"""Framework and layering: where routes, validation, data access and business rules live.

The rule in ``rules/layering.yml`` finds each route handler that runs SQL itself. That is a design observation
for the interview, not a fault (small services often do it), so it is reported once per file, at low severity,
naming the handlers' lines.
"""

from __future__ import annotations

from pathlib import Path

from assay.grading.report import Finding

NAME = "layering"
TITLE = "Framework and layering"
RULES = "layering.yml"
SUFFIXES = frozenset({".py", ".js", ".mjs", ".cjs", ".ts"})
RULE = "layering.sql_in_handler"
QUESTIONS = {
    RULE: (
        "{where}: {message} Where do HTTP, business rules and data access each live in your code, and what would "
        "you move out of these handlers if the rules grew?"
    ),
}


def refine(root: Path, findings: list[Finding]) -> list[Finding]:
    """One finding per file for the handlers that run SQL themselves, at the first such line."""
    by_file: dict[str, list[Finding]] = {}
    others = []
    for finding in findings:
        if finding.rule == RULE:
            by_file.setdefault(finding.path, []).append(finding)
        else:
            others.append(finding)
    for path, hits in by_file.items():
        lines = sorted({f.line for f in hits if f.line})
        first = hits[0]
        first.line = lines[0] if lines else first.line
        shown = ", ".join(str(n) for n in lines[:8]) + (", …" if len(lines) > 8 else "")
        first.message = f"Route handlers in {path} run SQL themselves (lines {shown}): HTTP and data access together."
        others.append(first)
    return others
