"""The stack registry: everything Assay knows about one candidate language, in one module per stack.

It sits below the domain (it imports nothing of Assay), so the package format, the forms, the dependency
cache and the static stage can all ask it and stay language-blind. A stack module (`python.py`, `node.py`,
`go.py`, `java.py`, `sql.py`) declares one `STACK`.
Adding a stack is one new module here plus its tests (docs/stacks.md).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

# The order hiring teams see them in.
MODULES = ("python", "node", "go", "java", "sql")
VIEW = "/deps"  # where a candidate process sees the dependency cache: /deps/<stack>


class ToolResult(Protocol):
    """What a prefetch tool run tells (the sandbox's ToolResult has it)."""

    @property
    def ok(self) -> bool: ...

    stdout: str
    stderr: str


class Prefetch(Protocol):
    """What the dependency cache hands a stack's `fetch`: one trusted tool run, with the registries network.

    `scratch` holds the files `lock_files` returned (seen by the tool at /scratch); `area` is the stack's
    shared cache area on the host. The tool never sees the candidate's workspace.
    """

    @property
    def scratch(self) -> Path: ...

    @property
    def area(self) -> Path: ...

    @property
    def registry(self) -> str: ...

    def tool(self, command: str, env: dict[str, str], mounts: dict[Path, str]) -> ToolResult:
        """Run `command` as the cache uid over `mounts` (host path -> path inside, writable)."""
        ...

    def staging(self) -> Path:
        """A fresh empty directory the tool may write into, removed after the fetch."""
        ...

    def own(self, path: Path, mode: int) -> None:
        """Give `path` to the cache uid with `mode` (files later readable through candidates' overlays)."""
        ...


@dataclass(frozen=True)
class DependencyRecipe:
    """How a stack's dependencies reach the shared cache (trusted) and how the candidate's install reads it.

    `lock_files(workspace, registry)`: the files the prefetch needs, or None when nothing can be prefetched;
    they are the prefetch's whole input and their digest is its identity (one prefetch per lock file).
    `complete(files)`: the prefetch covers every dependency, so a successful one lets the install go offline.
    `fetch(prefetch)`: fill the area from the registry; runs no candidate code.
    `install_env(view, writable, offline)`: the environment pointing the stack's tools at the view.
    """

    default_registry: str
    areas: tuple[str, ...]
    lock_files: Callable[[Path, str], dict[str, bytes] | None]
    fetch: Callable[[Prefetch], ToolResult]
    install_env: Callable[[str, bool, bool], dict[str, str]]
    complete: Callable[[dict[str, bytes]], bool] = lambda files: True


@dataclass(frozen=True)
class Stack:
    """One candidate language as Assay knows it."""

    name: str
    label: str
    identifying_files: tuple[str, ...]  # any of these at a repository's root says "this stack"
    source_suffixes: tuple[str, ...]  # the files the static analyzers read
    starter_config: str  # the default assay.toml of a starter
    analyzers: tuple[str, ...] = ()  # the stack's own static analyzers, beside the ones every stack gets
    coverage: str = ""  # how coverage of the candidate's own tests is measured ("" when it is not)
    dependencies: DependencyRecipe | None = None
    runtime_env: Callable[[int], dict[str, str]] = field(default=lambda memory_mb: {})  # by memory limit, MB
    setup_advice: tuple[tuple[str, str], ...] = ()  # (text in a failed setup's log, what the candidate can do)

    def advice(self, log: str) -> str:
        """What the candidate can do about a failed setup, from the first known symptom in its log."""
        return next((advice for symptom, advice in self.setup_advice if symptom in log), "")


def _load() -> dict[str, Stack]:
    stacks = {}
    for module in MODULES:
        stack: Stack = importlib.import_module(f"{__name__}.{module}").STACK
        stacks[stack.name] = stack
    return stacks


_REGISTRY: dict[str, Stack] = {}


def registry() -> dict[str, Stack]:
    """Every stack, by name, in the order hiring teams see them."""
    if not _REGISTRY:
        _REGISTRY.update(_load())
    return _REGISTRY


def get(name: str) -> Stack | None:
    return registry().get(name)


def names() -> tuple[str, ...]:
    return tuple(registry())


def label(name: str) -> str:
    stack = get(name)
    return stack.label if stack else name


def source_suffixes() -> tuple[str, ...]:
    """Every stack's source file suffixes: what the language-blind analyzers (semgrep, secrets) read."""
    return tuple(dict.fromkeys(s for stack in registry().values() for s in stack.source_suffixes))


def identify(root: Path) -> Stack | None:
    """The stack whose identifying files a repository has at its root, if any."""
    return next((s for s in registry().values() if any((root / f).is_file() for f in s.identifying_files)), None)
