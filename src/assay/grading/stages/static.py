"""Static checks, offline: lint and security (ruff, bandit, our semgrep rules), complexity, secrets, size, tests.

Reads the submitted files on the platform side; never runs them.
"""

from __future__ import annotations

import time

from assay.grading.analyzers import complexity, python_tools, secrets, semgrep
from assay.grading.analyzers.inventory import take_inventory
from assay.grading.context import GradingContext
from assay.grading.report import Check, Finding, Outcome, StageReport, StageStatus

NAME = "static"
TITLE = "Static checks"
SUITE = "static"

# (check id, name, skill, weight, the finding rules that fail it, a rule prefix that fails it)
CHECKS = [
    ("static.no_sql_injection", "No SQL built from request values", "security", 3, ("security.sql_injection",)),
    ("static.no_secrets", "No secrets in the code", "security", 2, ("secrets.hardcoded",)),
    (
        "static.password_hashing",
        "Passwords hashed with a slow, salted hash",
        "security",
        2,
        ("security.weak_password_hash",),
    ),
    ("static.security_lint", "No other security findings of medium or high severity", "security", 1, ("security.",)),
    ("static.correctness_lint", "No undefined names or broken code", "server_logic", 1, ("lint.",)),
    ("static.complexity", "Functions are of reasonable complexity", "server_logic", 1, ("complexity.high",)),
]


def analyze(ctx: GradingContext) -> tuple[list[Finding], dict[str, object]]:
    inventory = take_inventory(ctx.source)
    findings: list[Finding] = []
    findings += python_tools.ruff(ctx.source, inventory.files)
    findings += python_tools.bandit(ctx.source, inventory.files)
    findings += semgrep.scan(ctx.source, inventory.files)
    findings += secrets.scan(ctx.source, inventory.files)
    complexity_findings, complexity_summary = complexity.analyze(ctx.source, inventory.files)
    findings += complexity_findings
    unique = {(f.rule, f.path, f.line): f for f in findings}
    data = {
        "languages": dict(inventory.lines),
        "source_files": len(inventory.files),
        "test_files": inventory.test_files,
        "complexity": complexity_summary,
    }
    return list(unique.values()), data


def _fails(rule_ids: tuple[str, ...], finding: Finding, claimed: set[str]) -> bool:
    for rule in rule_ids:
        if rule.endswith(".") and finding.rule.startswith(rule) and finding.rule not in claimed:
            return finding.severity in ("medium", "high")
        if finding.rule == rule:
            return True
    return False


def judge(findings: list[Finding], test_files: list[str], source_files: int) -> list[Check]:
    """A check passes when no finding fails it, and there is code to check: nothing earns no credit."""
    claimed = {rule for *_, rules in CHECKS for rule in rules if not rule.endswith(".")}
    checks = []
    for check_id, name, skill, weight, rules in CHECKS:
        hits = [f for f in findings if _fails(rules, f, claimed)]
        message = "; ".join(f"{f.path}:{f.line or '?'} {f.message}" for f in hits[:5])
        if not source_files:
            message = "There is no source code to check."
        outcome: Outcome = "failed" if hits or not source_files else "passed"
        checks.append(Check(check_id, SUITE, name, skill, weight, outcome, message))
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


def run(ctx: GradingContext) -> StageReport:
    started = time.monotonic()
    findings, data = analyze(ctx)
    checks = judge(findings, data["test_files"], data["source_files"])  # type: ignore[arg-type]
    ctx.report.findings.extend(findings)
    ctx.report.checks.extend(checks)
    passed = sum(c.passed for c in checks)
    languages = ", ".join(data["languages"]) or "no recognised language"  # type: ignore[arg-type]
    summary = (
        f"{data['source_files']} source files ({languages}); {len(findings)} findings; "
        f"{passed} of {len(checks)} static checks passed."
    )
    status: StageStatus = "passed" if passed == len(checks) else "failed"
    return StageReport(NAME, TITLE, status, summary, duration=time.monotonic() - started, data=data)
