"""Framework and layering: where routes, validation, data access and business rules live.

The rule in ``rules/layering.yml`` finds each route handler that runs SQL itself. That is a design observation
for the interview, not a fault (small services often do it), so it is reported once per file, at low severity,
naming the handlers' lines. A handler that runs several statements itself *and* makes the business decisions
around them (``layering.fat_handler``, medium) is the fault: HTTP, rules and storage in one function that
nothing but an HTTP request can exercise.
"""

from __future__ import annotations

import re
from pathlib import Path

from assay.grading.report import Finding

NAME = "layering"
TITLE = "Framework and layering"
RULES = "layering.yml"
SUFFIXES = frozenset({".py", ".js", ".mjs", ".cjs", ".ts"})
RULE = "layering.sql_in_handler"
FAT_RULE = "layering.fat_handler"
# A handler is "fat" when it runs at least this many SQL statements itself and makes this many decisions.
FAT_STATEMENTS = 3
FAT_DECISIONS = 5
# Route declarations (FastAPI/Flask decorators, Express app/router calls), the start of a handler.
ROUTE = re.compile(
    r"""^(\s*)(?:@\w+\.(?:get|post|put|patch|delete|route|api_route)|\w+\.(?:get|post|put|patch|delete))\(\s*["'`]/"""
)
DECISION = re.compile(r"\b(?:if|elif|for|while|case|catch|except|and|or)\b|&&|\|\||\?\?")
QUESTIONS = {
    RULE: (
        "{where}: {message} Where do HTTP, business rules and data access each live in your code, and what would "
        "you move out of these handlers if the rules grew?"
    ),
    FAT_RULE: (
        "{where}: {message} How would you test these rules without an HTTP request and a database, and which "
        "parts would you move out of the handler?"
    ),
}


def refine(root: Path, findings: list[Finding]) -> list[Finding]:
    """One finding per file for the handlers that run SQL themselves, at the first such line; one per fat handler."""
    by_file: dict[str, list[Finding]] = {}
    others = []
    for finding in findings:
        if finding.rule == RULE:
            by_file.setdefault(finding.path, []).append(finding)
        else:
            others.append(finding)
    for path, hits in by_file.items():
        lines = sorted({f.line for f in hits if f.line})
        others += _fat_handlers(root, path, lines)
        first = hits[0]
        first.line = lines[0] if lines else first.line
        shown = ", ".join(str(n) for n in lines[:8]) + (", …" if len(lines) > 8 else "")
        first.message = f"Route handlers in {path} run SQL themselves (lines {shown}): HTTP and data access together."
        others.append(first)
    return others


def _fat_handlers(root: Path, path: str, sql_lines: list[int]) -> list[Finding]:
    source = root / path
    if not source.is_file() or source.is_symlink():
        return []
    text = source.read_text("utf-8", "replace").splitlines()
    found = []
    for start, end in _handlers(text):
        statements = sum(start <= n <= end for n in sql_lines)
        decisions = sum(len(DECISION.findall(_code(line))) for line in text[start - 1 : end])
        if statements >= FAT_STATEMENTS and decisions >= FAT_DECISIONS:
            message = (
                f"The route handler at line {start} runs {statements} SQL statements itself and makes {decisions} "
                "decisions around them: HTTP, business rules and data access in one function."
            )
            found.append(Finding(FAT_RULE, "server_logic", "medium", message, path=path, line=start, tool="assay"))
    return found


def _handlers(lines: list[str]) -> list[tuple[int, int]]:
    """(first, last) line numbers of each route handler: from its declaration to the line back at its indent."""
    spans = []
    for index, line in enumerate(lines):
        match = ROUTE.match(line)
        if match is None:
            continue
        indent = len(match.group(1))
        end = index + 1
        # A Python handler's other decorators and its def line sit at the declaration's indent.
        while end < len(lines) and lines[end].strip().startswith(("@", "def ", "async def ", ")")):
            end += 1
        while end < len(lines) and (not lines[end].strip() or _indent(lines[end]) > indent):
            end += 1
        spans.append((index + 1, end))
    return spans


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _code(line: str) -> str:
    """The line without its comment, so words in comments are not counted as decisions."""
    return re.split(r"\s#|//", line, maxsplit=1)[0]
