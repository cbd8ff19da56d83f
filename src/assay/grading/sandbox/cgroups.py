"""cgroup v1 groups (memory, pids, cpuacct, cpu) for one process tree.

Groups are created under the cgroup the platform process itself sits in, so
whatever limits an operator put on the worker still bound the sandboxes.
Where a controller is missing or not writable the group is simply absent and
`enforced` says so; rlimits then remain the only guard for that resource.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup")
CONTROLLERS = ("memory", "pids", "cpuacct", "cpu")
# The CFS period the quota is expressed in (the kernel's default, 100 ms).
CFS_PERIOD_US = 100_000
# Every tree weighs the same as one ordinary process, however many processes it forks: a fork bomb of 500
# processes gets the CPU share of one process beside an honest service, not 500 shares.
CPU_SHARES = 1024


def _own_path(controller: str) -> str:
    """Our own position in a v1 hierarchy, from /proc/self/cgroup."""
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _, names, path = line.split(":", 2)
        if controller in names.split(","):
            return path.lstrip("/")
    return ""


def _write(path: Path, value: str) -> bool:
    try:
        path.write_text(value)
        return True
    except OSError:
        return False


def _read_int(path: Path) -> int | None:
    try:
        return int(path.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def _keyed(path: Path) -> dict[str, int]:
    """Parse 'key value' lines (memory.oom_control, pids.events)."""
    out: dict[str, int] = {}
    try:
        for line in path.read_text().splitlines():
            key, _, value = line.partition(" ")
            if value.strip().lstrip("-").isdigit():
                out[key] = int(value)
    except OSError:
        pass
    return out


@dataclass
class CgroupSet:
    """One group per available controller, all for the same process tree.

    Invariant: after `destroy()` no process remains in any of the groups and
    the directories are gone (or their removal was impossible and ignored).
    """

    name: str
    dirs: dict[str, Path] = field(default_factory=dict)

    @classmethod
    def create(
        cls, prefix: str, memory_mb: int, processes: int, cpus: float = 1.0, shares: int = CPU_SHARES
    ) -> CgroupSet:
        group = cls(name=f"{prefix}-{uuid.uuid4().hex[:8]}")
        for controller in CONTROLLERS:
            base = CGROUP_ROOT / controller
            if not (base / "cgroup.procs").exists():
                continue
            path = base / _own_path(controller) / "assay" / group.name
            try:
                path.mkdir(parents=True)
            except OSError:
                continue
            group.dirs[controller] = path
        group._configure(memory_mb, processes)
        group._configure_cpu(cpus, shares)
        return group

    @classmethod
    def existing(cls, prefix: str) -> list[CgroupSet]:
        """The groups already on the machine whose names start with ``prefix`` (a dead run's, to destroy)."""
        found: dict[str, CgroupSet] = {}
        for controller in CONTROLLERS:
            parent = CGROUP_ROOT / controller / _own_path(controller) / "assay"
            with contextlib.suppress(OSError):
                for path in parent.iterdir():
                    if path.name.startswith(prefix):
                        found.setdefault(path.name, cls(name=path.name)).dirs[controller] = path
        return list(found.values())

    def _configure(self, memory_mb: int, processes: int) -> None:
        mem = self.dirs.get("memory")
        if mem is not None:
            limit = str(memory_mb * 1024 * 1024)
            ok = _write(mem / "memory.limit_in_bytes", limit)
            # With swap accounting, also cap memory+swap or the tree swaps out
            # instead of being killed.
            if (mem / "memory.memsw.limit_in_bytes").exists():
                _write(mem / "memory.memsw.limit_in_bytes", limit)
            _write(mem / "memory.swappiness", "0")
            if not ok:
                self.dirs.pop("memory")
        pids = self.dirs.get("pids")
        if pids is not None and not _write(pids / "pids.max", str(processes)):
            self.dirs.pop("pids")

    def _configure_cpu(self, cpus: float, shares: int) -> None:
        """At most ``cpus`` CPUs' worth of time per period, and ``shares`` (one ordinary process's by default) of
        weight when CPUs are busy."""
        cpu = self.dirs.get("cpu")
        if cpu is None:
            return
        quota = max(1000, int(cpus * CFS_PERIOD_US))  # the kernel refuses quotas under 1 ms
        ok = _write(cpu / "cpu.cfs_period_us", str(CFS_PERIOD_US))
        ok = ok and _write(cpu / "cpu.cfs_quota_us", str(quota)) and _write(cpu / "cpu.shares", str(shares))
        if not ok:
            self.dirs.pop("cpu")

    @property
    def enforced(self) -> set[str]:
        return set(self.dirs)

    def procs_files(self) -> list[str]:
        """The cgroup.procs files a child must write its pid into before exec."""
        return [str(path / "cgroup.procs") for path in self.dirs.values()]

    def pids(self) -> list[int]:
        path = self.dirs.get("pids") or self.dirs.get("memory") or self.dirs.get("cpuacct") or self.dirs.get("cpu")
        if path is None:
            return []
        try:
            return [int(p) for p in (path / "cgroup.procs").read_text().split()]
        except OSError:
            return []

    def kill_all(self, timeout: float = 5.0) -> None:
        """SIGKILL every member until the group is empty.

        A fork bomb may fork between our read and our kill, so we loop; the
        pids limit bounds how many there can be, so this converges.
        """
        deadline = time.monotonic() + timeout
        while (members := self.pids()) and time.monotonic() < deadline:
            for pid in members:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            time.sleep(0.005)

    def cpu_seconds(self) -> float | None:
        path = self.dirs.get("cpuacct")
        value = _read_int(path / "cpuacct.usage") if path else None
        return None if value is None else value / 1e9

    def peak_memory_mb(self) -> float | None:
        path = self.dirs.get("memory")
        value = _read_int(path / "memory.max_usage_in_bytes") if path else None
        return None if value is None else value / (1024 * 1024)

    def oom_killed(self) -> bool:
        path = self.dirs.get("memory")
        if path is None:
            return False
        control = _keyed(path / "memory.oom_control")
        if "oom_kill" in control:
            return control["oom_kill"] > 0
        return (_read_int(path / "memory.failcnt") or 0) > 0

    def pids_limit_hit(self) -> bool:
        path = self.dirs.get("pids")
        return bool(path and _keyed(path / "pids.events").get("max", 0) > 0)

    def destroy(self) -> None:
        self.kill_all()
        for path in self.dirs.values():
            for _ in range(50):
                try:
                    path.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    # Killed members linger as zombies until reaped.
                    time.sleep(0.01)
        self.dirs.clear()
