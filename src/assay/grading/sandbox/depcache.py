"""A dependency cache shared by grading runs: downloaded once, never poisoned.

Layout under `root` (0700, root's): one area per stack, owned by the cache
uid, plus `state/` (markers, locks) that no sandbox ever sees.

    python/pip      pip's HTTP cache         python/wheels  downloaded wheels
    python/simple   a PEP 503 index of python/wheels (file://, an extra index)
    node/npm        npm's cacache            go/mod         GOMODCACHE
    staging/        downloads in progress    state/         <stack>-<hash>.done

Who writes what:
- `prefetch` (trusted step, before the candidate's setup) runs the
  platform's own pip/npm/go over the candidate's lockfile, in a sandbox of
  its own as the cache uid, with the registries network (never the host's
  loopback). It never runs candidate code: wheels only, `--ignore-scripts`,
  GOPROXY without `direct`. Only plain registry requirements are fetched, so
  a lockfile cannot plant a file under a name another candidate relies on.
- The candidate only ever sees an overlay of an area (`attach`): it may
  write, but its writes land in its run's tmpfs and die with the run.
Java (Maven) is not cached yet.
"""

from __future__ import annotations

import fcntl
import hashlib
import html
import json
import logging
import os
import re
import shlex
import shutil
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .limits import Limits, ProcessResult
from .run import SandboxRun
from .workspace import mount_tmpfs, unmount

log = logging.getLogger(__name__)

CACHE_UID = 2_999_000  # below the per-run uid range; owns the shared areas
STACKS = ("python", "node", "go")
PREFETCH_LIMITS = Limits(
    wall_seconds=600, cpu_seconds=600, memory_mb=1024, processes=256, file_size_mb=512, disk_mb=2048, output_kb=64
)
PYTHON = "/usr/bin/python3"  # the sandbox's interpreter: wheels must match its tags
VIEW = "/deps"

# A requirement line we prefetch: a name, extras, version specifiers, markers,
# --hash options. No URLs, paths, options or environment variables.
_PLAIN_REQUIREMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(\[[A-Za-z0-9._,\s-]*\])?[^@/\\$:]*$")
_HASH_OPTION = re.compile(r"\s--hash[= ]\S+")


