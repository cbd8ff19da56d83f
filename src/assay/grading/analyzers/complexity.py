"""Cyclomatic complexity per function, in any language lizard reads.

lizard runs in a child process (``lizard_child.py``) with a time bound: a crafted file can make its tokenizers
spin, and that must cost the grading at most the bound, never a worker thread for ever. Past the bound the
analyzer is reported as timed out and the complexity check is not judged.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from assay.grading.report import Finding

MAX_CCN = 15
MAX_FUNCTION_LINES = 120
# lizard reads a whole submission in a few seconds; the bound is for a file that makes it spin.
TIMEOUT_SECONDS = 120.0
CHILD = Path(__file__).with_name("lizard_child.py")


class ComplexityTimeout(TimeoutError):
    """lizard did not finish within TIMEOUT_SECONDS."""


def analyze(root: Path, files: list[Path]) -> tuple[list[Finding], dict[str, float], list[dict[str, str]]]:
    """Findings, a summary, and the files lizard could not read (each skipped with the reason)."""
    measured = _measure([p for p in files if p.suffix not in {".sql", ".sh"}])
    findings, ccns, skipped = [], [], []
    for name, result in measured.items():
        where = str(Path(name).relative_to(root))
        if "skipped" in result:
            skipped.append({"path": where, "reason": result["skipped"]})
            continue
        for function in result["functions"]:
            ccns.append(function["ccn"])
            finding = _finding(function, where)
            if finding is not None:
                findings.append(finding)
    summary = {
        "functions": len(ccns),
        "mean_ccn": round(sum(ccns) / len(ccns), 2) if ccns else 0.0,
        "max_ccn": max(ccns, default=0),
    }
    return findings, summary, skipped


def _measure(files: list[Path]) -> dict[str, Any]:
    """What the child measured, by absolute path; raises ComplexityTimeout past the bound."""
    if not files:
        return {}
    with tempfile.TemporaryDirectory(prefix="assay-lizard-") as home:
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home, "LANG": "C.UTF-8"}
        try:
            completed = subprocess.run(
                [sys.executable, "-I", str(CHILD), *(str(p) for p in files)],
                cwd=home,
                env=env,
                capture_output=True,
                timeout=TIMEOUT_SECONDS,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise ComplexityTimeout(
                f"lizard timed out after {TIMEOUT_SECONDS:g} s; no complexity was measured"
            ) from None
    if completed.returncode != 0:
        raise RuntimeError(f"lizard failed: {completed.stderr.decode('utf-8', 'replace')[-300:]}")
    result: dict[str, Any] = json.loads(completed.stdout)
    return result


def _finding(function: dict[str, Any], where: str) -> Finding | None:
    if function["ccn"] > MAX_CCN:
        message = (
            f"{function['name']} has a cyclomatic complexity of {function['ccn']} (over {MAX_CCN}): "
            "hard to test and to change."
        )
        rule = "complexity.high"
    elif function["nloc"] > MAX_FUNCTION_LINES:
        message, rule = f"{function['name']} is {function['nloc']} lines long.", "complexity.long_function"
    else:
        return None
    return Finding(rule, "server_logic", "low", message, path=where, line=function["line"], tool="lizard")
