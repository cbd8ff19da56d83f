"""Static checks, offline: lint and security (ruff, bandit, our semgrep rules), complexity, secrets, size, tests,
and text addressed to a reviewer or a model (prompt injection).

Reads the submitted files on the platform side; never runs them.
"""

from __future__ import annotations

import functools
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assay import stacks as stack_registry
from assay.grading.analyzers import (
    complexity,
    eslint,
    go_tools,
    installed,
    pmd,
    prompt_injection,
    python_tools,
    registry,
    secrets,
    semgrep,
)
from assay.grading.analyzers.inventory import is_test_file, take_inventory
from assay.grading.context import GradingContext
from assay.grading.report import Check, CheckSeverity, Finding, Outcome, StageReport, StageStatus

logger = logging.getLogger("assay.grading")

NAME = "static"
TITLE = "Static checks"
SUITE = "static"

# (check id, name, skill, weight, severity, the finding rules that fail it; a rule ending in "." is a prefix).
# No check is critical: a critical finding is itself the red flag, and one fault must not flag twice.
CHECKS: list[tuple[str, str, str, float, CheckSeverity, tuple[str, ...]]] = [
    ("static.no_sql_injection", "No SQL built from request values", "security", 3, "high", ("security.sql_injection",)),
    ("static.no_secrets", "No secrets in the code", "security", 2, "high", ("secrets.hardcoded",)),
    (
        "static.password_hashing",
        "Passwords hashed with a slow, salted hash",
        "security",
        2,
        "high",
        ("security.weak_password_hash", "security.plaintext_password"),
    ),
    ("static.code_injection", "No evaluation of request data", "security", 2, "high", ("security.code_injection",)),
    (
        "static.security_lint",
        "No other security findings of medium or higher severity",
        "security",
        1,
        "medium",
        ("security.",),
    ),
    ("static.correctness_lint", "No undefined names or broken code", "server_logic", 1, "medium", ("lint.",)),
    ("static.complexity", "Functions are of reasonable complexity", "server_logic", 1, "low", ("complexity.high",)),
]
# Which checks each analyzer feeds: when one crashes inside Assay, those checks cannot be judged.
FEEDS = {
    "ruff": {"static.correctness_lint"},
    "bandit": {"static.no_sql_injection", "static.no_secrets", "static.security_lint"},
    "semgrep": {
        "static.no_sql_injection",
        "static.no_secrets",
        "static.password_hashing",
        "static.code_injection",
        "static.security_lint",
    },
    "secrets": {"static.no_secrets"},
    "lizard": {"static.complexity"},
    "eslint": {"static.code_injection", "static.security_lint", "static.correctness_lint"},
    "go_vet": {"static.correctness_lint"},
    "staticcheck": {"static.correctness_lint"},
    "gosec": {"static.no_sql_injection", "static.no_secrets", "static.security_lint"},
    "pmd": {"static.no_secrets", "static.security_lint", "static.correctness_lint"},
}


@dataclass
class Analysis:
    findings: list[Finding] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    crashed: dict[str, str] = field(default_factory=dict)  # analyzer -> why, for failures inside Assay
    skipped: list[dict[str, str]] = field(default_factory=list)  # files an analyzer left out, with the reason
    not_run: dict[str, str] = field(default_factory=dict)  # analyzer -> why (e.g. its tool is not on this machine)


# The stacks' own analyzers by the name a stack module lists them under (`assay.stacks`); a name without an
# entry here is not installed on this platform yet and is left out.
STACK_ANALYZERS: dict[str, Callable[[Path, list[Path]], list[Finding]]] = {
    "ruff": python_tools.ruff,
    "bandit": python_tools.bandit,
    "eslint": eslint.scan,
    "go_vet": go_tools.vet,
    "staticcheck": go_tools.staticcheck,
    "gosec": go_tools.gosec,
    "pmd": pmd.scan,
}
# What every submission gets, whatever its languages.
COMMON_ANALYZERS: dict[str, Callable[[Path, list[Path]], list[Finding]]] = {
    "semgrep": semgrep.scan,
    "secrets": secrets.scan,
    # A finding for the reviewer, feeding no check: text aimed at a reviewer never moves the score.
    "prompt_injection": prompt_injection.scan,
    # Layering, REST, validation, errors, authorization, transactions, tests (analyzers/registry.py).
    "practices": registry.scan,
}


