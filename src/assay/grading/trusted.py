"""Running platform probes inside a run's network namespace and reading their JSON answer."""

from __future__ import annotations

import json
import os
import sys
from typing import Any

from assay.grading.context import GradingContext
from assay.grading.sandbox import Limits, ProcessResult

# The probes must not inherit the platform's Django settings or secrets.
_KEEP = ("PATH", "LANG", "LC_ALL", "HOME", "TMPDIR", "VIRTUAL_ENV", "SSL_CERT_FILE")


def clean_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {key: os.environ[key] for key in _KEEP if key in os.environ}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return {**env, **(extra or {})}


def run_module(ctx: GradingContext, module: str, *args: str, limits: Limits | None = None) -> ProcessResult:
    argv = [sys.executable, "-m", module, *args]
    return ctx.sandbox.run_trusted(argv, limits=limits or ctx.limits.trusted, env=clean_env(), cwd=ctx.scratch)


def json_answer(result: ProcessResult) -> dict[str, Any] | None:
    """The last line of stdout as JSON, or None when the probe did not answer."""
    lines = result.stdout.strip().splitlines()
    if not lines:
        return None
    try:
        answer = json.loads(lines[-1])
    except json.JSONDecodeError:
        return None
    return answer if isinstance(answer, dict) else None
