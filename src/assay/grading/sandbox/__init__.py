"""Isolation backend for grading: processes, files and limits, nothing else.

This package must not import Django or anything of the hiring domain; the
grading stages translate between a `GradingRun` and these primitives.
"""

from .limits import KillReason, Limits, Network, ProcessResult
from .orphans import sweep as sweep_orphans
from .process import SandboxProcess
from .run import DEFAULT_BASE, SandboxError, SandboxRun
from .workspace import CopyReport

__all__ = [
    "DEFAULT_BASE",
    "CopyReport",
    "KillReason",
    "Limits",
    "Network",
    "ProcessResult",
    "SandboxError",
    "SandboxProcess",
    "SandboxRun",
    "sweep_orphans",
]