def _analyzers(root: Path, files: list[Path]) -> dict[str, Callable[[list[Path]], list[Finding]]]:
    """The analyzers of every stack whose source files the submission has, then the common ones."""
    suffixes = {path.suffix for path in files}
    names = [
        name
        for stack in stack_registry.registry().values()
        if suffixes & set(stack.source_suffixes)
        for name in stack.analyzers
        if name in STACK_ANALYZERS
    ]
    chosen = {name: STACK_ANALYZERS[name] for name in names} | COMMON_ANALYZERS
    return {name: functools.partial(analyzer, root) for name, analyzer in chosen.items()}


def analyze(root: Path) -> Analysis:
    """Every analyzer over the submission's files; one that crashes is recorded, the others still count."""
    inventory = take_inventory(root)
    analysis = Analysis(skipped=list(inventory.skipped))
    for name, analyzer in _analyzers(root, inventory.files).items():
        try:
            analysis.findings += analyzer(inventory.files)
        except installed.NotRun as missing:
            logger.warning("Analyzer %s not run: %s", name, missing)
            analysis.not_run[name] = str(missing)
        except Exception as error:  # one analyzer's crash must not hide what the others found
            logger.exception("Analyzer %s failed inside Assay", name)
            analysis.crashed[name] = f"{error.__class__.__name__}: {error}"[:300]
    analysis.findings = registry.refine(root, analysis.findings)
    try:
        complexity_findings, complexity_summary, skipped = complexity.analyze(root, inventory.files)
        analysis.findings += complexity_findings
        analysis.skipped += skipped
    except Exception as error:
        logger.exception("Analyzer lizard failed inside Assay")
        analysis.crashed["lizard"] = f"{error.__class__.__name__}: {error}"[:300]
        complexity_summary = {}
    analysis.findings = list({(f.rule, f.path, f.line): f for f in analysis.findings}.values())
    for finding in analysis.findings:
        # A test's own setup SQL or fixture secret never reaches users: worth a look, never a red flag.
        if finding.severity == "critical" and is_test_file(finding.path):
            finding.severity = "high"
    add_excerpts(root, analysis.findings)
    analysis.data = {
        "languages": dict(inventory.lines),
        "source_files": len(inventory.files),
        "test_files": inventory.test_files,
        "complexity": complexity_summary,
        "skipped_files": analysis.skipped,
        "analyzers_failed": analysis.crashed,
        "analyzers_not_run": analysis.not_run,
    }
    return analysis


_STRING = re.compile(r"""(["'`])(?:\\.|(?!\1).)*\1""")
EXCERPT_CHARS = 300


def add_excerpts(root: Path, findings: list[Finding]) -> None:
    """The line each finding points at, for the reviewer; a secret's string literals are masked."""
    lines: dict[str, list[str]] = {}
    for finding in findings:
        if finding.excerpt or not finding.path or not finding.line:
            continue
        path = root / finding.path
        if finding.path not in lines:
            is_file = path.is_file() and not path.is_symlink() and path.resolve().is_relative_to(root.resolve())
            lines[finding.path] = path.read_text("utf-8", "replace").splitlines() if is_file else []
        text = lines[finding.path][finding.line - 1] if finding.line <= len(lines[finding.path]) else ""
        if finding.rule.startswith("secrets."):
            text = _STRING.sub(lambda m: f"{m.group(1)}[redacted]{m.group(1)}", text)
        finding.excerpt = text.strip()[:EXCERPT_CHARS]


def _fails(rule_ids: tuple[str, ...], finding: Finding, claimed: set[str]) -> bool:
    for rule in rule_ids:
        if rule.endswith(".") and finding.rule.startswith(rule) and finding.rule not in claimed:
            return finding.severity in ("medium", "high", "critical")
        if finding.rule == rule:
            return True
    return False


