"""ruff (correctness) and bandit (security) on the Python files of a submission."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from assay.grading.analyzers.tools import relative, run_json, venv_tool
from assay.grading.report import Finding, Severity

# Only rules that find real defects: undefined names, syntax errors, redefinitions, broken comparisons.
RUFF_RULES = "E9,F63,F7,F82,F811,F821,F823,B006,B008"
_BANDIT_SEVERITY: dict[str, Severity] = {"LOW": "low", "MEDIUM": "medium", "HIGH": "high"}
# bandit ids with a rule of their own in the report; the rest are security.<id>.
_BANDIT_RULES = {"B608": "security.sql_injection", "B105": "secrets.hardcoded", "B106": "secrets.hardcoded"}


def ruff(root: Path, files: list[Path]) -> list[Finding]:
    python = [str(p) for p in files if p.suffix == ".py"]
    if not python:
        return []
    argv = [
        venv_tool("ruff"),
        "check",
        "--isolated",  # the candidate's own ruff configuration must not switch rules off
        "--ignore-noqa",
        "--no-cache",
        "--output-format=json",
        f"--select={RUFF_RULES}",
        *python,
    ]
    results: list[dict[str, Any]] | None = run_json(argv)
    if results is None:  # ruff prints [] when it finds nothing: no output at all is a failure of the tool
        raise RuntimeError("ruff produced no result")
    return [
        Finding(
            f"lint.{r['code']}",
            "server_logic",
            "medium",
            r["message"],
            path=relative(root, r["filename"]),
            line=r["location"]["row"],
            tool="ruff",
        )
        for r in results
        if r.get("code")
    ]


def bandit(root: Path, files: list[Path]) -> list[Finding]:
    python = [str(p) for p in files if p.suffix == ".py" and "test" not in p.name]
    if not python:
        return []
    argv = [venv_tool("bandit"), "-f", "json", "-q", "--ignore-nosec", "--severity-level", "medium", *python]
    data = run_json(argv)
    if data is None:  # bandit prints a JSON document whatever it finds: none at all is a failure of the tool
        raise RuntimeError("bandit produced no result")
    findings = []
    for r in data.get("results", []):
        findings.append(
            Finding(
                _BANDIT_RULES.get(r["test_id"], f"security.{r['test_id']}"),
                "security",
                _BANDIT_SEVERITY.get(r["issue_severity"], "low"),
                r["issue_text"],
                path=relative(root, r["filename"]),
                line=r["line_number"],
                tool="bandit",
            )
        )
    return findings