class DependencyCache:
    """Per-stack download caches shared by all runs on this worker (see module docstring)."""

    def __init__(
        self,
        root: Path,
        *,
        uid: int = CACHE_UID,
        limits: Limits = PREFETCH_LIMITS,
        pypi_index: str = "https://pypi.org/simple",
        npm_registry: str = "https://registry.npmjs.org/",
        goproxy: str = "https://proxy.golang.org",
    ) -> None:
        self.root = root
        self.uid = uid
        self.limits = limits
        self.pypi_index = pypi_index
        self.npm_registry = npm_registry
        self.goproxy = goproxy
        self._create_layout()

    def _create_layout(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        os.chmod(self.root, 0o700)
        (self.root / "state").mkdir(mode=0o700, exist_ok=True)
        for sub in ("python/pip", "python/wheels", "python/simple", "node/npm", "go/mod", "staging"):
            path = self.root / sub
            path.mkdir(parents=True, exist_ok=True)
            for part in {path, path.parent} - {self.root}:
                self._own(part, 0o777)

    def area(self, stack: str) -> Path:
        if stack not in STACKS:
            raise ValueError(f"no dependency cache for stack {stack!r} (cached: {', '.join(STACKS)})")
        return self.root / stack

    # -- candidate side ----------------------------------------------------

    def env(self, stack: str, *, writable: bool = True) -> dict[str, str]:
        """Environment that points the stack's tools at the cache view at /deps/<stack>."""
        view = f"{VIEW}/{stack}"
        if stack == "python":
            # The cache is an *extra* index: for equal versions pip takes the
            # candidate it found last, so a cached wheel wins over PyPI's copy
            # (find-links would lose that tie), and a newer release still installs.
            env = {
                "PIP_INDEX_URL": self.pypi_index,
                "PIP_EXTRA_INDEX_URL": f"file://{view}/simple",
                "PIP_DISABLE_PIP_VERSION_CHECK": "1",
            }
            # A read-only pip cache only earns a warning; a private one is used.
            return {**env, "PIP_CACHE_DIR": f"{view}/pip"} if writable else env
        if stack == "node":
            return {
                "npm_config_cache": f"{view}/npm",
                "npm_config_prefer_offline": "true",
                "npm_config_update_notifier": "false",
            }
        if stack == "go":
            # A read-only module cache cannot take new modules: never download then.
            return {
                "GOMODCACHE": f"{view}/mod",
                "GOFLAGS": "-mod=mod",
                "GOTOOLCHAIN": "local",
                "GOPROXY": self.goproxy if writable else "off",
            }
        return {}

    def mounts_and_env(self, stack: str) -> tuple[dict[Path, str], dict[str, str]]:
        """Read-only mounts (for `SandboxRun(caches=...)`) and env; {} and {} for an uncached stack.

        The areas are not traversable by run uids; prefer `attach`, which
        also gives the candidate a private writable view.
        """
        if stack not in STACKS:
            return {}, {}
        return {self.area(stack): f"{VIEW}/{stack}"}, self.env(stack, writable=False)

    def attach(self, run: SandboxRun, stack: str) -> dict[str, str]:
        """Show the stack's cache to the run's later candidate processes; returns their env.

        The view is a private overlay (writes stay in the run); where overlayfs
        is unavailable it falls back to read-only. {} for an uncached stack.
        """
        if stack not in STACKS:
            return {}
        mode = run.add_cache_view(self.area(stack), f"{VIEW}/{stack}")
        return self.env(stack, writable=mode == "overlay")

    # -- trusted side -------------------------------------------------------

    def prefetch(self, run: SandboxRun, stack: str) -> ProcessResult | None:
        """Fill the cache from the lockfile in the run's workspace, unless already done.

        Returns the tool's result, or None when there was nothing to do: an
        uncached stack, no lockfile, nothing fetchable, or this exact
        lockfile was prefetched before (no network request at all then).
        """
        plan = self._plan(run.workspace, stack)
        if plan is None:
            return None
        digest, files = plan
        marker = self.root / "state" / f"{stack}-{digest}.done"
        if marker.exists():
            return None
        with self._lock(f"{stack}-{digest}"):
            if marker.exists():  # another worker did it while we waited
                return None
            result = self._fetch(run, stack, files)
            if result.ok:
                marker.write_text(json.dumps({"seconds": round(result.duration_seconds, 1)}))
        return result

    def _plan(self, workspace: Path, stack: str) -> tuple[str, dict[str, bytes]] | None:
        """The files to hand the tool and their digest, or None when nothing applies."""
        files: dict[str, bytes] | None = None
        if stack == "python":
            files = _python_requirements(workspace / "requirements.txt")
        elif stack == "node":
            files = _node_lock(workspace, self.npm_registry)
        elif stack == "go":
            files = _read_all(workspace, ("go.mod", "go.sum"), required=("go.mod",))
        if not files:
            return None
        digest = hashlib.sha256(repr((stack, sorted(files.items()))).encode()).hexdigest()
        return digest, files

    @contextmanager
    def _lock(self, name: str) -> Iterator[None]:
        with open(self.root / "state" / f"{name}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield

    def _fetch(self, run: SandboxRun, stack: str, files: dict[str, bytes]) -> ProcessResult:
        scratch = run.dir / f"prefetch-{uuid.uuid4().hex[:8]}"
        mount_tmpfs(scratch, self.limits.disk_mb, self.uid, mode=0o755)
        try:
            for name, data in files.items():
                (scratch / name).write_bytes(data)
            if stack == "python":
                return self._fetch_python(run, scratch)
            area = {"node": "node/npm", "go": "go/mod"}[stack]
            command, env = self._node_command() if stack == "node" else self._go_command()
            return self._tool(run, command, env, scratch, {self.root / area: "/cache"})
        finally:
            unmount(scratch)
            shutil.rmtree(scratch, ignore_errors=True)

    def _tool(
        self, run: SandboxRun, command: str, env: dict[str, str], scratch: Path, areas: dict[Path, str]
    ) -> ProcessResult:
        writable = {run.bind_host(host, readonly=False): inside for host, inside in areas.items()}
        writable[scratch] = "/scratch"
        # umask 0: files the tool adds stay writable through candidates' overlays.
        return run.run_tool(
            f"umask 000; {command}",
            uid=self.uid,
            writable=writable,
            env={"HOME": "/scratch", **env},
            limits=self.limits,
            network="registries",
            cwd="/scratch",
        )

    def _fetch_python(self, run: SandboxRun, scratch: Path) -> ProcessResult:
        staging = self.root / "staging" / uuid.uuid4().hex
        staging.mkdir(mode=0o777)
        os.chown(staging, self.uid, self.uid)
        try:
            command = (
                f"{PYTHON} -m pip download --isolated --disable-pip-version-check --no-input"
                f" --only-binary=:all: --index-url {shlex.quote(self.pypi_index)}"
                " --cache-dir /cache/pip --dest /cache/dest -r /scratch/requirements.txt"
            )
            areas = {self.root / "python/pip": "/cache/pip", staging: "/cache/dest"}
            result = self._tool(run, command, {}, scratch, areas)
            self._publish_wheels(staging)
            return result
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    def add_wheels(self, wheels: Iterable[Path]) -> None:
        """Seed the Python cache with wheels the operator trusts (e.g. an offline wheelhouse)."""
        staging = self.root / "staging" / uuid.uuid4().hex
        staging.mkdir()
        try:
            for wheel in wheels:
                shutil.copyfile(wheel, staging / wheel.name)
            self._publish_wheels(staging)
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    def _publish_wheels(self, staging: Path) -> None:
        # Index files are immutable per name, so a name already present is the
        # same file; rename is atomic, so readers never see half a wheel.
        wheels = self.root / "python" / "wheels"
        projects = set()
        for path in staging.iterdir():
            if path.is_file() and not path.is_symlink() and path.name.endswith(".whl"):
                target = wheels / path.name
                if not target.exists():
                    self._own(path, 0o666)
                    path.rename(target)
                projects.add(_project(path.name))
        for project in projects:
            self._write_index(project)

    def _write_index(self, project: str) -> None:
        wheels = sorted(p.name for p in (self.root / "python" / "wheels").glob("*.whl") if _project(p.name) == project)
        links = "".join(f'<a href="../../wheels/{html.escape(name)}">{html.escape(name)}</a>\n' for name in wheels)
        page = self.root / "python" / "simple" / project
        page.mkdir(exist_ok=True)
        self._own(page, 0o777)
        staging = page / f".index-{uuid.uuid4().hex[:8]}"
        staging.write_text(f"<!DOCTYPE html>\n<html><body>\n{links}</body></html>\n")
        self._own(staging, 0o666)
        staging.rename(page / "index.html")

    def _own(self, path: Path, mode: int) -> None:
        # World-writable inside a root-only tree: only the cache uid and
        # overlays (mounted by root) reach it, and a candidate's writes
        # through its overlay then succeed privately instead of failing.
        os.chown(path, self.uid, self.uid)
        os.chmod(path, mode)

    def _node_command(self) -> tuple[str, dict[str, str]]:
        registry = shlex.quote(self.npm_registry)
        command = (
            f"npm ci --ignore-scripts --no-audit --no-fund --cache /cache --registry {registry}"
            " --logs-dir /scratch/.npm-logs --userconfig /scratch/.npmrc-none"
        )
        return command, {"npm_config_update_notifier": "false"}

    def _go_command(self) -> tuple[str, dict[str, str]]:
        env = {
            "GOMODCACHE": "/cache",
            # -modcacherw: modules stay writable, so overlays and cleanup work.
            "GOFLAGS": "-mod=mod -modcacherw",
            "GOTOOLCHAIN": "local",
            "GOPROXY": self.goproxy,  # no ",direct": never run git/hg on a lockfile's say-so
            "GOENV": "off",
            "GOCACHE": "/scratch/.gocache",
            "GOPATH": "/scratch/.gopath",
        }
        return "go mod download", env


def _project(wheel: str) -> str:
    """PEP 503 normalised project name of a wheel file."""
    return re.sub(r"[-_.]+", "-", wheel.split("-", 1)[0]).lower()


def _read_all(workspace: Path, names: tuple[str, ...], required: tuple[str, ...]) -> dict[str, bytes] | None:
    """Regular files (never symlinks) of the workspace, or None if a required one is missing."""
    files: dict[str, bytes] = {}
    for name in names:
        path = workspace / name
        if path.is_file() and not path.is_symlink():
            files[name] = path.read_bytes()[: 8 * 1024 * 1024]
        elif name in required:
            return None
    return files


def _python_requirements(path: Path) -> dict[str, bytes] | None:
    """requirements.txt reduced to plain index requirements; other lines are logged and skipped."""
    if not path.is_file() or path.is_symlink():
        return None
    text = path.read_bytes()[: 1024 * 1024].decode("utf-8", errors="replace")
    kept = []
    for line in text.replace("\\\n", " ").splitlines():
        requirement = line.split(" #", 1)[0].strip()
        if not requirement or requirement.startswith("#"):
            continue
        if _PLAIN_REQUIREMENT.match(_HASH_OPTION.sub("", f" {requirement}").strip()):
            kept.append(requirement)
        else:
            log.info("not prefetched (not a plain index requirement): %s", requirement[:200])
    return {"requirements.txt": "\n".join(kept).encode() + b"\n"} if kept else None


def _node_lock(workspace: Path, registry: str) -> dict[str, bytes] | None:
    """package.json + package-lock.json, when every locked package comes from the registry."""
    files = _read_all(workspace, ("package.json", "package-lock.json"), required=("package.json", "package-lock.json"))
    if files is None:
        return None
    try:
        lock = json.loads(files["package-lock.json"])
    except ValueError:
        return None
    packages = lock.get("packages") or lock.get("dependencies") or {}
    for name, entry in packages.items() if isinstance(packages, dict) else ():
        if name == "" or not isinstance(entry, dict):
            continue
        if not _from_registry(entry, registry):
            log.info("not prefetched: %s is not locked to %s", str(name)[:200], registry)
            return None
    return files


def _from_registry(entry: dict[str, object], registry: str) -> bool:
    """A lock entry fetched from `registry` (npm omits `resolved` with omit-lockfile-registry-resolved)."""
    resolved, version = entry.get("resolved"), entry.get("version")
    if entry.get("link") or not isinstance(entry.get("integrity"), str):
        return False
    if resolved is None:
        return isinstance(version, str) and ":" not in version
    return isinstance(resolved, str) and resolved.startswith(registry)
