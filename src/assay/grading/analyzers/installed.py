"""The stack analyzers' tools that `make install` provisions (eslint, staticcheck, gosec, PMD), and how they run.

They live under the virtualenv's `tools/` (see `tools/` in the repository and the Makefile), pinned there and
never fetched at grading time. A tool runs as a child process with a time bound, on a copy of the candidate's
files in a folder of its own, so it neither reads configuration the candidate planted outside those files nor
leaves anything in the submission.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from assay.grading.analyzers.tools import TOOL_TIMEOUT_SECONDS

TOOLS_DIR = Path(sys.executable).parent.parent / "tools"


class NotRun(Exception):
    """An analyzer that could not run here, through no fault of the candidate or of Assay: reported as not run."""


class ToolNotInstalled(NotRun):
    """A stack analyzer's tool is absent on this machine."""


@dataclass
class ToolRun:
    returncode: int
    stdout: str
    stderr: str


def tool_path(relative: str, tool: str = "") -> Path:
    """An installed tool under the tools folder, or ToolNotInstalled naming it (`tool`, else the file's name)."""
    path = TOOLS_DIR / relative
    if not path.exists():
        raise ToolNotInstalled(f"{tool or Path(relative).name} not installed (run `make install`)")
    return path


def require_command(name: str) -> str:
    """A toolchain command on PATH (go, java), or ToolNotInstalled."""
    found = shutil.which(name)
    if found is None:
        raise ToolNotInstalled(f"{name} not installed")
    return found


@contextmanager
def source_copy(root: Path, files: list[Path]) -> Iterator[Path]:
    """A private copy of `files` (paths under `root`), with their relative paths, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="assay-analysis-") as folder:
        copy = Path(folder) / "src"
        copy.mkdir()
        resolved = root.resolve()
        for path in files:
            if path.is_symlink() or not path.is_file() or not path.resolve().is_relative_to(resolved):
                continue
            target = copy / path.resolve().relative_to(resolved)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
        yield copy


def run(argv: list[str], cwd: Path, env: dict[str, str] | None = None) -> ToolRun:
    """Run a tool with a time bound, its HOME an empty folder; a hung tool raises RuntimeError (a crash)."""
    with tempfile.TemporaryDirectory(prefix="assay-tool-home-") as home:
        base = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home, "LANG": "C.UTF-8"}
        try:
            completed = subprocess.run(
                argv,
                cwd=cwd,
                env={**base, **(env or {})},
                capture_output=True,
                timeout=TOOL_TIMEOUT_SECONDS,
                check=False,
            )
        except subprocess.TimeoutExpired as error:
            raise RuntimeError(f"{Path(argv[0]).name} did not finish in {TOOL_TIMEOUT_SECONDS} s") from error
    return ToolRun(
        completed.returncode,
        completed.stdout.decode("utf-8", "replace"),
        completed.stderr.decode("utf-8", "replace"),
    )


def relative_to_copy(copy: Path, name: str) -> str:
    """A path a tool printed inside the copy, as the submission's relative path."""
    path = Path(name)
    if not path.is_absolute():
        path = copy / path
    try:
        return str(path.resolve().relative_to(copy.resolve()))
    except ValueError:
        return name
