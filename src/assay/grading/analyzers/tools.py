"""Running an analysis tool on the platform side and reading its JSON output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

# semgrep alone takes 20 s on an idle core and several minutes on a worker busy grading others; past the bound the
# analyzer is reported as failed inside Assay, so the bound is for a hung tool, not a slow one.
TOOL_TIMEOUT_SECONDS = 360


def venv_tool(name: str) -> str:
    """A tool installed beside the platform's Python (ruff, bandit, semgrep, lizard)."""
    return str(Path(sys.executable).parent / name)


def run_json(argv: list[str]) -> Any:
    """Run a tool with a time bound; its JSON stdout, or None when it produced none.

    It runs in an empty folder of its own (also its HOME), with absolute paths to what it reads: a tool
    must neither pick up configuration the candidate planted nor leave caches in the submission.
    """
    with tempfile.TemporaryDirectory(prefix="assay-tool-") as home:
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home, "LANG": "C.UTF-8"}
        try:
            completed = subprocess.run(
                argv, cwd=home, env=env, capture_output=True, timeout=TOOL_TIMEOUT_SECONDS, check=False
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
    try:
        return json.loads(completed.stdout.decode("utf-8", "replace") or "null")
    except json.JSONDecodeError:
        return None


def relative(root: Path, name: str) -> str:
    """A tool's absolute path of a file, shown relative to the submission."""
    path = Path(name)
    return str(path.relative_to(root)) if path.is_absolute() and path.is_relative_to(root) else name
