"""Running an analysis tool on the platform side and reading its JSON output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

TOOL_TIMEOUT_SECONDS = 120


def venv_tool(name: str) -> str:
    """A tool installed beside the platform's Python (ruff, bandit, semgrep, lizard)."""
    return str(Path(sys.executable).parent / name)


def run_json(argv: list[str], cwd: Path) -> Any:
    """Run a tool with a time bound; its JSON stdout, or None when it produced none."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(cwd), "LANG": "C.UTF-8"}
    try:
        completed = subprocess.run(
            argv, cwd=cwd, env=env, capture_output=True, timeout=TOOL_TIMEOUT_SECONDS, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    try:
        return json.loads(completed.stdout.decode("utf-8", "replace") or "null")
    except json.JSONDecodeError:
        return None
