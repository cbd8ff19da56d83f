"""Cyclomatic complexity per function, in any language lizard reads."""

from __future__ import annotations

import logging
from pathlib import Path

import lizard

from assay.grading.report import Finding

logger = logging.getLogger("assay.grading")
MAX_CCN = 15
MAX_FUNCTION_LINES = 120


def _is_text(path: Path) -> bool:
    try:
        path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return True


def analyze(root: Path, files: list[Path]) -> tuple[list[Finding], dict[str, float], list[dict[str, str]]]:
    """Findings, a summary, and the files lizard could not read (each skipped with the reason)."""
    findings, ccns, skipped = [], [], []
    for path in files:
        if path.suffix in {".sql", ".sh"}:
            continue
        if not _is_text(path):
            # lizard's tokenizers can spin for ever on binary bytes, in this process: never hand it any.
            skipped.append({"path": str(path.relative_to(root)), "reason": "not UTF-8 text: no complexity measured"})
            continue
        try:
            info = lizard.analyze_file(str(path))
        except Exception as error:  # lizard's parsers choke on some valid code; one file must not stop the rest
            logger.exception("lizard could not read %s; skipped", path.name)
            reason = f"the complexity analyzer could not read it ({error.__class__.__name__}: {error})"[:300]
            skipped.append({"path": str(path.relative_to(root)), "reason": reason})
            continue
        for function in info.function_list:
            ccns.append(function.cyclomatic_complexity)
            where = str(path.relative_to(root))
            if function.cyclomatic_complexity > MAX_CCN:
                findings.append(
                    Finding(
                        "complexity.high",
                        "server_logic",
                        "low",
                        f"{function.name} has a cyclomatic complexity of {function.cyclomatic_complexity} "
                        f"(over {MAX_CCN}): hard to test and to change.",
                        path=where,
                        line=function.start_line,
                        tool="lizard",
                    )
                )
            elif function.nloc > MAX_FUNCTION_LINES:
                findings.append(
                    Finding(
                        "complexity.long_function",
                        "server_logic",
                        "low",
                        f"{function.name} is {function.nloc} lines long.",
                        path=where,
                        line=function.start_line,
                        tool="lizard",
                    )
                )
    summary = {
        "functions": len(ccns),
        "mean_ccn": round(sum(ccns) / len(ccns), 2) if ccns else 0.0,
        "max_ccn": max(ccns, default=0),
    }
    return findings, summary, skipped
