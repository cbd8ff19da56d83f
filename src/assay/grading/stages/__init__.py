"""The stages of a grading, in order. Each is a module with NAME, TITLE and run(ctx) -> StageReport.

A stage never raises for a candidate's fault: it returns a report that says
what went wrong in a reviewer's words. A later stage still reports what it
can when an earlier one failed.
"""

from __future__ import annotations

from types import ModuleType

from assay.grading.stages import (
    candidate_tests,
    database,
    hidden_tests,
    load,
    servers,
    setup,
    snapshot,
    start,
    static,
    worker,
)

PIPELINE: list[ModuleType] = [
    snapshot,
    setup,
    static,
    servers,
    start,
    worker,
    hidden_tests,
    database,
    load,
    candidate_tests,
]
