"""The analyzers of findings beyond lint and security, each a module of this package declaring what it reads.

Each module has ``NAME`` (its findings' rule prefix, its row in the validation table), ``TITLE``, ``RULES`` (its
semgrep rule file in ``rules/``, run in the static stage's one semgrep pass; empty when it reads files itself),
``SUFFIXES`` (the files it reads) and ``QUESTIONS`` (interview templates by rule, see ``grading/questions.py``);
optionally ``scan(root, files)`` (it reads the files itself) and ``refine(root, findings)`` (it reshapes its
semgrep findings). Add an analyzer by copying a neighbour and listing it here.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from assay.grading.analyzers import (
    authorization,
    error_handling,
    input_validation,
    layering,
    rest,
    routes,
    tests_present,
    transactions,
)
from assay.grading.report import Finding

ANALYZERS: list[ModuleType] = [
    layering,
    rest,
    input_validation,
    error_handling,
    authorization,
    transactions,
    tests_present,
    routes,  # compared after the service ran (pipeline), against the document it served
]
# The analyzers of lint, security and the run's own evidence, named by their rules' prefix, for the validation table.
OTHER_NAMES = ("complexity", "db", "lint", "perf", "review", "secrets", "security")


def names() -> list[str]:
    return sorted({*OTHER_NAMES, *(module.NAME for module in ANALYZERS)})


def questions() -> dict[str, str]:
    return {rule: text for module in ANALYZERS for rule, text in module.QUESTIONS.items()}


def scan(root: Path, files: list[Path]) -> list[Finding]:
    """The findings of the analyzers that read files themselves (the others' come from the semgrep pass)."""
    findings: list[Finding] = []
    for module in ANALYZERS:
        if hasattr(module, "scan"):
            findings += module.scan(root, [p for p in files if p.suffix in module.SUFFIXES])
    return findings


def refine(root: Path, findings: list[Finding]) -> list[Finding]:
    for module in ANALYZERS:
        if hasattr(module, "refine"):
            findings = module.refine(root, findings)
    return findings
