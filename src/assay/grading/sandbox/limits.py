"""Resource limits for one sandboxed process and the result it produces.

These types are the vocabulary shared by every sandbox backend: a backend
receives `Limits`, and returns a `ProcessResult` that says what happened in
words a report can repeat ("killed: memory limit of 256 MB").
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from typing import Literal

KillReason = Literal["wall_time", "cpu_time", "memory", "processes", "file_size", "disk"]
Network = Literal["none", "registries"]

# Order in which a hit limit is blamed for the end of a process: the most
# specific cause first, the wall clock (which catches everything) last.
BLAME_ORDER: tuple[KillReason, ...] = (
    "memory",
    "cpu_time",
    "file_size",
    "disk",
    "processes",
    "wall_time",
)

LIMIT_WORDS: dict[str, str] = {
    "wall_time": "wall-clock time limit",
    "cpu_time": "CPU time limit",
    "memory": "memory limit",
    "processes": "process count limit",
    "file_size": "file size limit",
    "disk": "workspace disk limit",
}


# A run may use every CPU but one (at least one): alone it still builds and serves at nearly full speed, and a
# fork bomb or a spinner beside an honest grading leaves a CPU free for it and for the platform's own work.
DEFAULT_CPUS = float(max(1, (os.cpu_count() or 2) - 1))


@dataclass(frozen=True)
class Limits:
    """Limits for one process tree.

    Invariant: every field is positive. `disk_mb` only applies when the
    workspace is created (it is the size of the workspace tmpfs); the other
    fields apply per `run()`/`spawn()` call.
    """

    wall_seconds: float = 60.0
    cpu_seconds: float = 60.0
    memory_mb: int = 512
    processes: int = 128
    file_size_mb: int = 256
    disk_mb: int = 512
    output_kb: int = 64
    open_files: int = 1024
    cpus: float = DEFAULT_CPUS

    def with_wall(self, seconds: float) -> Limits:
        return replace(self, wall_seconds=seconds)

    def __post_init__(self) -> None:
        for name, value in self.__dict__.items():
            if value <= 0:
                raise ValueError(f"Limits.{name} must be positive, got {value!r}")


@dataclass
class ProcessResult:
    """What one sandboxed process did.

    `stdout`/`stderr` hold only the last `output_kb` KiB of each stream (decoded
    leniently); `stdout_bytes`/`stderr_bytes` count everything written.
    `killed_by` names the limit blamed for ending the process, or None when it
    ended on its own without reaching any limit. `limits_hit` lists every
    limit observed as reached, even if the process survived it (a fork bomb
    that hits the process limit and then exits). `enforcement` maps each
    limit to the mechanism that enforced it ("cgroup", "rlimit", "tmpfs",
    "timer", combinations joined by "+", or "not enforced").
    """

    argv: list[str]
    exit_code: int | None
    duration_seconds: float
    stdout: str = ""
    stderr: str = ""
    stdout_bytes: int = 0
    stderr_bytes: int = 0
    killed_by: KillReason | None = None
    limits_hit: list[KillReason] = field(default_factory=list)
    cpu_seconds: float | None = None
    peak_memory_mb: float | None = None
    enforcement: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.exit_code == 0 and self.killed_by is None

    def explain(self) -> str:
        """One sentence a reviewer can read: how the process ended and why."""
        if self.killed_by:
            how = ", ".join(f"{k} by {v}" for k, v in sorted(self.enforcement.items()))
            return (
                f"stopped after {self.duration_seconds:.1f}s: reached the "
                f"{LIMIT_WORDS[self.killed_by]} (limits enforced: {how})"
            )
        if self.exit_code == 0:
            return f"finished in {self.duration_seconds:.1f}s"
        return f"exited with code {self.exit_code} after {self.duration_seconds:.1f}s"


def blame(hit: set[KillReason]) -> KillReason | None:
    """The most specific limit among those hit."""
    for reason in BLAME_ORDER:
        if reason in hit:
            return reason
    return None