def judge(
    findings: list[Finding], test_files: list[str], source_files: int, crashed: dict[str, str] | None = None
) -> list[Check]:
    """A check passes when no finding fails it, and there is code to check: nothing earns no credit.

    A check fed by an analyzer that crashed inside Assay is an error: not passed, and the grading incomplete.
    """
    claimed = {rule for *_, rules in CHECKS for rule in rules if not rule.endswith(".")}
    unjudged = {check for name in crashed or {} for check in FEEDS.get(name, ())}
    checks = []
    for check_id, name, skill, weight, severity, rules in CHECKS:
        hits = [f for f in findings if _fails(rules, f, claimed)]
        message = "; ".join(f"{f.path}:{f.line or '?'} {f.message}" for f in hits[:5])
        if not source_files:
            message = "There is no source code to check."
        outcome: Outcome = "failed" if hits or not source_files else "passed"
        if check_id in unjudged and outcome == "passed":
            failed = ", ".join(sorted(n for n in crashed or {} if check_id in FEEDS[n]))
            outcome, message = "error", f"Not judged: {failed} failed inside Assay (not the candidate's fault)."
        checks.append(Check(check_id, SUITE, name, skill, weight, outcome, message, severity=severity))
    checks.append(
        Check(
            "static.has_tests",
            SUITE,
            "The repository has tests of its own",
            "integration",
            1,
            "passed" if test_files else "failed",
            "" if test_files else "No test files were found.",
        )
    )
    return checks


def not_run(ctx: GradingContext, why: str) -> list[Check]:
    """The static checks when analysis failed inside Assay: errors, so the suite keeps its weight."""
    checks = judge([], [], 0)
    for check in checks:
        check.outcome, check.message = "error", why
    return checks


def run(ctx: GradingContext) -> StageReport:
    started = time.monotonic()
    analysis = analyze(ctx.source)
    data = analysis.data
    checks = judge(analysis.findings, data["test_files"], data["source_files"], analysis.crashed)
    ctx.report.findings.extend(analysis.findings)
    untouched = is_the_starter(ctx)
    if untouched:
        # Static checks judge the code a candidate wrote; an unchanged starter has none, so they earn nothing.
        checks = []
    ctx.report.checks.extend(checks)
    for name, why in analysis.crashed.items():
        ctx.report.mark_incomplete(f"{TITLE}: the {name} analyzer failed inside Assay ({why})")
    passed = sum(c.passed for c in checks)
    languages = ", ".join(data["languages"]) or "no recognised language"
    summary = (
        f"{data['source_files']} source files ({languages}); {len(analysis.findings)} findings; "
        f"{passed} of {len(checks)} static checks passed."
    )
    if untouched:
        summary += " The code is the starter's, unchanged: the static checks are not scored."
    if analysis.skipped:
        summary += f" {len(analysis.skipped)} file(s) left out of analysis (generated, minified or unreadable)."
    if analysis.not_run:
        summary += " Not run: " + "; ".join(f"{name} ({why})" for name, why in analysis.not_run.items()) + "."
    if analysis.crashed:
        summary += f" Incomplete: {', '.join(analysis.crashed)} failed inside Assay; those checks are not judged."
    status: StageStatus = "error" if analysis.crashed else ("passed" if passed == len(checks) else "failed")
    return StageReport(NAME, TITLE, status, summary, duration=time.monotonic() - started, data=data)


def is_the_starter(ctx: GradingContext) -> bool:
    """Whether the submitted code files (tests aside) are the challenge's starter for this stack, byte for byte."""
    try:
        starter = ctx.package.starter_dir(ctx.stack)
    except KeyError:
        return False
    return _code_files(ctx.source) == _code_files(starter)


def _code_files(root: Path) -> dict[str, bytes]:
    root = root.resolve()
    inventory = take_inventory(root)
    tests = set(inventory.test_files)
    code = {}
    for path in inventory.files:
        relative = str(path.relative_to(root))
        if relative not in tests:
            try:
                code[relative] = path.read_bytes()
            except OSError:
                code[relative] = b""
    return code
