"""Sweeping away what a grading process left behind when it was killed outright (SIGKILL, OOM, power).

A run's processes die with their parent (bubblewrap's --die-with-parent), but the run's directory with its
tmpfs mounts, its named network namespace and its cgroup directories stay until someone removes them. Each
run records its owner (pid and the kernel's start time of that pid, so a reused pid is not mistaken for the
owner) in its directory; a sweep removes every run whose owner is gone. Workers sweep when they start and
between gradings, so a grading machine recovers from a killed worker without an operator.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import time
from pathlib import Path

from .cgroups import CgroupSet
from .network import NETNS_DIR, NetNamespace
from .workspace import mounts_under, unmount

logger = logging.getLogger("assay.sandbox")
OWNER_FILE = "owner"
UNOWNED_GRACE_SECONDS = 600


def _start_time(pid: int) -> str | None:
    """The kernel's start time of ``pid`` (field 22 of /proc/<pid>/stat), or None when no such process."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[19]


def mark_owner(run_dir: Path) -> None:
    pid = os.getpid()
    (run_dir / OWNER_FILE).write_text(f"{pid} {_start_time(pid)}\n")


def _owner_alive(run_dir: Path) -> bool:
    try:
        pid_text, started = (run_dir / OWNER_FILE).read_text().split()
    except (OSError, ValueError):
        # No owner yet: a run being created right now, or one whose process died while creating it. Only an
        # old one is left over; a young one belongs to a process that is about to write its owner file.
        try:
            young = time.time() - run_dir.stat().st_mtime < UNOWNED_GRACE_SECONDS
        except OSError:
            return True
        return young or any(group.pids() for group in _groups(run_dir.name))
    return _start_time(int(pid_text)) == started


def _groups(run_id: str) -> list[CgroupSet]:
    return CgroupSet.existing(f"run-{run_id}-")


def sweep(base_dir: Path) -> list[str]:
    """Remove every run under ``base_dir`` whose owning process is gone; the ids of the runs removed."""
    swept = []
    with contextlib.suppress(FileNotFoundError):
        for run_dir in sorted(base_dir.iterdir()):
            if not run_dir.is_dir() or _owner_alive(run_dir):
                continue
            run_id = run_dir.name
            for group in _groups(run_id):
                group.destroy()
            for namespace in NETNS_DIR.glob(f"assay-{run_id}*") if NETNS_DIR.is_dir() else []:
                NetNamespace(namespace.name).destroy()
            for mount in sorted(mounts_under(run_dir), key=len, reverse=True):
                unmount(Path(mount))
            if not mounts_under(run_dir):
                shutil.rmtree(run_dir, ignore_errors=True)
            swept.append(run_id)
            logger.warning("Removed the leftovers of sandbox run %s, whose grading process is gone", run_id)
    return swept
