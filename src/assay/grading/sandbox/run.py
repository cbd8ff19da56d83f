"""SandboxRun: everything one grading run owns, created together, removed together."""

from __future__ import annotations

import os
import random
import shlex
import shutil
import uuid
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from . import orphans
from .bwrap import (
    SANDBOX_HOME,
    Mounts,
    bwrap_argv,
    cgroup_prefix,
    drop_privileges_prefix,
    identity_files,
    rlimit_prefix,
    sandbox_env,
)
from .cgroups import CPU_SHARES, CgroupSet
from .limits import Limits, Network, ProcessResult
from .network import SLIRP_DNS, NetNamespace, Slirp
from .process import SandboxProcess
from .workspace import CopyReport, bind_mount, copy_tree, mount_overlay, mount_tmpfs, mounts_under, unmount

DEFAULT_BASE = Path("/run/assay-sandbox")
# Host uids handed to runs: far above any real account, five per run (candidate, services, grader,
# grader-provided services, browser) so RLIMIT_NPROC, which counts per uid, is per run.
UID_RANGE = (3_000_000, 3_900_000)
UIDS_PER_RUN = 5
SERVICES_TMPFS_MB = 1024
TMP_MB = 256


class SandboxError(RuntimeError):
    """The sandbox itself could not be set up (not the candidate's fault)."""


Command = Sequence[str] | str


def _argv(command: Command) -> list[str]:
    return ["/bin/sh", "-c", command] if isinstance(command, str) else list(command)


