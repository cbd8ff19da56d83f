"""Grader-provided services: an upstream or third party a challenge declares in ``[[grading.provided]]``.

Each entry names a program of the package's own ``grading/services/`` folder that the grader starts,
for one run only, on the run's loopback. The parsing here only checks the declaration; starting it
is the grading side's (``assay.grading.servers.provided``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

SERVICES_DIR = "grading/services"
NAME = re.compile(r"^[a-z][a-z0-9_]{0,30}$")
ENV_NAME = re.compile(r"^[A-Z][A-Z0-9_]{0,63}$")
# The candidate's service, PostgreSQL and Redis already listen on the run's loopback.
RESERVED_PORTS = frozenset({8080, 5432, 6379})
KEYS = frozenset({"name", "command", "port", "ready", "env"})
MAX_PROVIDED = 4

Problem = Callable[[str, str, str], None]


@dataclass(frozen=True)
class ProvidedService:
    """One declared service. ``command[0]`` is a path inside ``grading/services/``."""

    name: str
    command: tuple[str, ...]
    port: int
    ready: str = "/health"
    env: dict[str, str] = field(default_factory=dict)

    @property
    def env_var(self) -> str:
        """The variable that gives the candidate's service this service's URL."""
        return f"ASSAY_SERVICE_{self.name.upper()}_URL"

    @property
    def secret_env_var(self) -> str:
        """The variable that gives the candidate's service the secret it shares with this service."""
        return f"ASSAY_SERVICE_{self.name.upper()}_SECRET"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def parse_provided(root: Path, value: Any, problem: Problem) -> tuple[ProvidedService, ...]:
    """``grading.provided`` of challenge.toml (None when absent); each problem names file and field."""
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        problem("challenge.toml", "grading.provided", "must be a list of tables ([[grading.provided]])")
        return ()
    if len(value) > MAX_PROVIDED:
        problem("challenge.toml", "grading.provided", f"declares {len(value)} services; at most {MAX_PROVIDED}")
    services = [_one(root, table, f"grading.provided[{i}].", problem) for i, table in enumerate(value)]
    found = [s for s in services if s is not None]
    _unique(value, problem)
    return tuple(found) if len(found) == len(value) else ()


def _unique(tables: list[dict[str, Any]], problem: Problem) -> None:
    for attr in ("name", "port"):
        seen = [t[attr] for t in tables if isinstance(t.get(attr), str | int)]
        for twice in sorted({v for v in seen if seen.count(v) > 1}, key=str):
            problem("challenge.toml", f"grading.provided.{attr}", f"{twice!r} is declared twice")


def _one(root: Path, table: dict[str, Any], prefix: str, problem: Problem) -> ProvidedService | None:
    def bad(key: str, message: str) -> None:
        problem("challenge.toml", prefix + key, message)

    before: list[str] = []
    recorded = _Recorder(bad, before)
    for key in sorted(set(table) - KEYS):
        recorded(key, f"is not a known key; expected one of {', '.join(sorted(KEYS))}")
    name = _name(table.get("name"), recorded)
    command = _command(root, table.get("command"), recorded)
    port = _port(table.get("port"), recorded)
    ready = table.get("ready", "/health")
    if not isinstance(ready, str) or not ready.startswith("/"):
        recorded("ready", f"must be a path starting with '/', not {ready!r}")
    env = _env(table.get("env", {}), recorded)
    if before or name is None or command is None or port is None:
        return None
    return ProvidedService(name=name, command=command, port=port, ready=ready, env=env)


class _Recorder:
    """Reports a problem and remembers that one was found."""

    def __init__(self, bad: Callable[[str, str], None], found: list[str]) -> None:
        self.bad, self.found = bad, found

    def __call__(self, key: str, message: str) -> None:
        self.found.append(key)
        self.bad(key, message)


def _name(value: Any, bad: _Recorder) -> str | None:
    if not isinstance(value, str) or not NAME.match(value):
        bad("name", f"must be lower-case letters, digits and '_' starting with a letter, not {value!r}")
        return None
    return value


def _command(root: Path, value: Any, bad: _Recorder) -> tuple[str, ...] | None:
    argv = [value] if isinstance(value, str) else value
    if not isinstance(argv, list) or not argv or not all(isinstance(a, str) and a for a in argv):
        bad("command", "must be a program (or a list: program and arguments) in grading/services/")
        return None
    program = PurePosixPath(argv[0])
    if program.is_absolute() or ".." in program.parts:
        bad("command", f"{argv[0]!r} must be a path inside {SERVICES_DIR}/")
        return None
    path = root / SERVICES_DIR / program
    if not path.is_file():
        bad("command", f"{SERVICES_DIR}/{program} does not exist")
        return None
    if program.suffix != ".py" and not path.stat().st_mode & 0o111:
        bad("command", f"{SERVICES_DIR}/{program} is neither a .py script nor executable")
        return None
    return tuple(argv)


def _port(value: Any, bad: _Recorder) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1024 <= value <= 65535:
        bad("port", f"must be a whole number from 1024 to 65535, not {value!r}")
        return None
    if value in RESERVED_PORTS:
        bad("port", f"{value} is taken by the candidate's service, PostgreSQL or Redis")
        return None
    return value


def _env(value: Any, bad: _Recorder) -> dict[str, str]:
    if not isinstance(value, dict):
        bad("env", 'must be a table of NAME = "text"')
        return {}
    env: dict[str, str] = {}
    for key, text in value.items():
        if not ENV_NAME.match(key) or not isinstance(text, str):
            bad(f"env.{key}", 'must be an upper-case NAME = "text"')
        else:
            env[key] = text
    return env
