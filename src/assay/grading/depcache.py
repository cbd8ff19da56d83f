"""A dependency cache shared by grading runs: downloaded once, never poisoned.

Layout under `root` (0700, root's): one area per stack that has a dependency recipe (`assay.stacks`), owned by
the cache uid, plus `staging/` (downloads in progress) and `state/` (markers, locks) that no sandbox ever sees.
What lives inside an area is the stack module's business.

Who writes what:
- `prefetch` (trusted step, before the candidate's setup) runs the platform's own package manager over the
  files the stack's recipe takes from the candidate's lock file, in a sandbox of its own as the cache uid, with
  the registries network (never the host's loopback). It never runs candidate code, and only plain registry
  requirements are fetched, so a lock file cannot plant a file under a name another candidate relies on.
  It runs once per lock file: a marker per digest records that it succeeded.
- The candidate only ever sees an overlay of an area (`attach`): it may write, but its writes land in its
  run's tmpfs and die with the run. When the prefetch covered every dependency, the install reads the cache
  offline (no registry round trip at all).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from assay import stacks
from assay.grading.sandbox import Limits, ProcessResult, SandboxRun
from assay.grading.sandbox.workspace import mount_tmpfs, unmount
from assay.stacks import VIEW, DependencyRecipe

CACHE_UID = 2_999_000  # below the per-run uid range; owns the shared areas
PREFETCH_LIMITS = Limits(
    wall_seconds=600, cpu_seconds=600, memory_mb=1536, processes=256, file_size_mb=512, disk_mb=2048, output_kb=64
)


def cached_stacks() -> tuple[str, ...]:
    return tuple(name for name, stack in stacks.registry().items() if stack.dependencies)


class DependencyCache:
    """Per-stack download caches shared by all runs on this worker (see module docstring)."""

    def __init__(
        self,
        root: Path,
        *,
        uid: int = CACHE_UID,
        limits: Limits = PREFETCH_LIMITS,
        registries: dict[str, str] | None = None,
    ) -> None:
        self.root = root
        self.uid = uid
        self.limits = limits
        self.registries = {name: self._recipe(name).default_registry for name in cached_stacks()}
        self.registries.update(registries or {})
        self._create_layout()

    def _create_layout(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        os.chmod(self.root, 0o700)
        (self.root / "state").mkdir(mode=0o700, exist_ok=True)
        subdirs = ["staging", *(f"{name}/{area}" for name in cached_stacks() for area in self._recipe(name).areas)]
        for sub in subdirs:
            path = self.root / sub
            path.mkdir(parents=True, exist_ok=True)
            for part in {path, path.parent} - {self.root}:
                self.own(part, 0o777)

    @staticmethod
    def _recipe(stack: str) -> DependencyRecipe:
        found = stacks.get(stack)
        if found is None or found.dependencies is None:
            raise ValueError(f"no dependency cache for stack {stack!r} (cached: {', '.join(cached_stacks())})")
        return found.dependencies

    def area(self, stack: str) -> Path:
        self._recipe(stack)
        return self.root / stack

    # -- candidate side ----------------------------------------------------

    def env(self, stack: str, *, writable: bool = True, offline: bool = False) -> dict[str, str]:
        """Environment that points the stack's tools at the cache view at /deps/<stack>."""
        return self._recipe(stack).install_env(f"{VIEW}/{stack}", writable, offline)

    def attach(self, run: SandboxRun, stack: str) -> dict[str, str]:
        """Show the stack's cache to the run's later candidate processes; returns their env.

        The view is a private overlay (writes stay in the run); where overlayfs is unavailable it falls back
        to read-only. Offline when this workspace's lock file was prefetched completely. {} for an uncached
        stack.
        """
        if stack not in cached_stacks():
            return {}
        mode = run.add_cache_view(self.area(stack), f"{VIEW}/{stack}")
        return self.env(stack, writable=mode == "overlay", offline=self.complete(run.workspace, stack))

    def complete(self, workspace: Path, stack: str) -> bool:
        """Whether every dependency of the workspace's lock file is in the cache (its prefetch succeeded)."""
        plan = self._plan(workspace, stack)
        return plan is not None and plan.complete and self._marker(stack, plan.digest).exists()

    # -- trusted side -------------------------------------------------------

    def prefetch(self, run: SandboxRun, stack: str) -> ProcessResult | None:
        """Fill the cache from the lock file in the run's workspace, unless already done.

        Returns the tool's result, or None when there was nothing to do: an uncached stack, no lock file,
        nothing fetchable, or this exact lock file was prefetched before (no network request at all then).
        """
        plan = self._plan(run.workspace, stack)
        if plan is None:
            return None
        marker = self._marker(stack, plan.digest)
        if marker.exists():
            return None
        with self._lock(f"{stack}-{plan.digest}"):
            if marker.exists():  # another worker did it while we waited
                return None
            result = self._fetch(run, stack, plan.files)
            if result.ok:
                marker.write_text(json.dumps({"seconds": round(result.duration_seconds, 1)}))
        return result

    def _plan(self, workspace: Path, stack: str) -> _Plan | None:
        if stack not in cached_stacks():
            return None
        recipe = self._recipe(stack)
        files = recipe.lock_files(workspace, self.registries[stack])
        if not files:
            return None
        digest = hashlib.sha256(repr((stack, sorted(files.items()))).encode()).hexdigest()
        return _Plan(digest, files, recipe.complete(files))

    def _marker(self, stack: str, digest: str) -> Path:
        return self.root / "state" / f"{stack}-{digest}.done"

    @contextmanager
    def _lock(self, name: str) -> Iterator[None]:
        with open(self.root / "state" / f"{name}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield

    def _fetch(self, run: SandboxRun, stack: str, files: dict[str, bytes]) -> ProcessResult:
        scratch = run.dir / f"prefetch-{uuid.uuid4().hex[:8]}"
        mount_tmpfs(scratch, self.limits.disk_mb, self.uid, mode=0o755)
        prefetch = _Prefetch(self, run, stack, scratch)
        try:
            for name, data in files.items():
                path = scratch / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
                os.chown(path, self.uid, self.uid)
            result = self._recipe(stack).fetch(prefetch)
            assert isinstance(result, ProcessResult)  # the recipe returns what `_Prefetch.tool` gave it
            return result
        finally:
            for staging in prefetch.stagings:
                shutil.rmtree(staging, ignore_errors=True)
            unmount(scratch)
            shutil.rmtree(scratch, ignore_errors=True)

    def own(self, path: Path, mode: int) -> None:
        # World-writable inside a root-only tree: only the cache uid and
        # overlays (mounted by root) reach it, and a candidate's writes
        # through its overlay then succeed privately instead of failing.
        os.chown(path, self.uid, self.uid)
        os.chmod(path, mode)


@dataclass(frozen=True)
class _Plan:
    digest: str
    files: dict[str, bytes]
    complete: bool


@dataclass
class _Prefetch:
    """One stack's trusted fetch (the `assay.stacks.Prefetch` a recipe's `fetch` receives)."""

    cache: DependencyCache
    run: SandboxRun
    stack: str
    scratch: Path
    stagings: list[Path] = field(default_factory=list)

    @property
    def area(self) -> Path:
        return self.cache.area(self.stack)

    @property
    def registry(self) -> str:
        return self.cache.registries[self.stack]

    def tool(self, command: str, env: dict[str, str], mounts: dict[Path, str]) -> ProcessResult:
        writable = {self.run.bind_host(host, readonly=False): inside for host, inside in mounts.items()}
        writable[self.scratch] = "/scratch"
        # umask 0: files the tool adds stay writable through candidates' overlays.
        return self.run.run_tool(
            f"umask 000; {command}",
            uid=self.cache.uid,
            writable=writable,
            env={"HOME": "/scratch", **env},
            limits=self.cache.limits,
            network="registries",
            cwd="/scratch",
        )

    def staging(self) -> Path:
        path = self.cache.root / "staging" / uuid.uuid4().hex
        path.mkdir(mode=0o777)
        os.chown(path, self.cache.uid, self.cache.uid)
        self.stagings.append(path)
        return path

    def own(self, path: Path, mode: int) -> None:
        self.cache.own(path, mode)
