"""Assay's own semgrep rules (rules/*.yml), run offline. The public registry's rules are not used."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from assay import stacks
from assay.grading.analyzers.tools import relative, run_json, venv_tool
from assay.grading.report import Finding, Severity

RULES = Path(__file__).parent / "rules"
_SEVERITY: dict[str, Severity] = {"ERROR": "high", "WARNING": "medium", "INFO": "low"}
# A rule of ours may name its severity in its metadata; "critical" (injection, secrets, weak password
# storage, eval of input) makes each finding a red flag (docs/scoring.md).
_METADATA_SEVERITY: dict[str, Severity] = {"critical": "critical", "high": "high", "medium": "medium", "low": "low"}


def scan(root: Path, files: list[Path]) -> list[Finding]:
    # Absolute targets from an empty folder: the candidate's .semgrepignore and nosemgrep comments hide nothing.
    targets = [str(p) for p in files if p.suffix in stacks.source_suffixes()]
    if not targets:
        return []
    argv = [
        venv_tool("semgrep"),
        "scan",
        "--config",
        str(RULES),
        "--json",
        "--metrics=off",
        "--disable-version-check",
        "--quiet",
        "--no-git-ignore",
        "--disable-nosem",
        "--timeout",
        "30",
        *targets,
    ]
    data: dict[str, Any] | None = run_json(argv)
    if data is None:
        raise RuntimeError("semgrep produced no result")
    # A broken rule of ours disables every rule silently; that is the platform's fault and must show.
    broken = [
        e
        for e in data.get("errors", [])
        if "config" in str(e.get("message", "")).lower() or "Rule" in str(e.get("type"))
    ]
    if broken:
        raise RuntimeError(f"Assay's semgrep rules could not be loaded: {broken[0].get('message', '')[:300]}")
    findings = []
    for r in data.get("results", []):
        extra = r.get("extra", {})
        # Every rule of ours names the report rule it feeds in its metadata; the check id is only its variant.
        metadata = extra.get("metadata", {})
        rule = metadata.get("rule", r["check_id"])
        severity = _METADATA_SEVERITY.get(metadata.get("severity", "")) or _SEVERITY.get(extra.get("severity", ""))
        findings.append(
            Finding(
                rule,
                metadata.get("skill", "security"),
                severity or "medium",
                extra.get("message", ""),
                path=relative(root, r["path"]),
                line=r["start"]["line"],
                tool="semgrep",
            )
        )
    return findings
