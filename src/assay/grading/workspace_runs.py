"""One command on a directory of files, in the same sandbox and limits the grading uses, its output streamed.

A live session runs the candidate's tests or a command here. This module knows files, commands and limits
only (no session, no organization): the caller hands it a directory and gets the output as it comes.
The command sees the stack's shared dependency cache (read-only for it) and no network, as the test stage.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from assay.challenges.package import parse_repo_config
from assay.grading.depcache import DependencyCache
from assay.grading.pipeline import cache_dir
from assay.grading.sandbox import Limits, SandboxProcess, SandboxRun

OUTPUT_FILE = ".assay-run-output"
POLL_SECONDS = 0.1


@dataclass(frozen=True)
class WorkspaceRunResult:
    exit_code: int | None
    cut: bool  # stopped because its output passed the limit
    why: str  # how it ended, in words for the participants


def test_command(source: Path) -> str | None:
    """The repository's own test command (assay.toml), or None when it declares none."""
    try:
        return parse_repo_config(source / "assay.toml").test or None
    except Exception:  # noqa: BLE001 - a broken assay.toml means "no test command", said by the caller
        return None


def _follow(
    process: SandboxProcess, log: Path, on_output: Callable[[bytes], None], limit: int, stop_when: Callable[[], bool]
) -> bool:
    """Hand on what the process writes until it ends; stop it and return True once past ``limit`` bytes."""
    sent = 0
    while True:
        if stop_when():
            process.stop(grace_seconds=0.5)
        alive = process.alive()
        data = log.read_bytes()[sent:] if log.exists() else b""
        if data:
            chunk = data[: max(0, limit - sent)]
            if chunk:
                on_output(chunk)
            sent += len(data)
            if sent > limit:
                process.stop(grace_seconds=0.5)
                return True
        if not alive:
            return False
        time.sleep(POLL_SECONDS)


def run_in_workspace(
    source: Path,
    stack: str,
    command: str,
    *,
    on_output: Callable[[bytes], None],
    output_limit: int,
    seconds: int = 120,
    stop_when: Callable[[], bool] = lambda: False,
) -> WorkspaceRunResult:
    """Run ``command`` (a shell line) on a copy of ``source``; never raises for anything the command did.

    ``stop_when`` is asked between reads of the output; once it says yes the command is stopped (the caller's
    session ended)."""
    limits = Limits(wall_seconds=seconds, cpu_seconds=seconds)
    with SandboxRun(limits=limits) as sandbox:
        sandbox.copy_source(source)
        env = DependencyCache(cache_dir() / "deps").attach(sandbox, stack)
        quoted = command.replace("'", "'\"'\"'")
        process = sandbox.spawn(f"exec >{OUTPUT_FILE} 2>&1; sh -c '{quoted}'", limits=limits, env=env)
        cut = _follow(process, sandbox.workspace / OUTPUT_FILE, on_output, output_limit, stop_when)
        result = process.wait()
    if cut:
        return WorkspaceRunResult(None, True, f"Output cut after {output_limit // 1024} KB; the run was stopped.")
    if stop_when():
        return WorkspaceRunResult(result.exit_code, False, "Stopped: the session ended.")
    if result.killed_by:
        return WorkspaceRunResult(result.exit_code, False, f"Stopped: it reached the {result.killed_by} limit.")
    return WorkspaceRunResult(result.exit_code, False, f"Exited with code {result.exit_code}.")