class SandboxRun:
    """One grading run: a workspace, a loopback-only network namespace, a uid.

    Invariants: the workspace (a tmpfs of `limits.disk_mb`) persists across
    stages and is the only candidate-writable host storage; every candidate
    process runs as `uid` with no capabilities; after `close()` no process,
    mount, namespace, cgroup or file of the run remains.
    """

    def __init__(
        self,
        *,
        limits: Limits | None = None,
        base_dir: Path = DEFAULT_BASE,
        caches: dict[Path, str] | None = None,
        uid: int | None = None,
    ) -> None:
        self.id = uuid.uuid4().hex[:12]
        self.limits = limits or Limits()
        self.caches = {Path(k): v for k, v in (caches or {}).items()}
        self.uid = uid if uid is not None else random.randrange(*UID_RANGE, UIDS_PER_RUN)  # noqa: S311 - not a secret
        self.services_uid = self.uid + 1
        # Untrusted grading code (a hiring team's hidden tests) runs as neither the candidate nor the services.
        self.grader_uid = self.uid + 2
        # A challenge's own upstream services: neither the candidate nor the platform's servers.
        self.provided_uid = self.uid + 3
        # The hidden tests' browser runs the candidate's JavaScript: it is candidate code with a uid of its own.
        self.browser_uid = self.uid + 4
        self.dir = base_dir / self.id
        self.workspace = self.dir / "workspace"
        self.services_dir = self.dir / "services"
        self.netns: NetNamespace | None = None
        self._processes: list[SandboxProcess] = []
        self._launcher_groups: list[CgroupSet] = []  # cgroups of launcher scripts, destroyed at close()
        self._mounted: list[Path] = []  # extra mounts under self.dir, unmounted in reverse
        self._views: dict[Path, str] = {}  # private copy-on-write cache views
        self._readonly_views: dict[Path, str] = {}

    # -- lifecycle ---------------------------------------------------------

    def __enter__(self) -> SandboxRun:
        self.start()
        return self

    def __exit__(self, *exc: object | TracebackType) -> None:
        self.close()

    def start(self) -> None:
        try:
            # 0711: the unprivileged bwrap must traverse to bind its paths,
            # but must not list other runs.
            self.dir.mkdir(parents=True, mode=0o711)
            os.chmod(self.dir.parent, 0o711)  # noqa: S103 - traverse only, no listing
            orphans.mark_owner(self.dir)  # a sweep removes the run if this process dies without closing it
            _check_traversable(self.dir.parent)
            mount_tmpfs(self.workspace, self.limits.disk_mb, self.uid)
            mount_tmpfs(self.services_dir, SERVICES_TMPFS_MB, self.services_uid)
            identity_files(self.dir / "etc", self.uid, None)
            identity_files(self.dir / "etc-setup", self.uid, SLIRP_DNS)
            self.netns = NetNamespace.create(f"assay-{self.id}")
        except Exception as exc:
            self.close()
            raise SandboxError(f"could not create sandbox run: {exc}") from exc

    def close(self) -> None:
        for proc in self._processes:
            proc.stop(grace_seconds=0.5)
        self._processes.clear()
        for group in self._launcher_groups:
            group.destroy()
        self._launcher_groups.clear()
        if self.netns:
            self.netns.destroy()
            self.netns = None
        for mount in [*reversed(self._mounted), self.workspace, self.services_dir]:
            unmount(mount)
        self._mounted.clear()
        # Never delete through a mount that is still attached: a bind of the
        # shared dependency cache would be emptied with the run.
        if not mounts_under(self.dir):
            shutil.rmtree(self.dir, ignore_errors=True)

    # -- files -------------------------------------------------------------

    def copy_source(self, source: Path, subdir: str = "") -> CopyReport:
        """Copy a source tree into the workspace (see `copy_tree` for symlink rules)."""
        return copy_tree(source, self.workspace / subdir, self.uid)

    def bind_host(self, source: Path, *, readonly: bool) -> Path:
        """Bind a host directory into the run dir (as root) and return where; unbound at `close()`.

        The bound copy is reachable by the run's unprivileged uids even when
        `source`'s own ancestors are not, so shared caches can stay 0700.
        """
        target = self.dir / "binds" / uuid.uuid4().hex[:8]
        bind_mount(source, target, readonly=readonly)
        self._mounted.append(target)
        return target

    def add_cache_view(self, lower: Path, inside: str, *, private_writes: bool = True) -> str:
        """Show `lower` at `inside` to every later candidate process; returns the mode used.

        "overlay": candidates may write, but writes land in a per-run tmpfs
        (bounded by `limits.disk_mb`) and vanish at `close()`; `lower` is
        never modified. "read-only": writes fail (the fallback when overlayfs
        is unavailable, or when `private_writes` is False).
        """
        if private_writes:
            try:
                self._views[self._overlay(lower)] = inside
                return "overlay"
            except OSError:
                pass
        self._readonly_views[self.bind_host(lower, readonly=True)] = inside
        return "read-only"

    def _overlay(self, lower: Path) -> Path:
        scratch_root = self.dir / "cache-writes"
        if scratch_root not in self._mounted:
            mount_tmpfs(scratch_root, self.limits.disk_mb, self.uid, mode=0o755)
            self._mounted.append(scratch_root)
        name = uuid.uuid4().hex[:8]
        scratch, target = scratch_root / name, self.dir / "views" / name
        mount_overlay(lower, scratch, target)
        self._mounted.append(target)
        os.chown(scratch / "upper", self.uid, self.uid)
        # The view's root takes the upper dir's owner: the candidate's own.
        os.chown(target, self.uid, self.uid)
        return target

    def private_dir(self, name: str, size_mb: int, uid: int) -> Path:
        """A fresh tmpfs of `size_mb` owned by `uid` under the run dir; unmounted at `close()`."""
        target = self.dir / name
        mount_tmpfs(target, size_mb, uid, mode=0o700)
        self._mounted.append(target)
        return target

    def _disk_full(self) -> bool:
        st = os.statvfs(self.workspace)
        return st.f_bavail * st.f_frsize < 64 * 1024

    # -- candidate processes ----------------------------------------------

    def run(
        self,
        command: Command,
        *,
        limits: Limits | None = None,
        env: dict[str, str] | None = None,
        network: Network = "none",
        cwd: str = SANDBOX_HOME,
        service_dirs: dict[Path, str] | None = None,
    ) -> ProcessResult:
        """Run a command to completion inside the sandbox (see `spawn` for `service_dirs`)."""
        proc = self._start(command, limits, env, network, cwd, service_dirs)
        return proc.wait()

    def spawn(
        self,
        command: Command,
        *,
        limits: Limits | None = None,
        env: dict[str, str] | None = None,
        cwd: str = SANDBOX_HOME,
        service_dirs: dict[Path, str] | None = None,
    ) -> SandboxProcess:
        """Start a long-running process on the run's loopback; stopped at `close()` at the latest.

        With `service_dirs`, the process is a platform service (PostgreSQL,
        Redis): it runs as the run's services uid and sees those directories
        instead of the workspace.
        """
        proc = self._start(command, limits, env, "none", cwd, service_dirs)
        self._processes.append(proc)
        return proc

    def spawn_tool(
        self,
        command: Command,
        *,
        uid: int,
        writable: dict[Path, str],
        readonly: dict[Path, str] | None = None,
        env: dict[str, str] | None = None,
        limits: Limits | None = None,
        cwd: str = "/",
    ) -> SandboxProcess:
        """Start a long-running tool as `uid` on the run's loopback, seeing only the given paths.

        Like `run_tool` (never the workspace, no capabilities) but it keeps running until
        stopped, and `close()` stops it at the latest. Host paths must be traversable by `uid`.
        """
        mounts = Mounts(writable=dict(writable), readonly=dict(readonly or {}), chdir=cwd)
        proc = self._start(command, limits, env, "none", cwd, None, tool=(uid, mounts))
        self._processes.append(proc)
        return proc

    def _start(
        self,
        command: Command,
        limits: Limits | None,
        env: dict[str, str] | None,
        network: Network,
        cwd: str,
        service_dirs: dict[Path, str] | None,
        tool: tuple[int, Mounts] | None = None,
    ) -> SandboxProcess:
        assert self.netns is not None, "SandboxRun not started"
        limits = limits or self.limits
        uid = self.services_uid if service_dirs is not None else self.uid
        mounts = self._mounts(network, cwd, service_dirs)
        if tool is not None:
            uid, tool_mounts = tool
            mounts = Mounts(tool_mounts.writable, tool_mounts.readonly, mounts.etc_files, tool_mounts.chdir)
        cgroup = CgroupSet.create(f"run-{self.id}", limits.memory_mb, limits.processes, limits.cpus)
        ns, slirp = self._network_for(network)
        full = [
            *cgroup_prefix(cgroup.procs_files()),
            *rlimit_prefix(limits, self._nproc(limits, cgroup), self._as_mb(limits, cgroup)),
            *ns.enter_argv(),
            *drop_privileges_prefix(uid),
            *bwrap_argv(mounts, TMP_MB),
            *_argv(command),
        ]

        def cleanup() -> None:
            if slirp:
                slirp.stop()
                ns.destroy()

        return SandboxProcess(
            _argv(command),
            full,
            sandbox_env(env),
            limits,
            cgroup,
            _enforcement(cgroup, service_dirs is None and tool is None),
            disk_full=self._disk_full if service_dirs is None and tool is None else lambda: False,
            on_exit=cleanup,
        )

    def _network_for(self, network: Network) -> tuple[NetNamespace, Slirp | None]:
        assert self.netns is not None
        if network == "none":
            return self.netns, None
        # Setup gets its own namespace so the run's loopback (and its
        # private services) never shares a namespace with the internet.
        ns = NetNamespace.create(f"assay-{self.id}-{uuid.uuid4().hex[:4]}")
        try:
            return ns, Slirp(ns)
        except Exception:
            ns.destroy()
            raise

    def _mounts(self, network: Network, cwd: str, service_dirs: dict[Path, str] | None) -> Mounts:
        etc_dir = self.dir / ("etc-setup" if network == "registries" else "etc")
        etc = {p: f"/etc/{p.name}" for p in etc_dir.iterdir() if p.stat().st_size or p.name != "resolv.conf"}
        if service_dirs is not None:
            return Mounts(writable=dict(service_dirs), etc_files=etc, chdir="/")
        return Mounts(
            writable={self.workspace: SANDBOX_HOME, **self._views},
            readonly={**self.caches, **self._readonly_views},
            etc_files=etc,
            chdir=cwd,
        )

    @staticmethod
    def _nproc(limits: Limits, cgroup: CgroupSet) -> int:
        # RLIMIT_NPROC counts every process of the uid, across all stages of
        # the run; it is the backstop, the pids cgroup is the exact limit.
        return limits.processes * 4 + 64 if "pids" in cgroup.enforced else limits.processes

    @staticmethod
    def _as_mb(limits: Limits, cgroup: CgroupSet) -> int | None:
        # RLIMIT_AS breaks Go and the JVM (they reserve huge address ranges),
        # so it is only the fallback when no memory cgroup is available.
        return None if "memory" in cgroup.enforced else limits.memory_mb

    def launcher_script(
        self,
        path: Path,
        program: Sequence[str],
        *,
        uid: int,
        writable: dict[Path, str],
        readonly: dict[Path, str] | None = None,
        env: dict[str, str] | None = None,
        limits: Limits | None = None,
        processes_weight: int = 1,
    ) -> Path:
        """Write an executable script at `path` that runs `program "$@"` sandboxed as `uid` on the run's loopback.

        For a platform tool that starts an untrusted program itself (a browser driver starting the
        browser): the tool executes the script as root, and every layer below execs the next, so the
        program keeps the tool's file descriptors (its pipes) and arguments. It sees only `writable`,
        `readonly` and the system's programs, gets exactly `env`, and shares one cgroup per script,
        killed at `close()` at the latest. On a busy machine the tree weighs as `processes_weight` ordinary
        processes (one by default), always within `limits.cpus`.
        """
        assert self.netns is not None, "SandboxRun not started"
        limits = limits or self.limits
        shares = CPU_SHARES * processes_weight
        cgroup = CgroupSet.create(f"run-{self.id}", limits.memory_mb, limits.processes, limits.cpus, shares)
        self._launcher_groups.append(cgroup)
        etc = self._mounts("none", "/", {}).etc_files
        mounts = Mounts(writable=dict(writable), readonly=dict(readonly or {}), etc_files=etc, chdir="/")
        clean_env = [f"{key}={value}" for key, value in sandbox_env(env).items()]
        argv = [
            *cgroup_prefix(cgroup.procs_files()),
            *rlimit_prefix(limits, self._nproc(limits, cgroup), self._as_mb(limits, cgroup)),
            *self.netns.enter_argv(),
            *drop_privileges_prefix(uid),
            *bwrap_argv(mounts, TMP_MB),
            "/usr/bin/env",
            "-i",
            *clean_env,
            *program,
        ]
        path.write_text(f'#!/bin/sh\nexec {shlex.join(argv)} "$@"\n')
        path.chmod(0o755)
        return path

    # -- trusted platform processes ---------------------------------------

    def trusted_prefix(self) -> list[str]:
        """Prefix that runs a trusted command in the run's network namespace only."""
        assert self.netns is not None, "SandboxRun not started"
        return self.netns.enter_argv()

    def run_trusted(
        self,
        argv: Sequence[str],
        *,
        limits: Limits | None = None,
        env: dict[str, str] | None = None,
        cwd: Path | None = None,
        network: Network = "none",
    ) -> ProcessResult:
        """Run platform code (hidden tests) that reaches the candidate's 127.0.0.1.

        It joins only the network namespace: it keeps the host's files and
        the platform's privileges, so it must be platform code. With
        `network="registries"` it joins a fresh namespace with slirp4netns
        instead (the internet, but never the host's or the run's loopback).
        """
        assert self.netns is not None, "SandboxRun not started"
        limits = limits or self.limits
        ns, slirp = self._network_for(network)
        full = [*ns.enter_argv(), *argv]
        if cwd is not None:
            full = ["/usr/bin/env", "-C", str(cwd), *full]
        environ = dict(os.environ if env is None else env)
        enforcement = {"wall_time": "timer", "output_kb": "bounded capture"}

        def cleanup() -> None:
            if slirp:
                slirp.stop()
                ns.destroy()

        proc = SandboxProcess(list(argv), full, environ, limits, None, enforcement, on_exit=cleanup)
        return proc.wait()

    def run_tool(
        self,
        command: Command,
        *,
        uid: int,
        writable: dict[Path, str],
        readonly: dict[Path, str] | None = None,
        env: dict[str, str] | None = None,
        limits: Limits | None = None,
        network: Network = "registries",
        cwd: str = "/",
    ) -> ProcessResult:
        """Run a platform tool over untrusted input (a lockfile) in a sandbox of its own.

        Like a candidate process (no capabilities, own PID namespace, limits)
        but as `uid` and seeing only `writable` and `readonly`, never the
        workspace. With "registries" it reaches the internet through its own
        slirp4netns, never the host's loopback nor the run's private services.
        Host paths must be traversable by `uid` (see `bind_host`).
        """
        mounts = Mounts(writable=dict(writable), readonly=dict(readonly or {}), chdir=cwd)
        return self._start(command, limits, env, network, cwd, None, tool=(uid, mounts)).wait()


def _check_traversable(path: Path) -> None:
    """bwrap runs unprivileged, so every ancestor of the run dir must be o+x."""
    for parent in [path, *path.parents]:
        if not os.stat(parent).st_mode & 0o001:
            raise SandboxError(f"{parent} is not traversable by the sandbox uid (needs o+x)")


def _enforcement(cgroup: CgroupSet, workspace: bool) -> dict[str, str]:
    on = cgroup.enforced
    return {
        "wall_time": "timer",
        "cpu_time": "rlimit+cgroup" if "cpuacct" in on else "rlimit",
        "memory": "cgroup" if "memory" in on else "rlimit",
        "processes": "cgroup+rlimit" if "pids" in on else "rlimit",
        "cpu_share": "cgroup" if "cpu" in on else "not enforced",
        "file_size": "rlimit",
        "disk": "tmpfs" if workspace else "not enforced",
        "output_kb": "bounded capture",
    }
