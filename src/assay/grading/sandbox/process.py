"""A launched process tree: watchdog, bounded output, whole-tree kill, result."""

from __future__ import annotations

import contextlib
import os
import select
import signal
import subprocess
import threading
import time
from collections.abc import Callable

from .cgroups import CgroupSet
from .limits import KillReason, Limits, ProcessResult, blame
from .output import TailBuffer, pump

_CPU_SIGNALS = {signal.SIGXCPU}
_FSIZE_SIGNALS = {signal.SIGXFSZ}


def _signal_of(code: int | None) -> int | None:
    """Signal that ended a process, whether reported directly or by a shell/bwrap as 128+n."""
    if code is None:
        return None
    if code < 0:
        return -code
    if 128 < code < 128 + 65:
        return code - 128
    return None


class SandboxProcess:
    """A process tree started in a sandbox.

    Invariants: output is held only as bounded tails; once `wait()` or
    `stop()` has returned, no process of the tree is alive (the cgroup is
    emptied, and the PID namespace died with its init). A watchdog thread
    enforces the wall-clock limit and the tree-wide CPU budget.
    """

    def __init__(
        self,
        argv: list[str],
        full_argv: list[str],
        env: dict[str, str],
        limits: Limits,
        cgroup: CgroupSet | None,
        enforcement: dict[str, str],
        disk_full: Callable[[], bool] = lambda: False,
        on_exit: Callable[[], None] = lambda: None,
    ) -> None:
        self.argv = argv
        self.limits = limits
        self._cgroup = cgroup
        self._enforcement = enforcement
        self._disk_full = disk_full
        self._on_exit = on_exit
        self._reason: KillReason | None = None
        self._result: ProcessResult | None = None
        self._lock = threading.Lock()
        self.stdout = TailBuffer(limits.output_kb * 1024)
        self.stderr = TailBuffer(limits.output_kb * 1024)
        self._started = time.monotonic()
        self._proc, self._pumps = self._launch(full_argv, env)
        self._watchdog = threading.Thread(target=self._watch, name="sandbox-watchdog", daemon=True)
        self._watchdog.start()

    def _launch(
        self, full_argv: list[str], env: dict[str, str]
    ) -> tuple[subprocess.Popen[bytes], list[threading.Thread]]:
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        try:
            proc = subprocess.Popen(
                full_argv,
                stdin=subprocess.DEVNULL,
                stdout=out_w,
                stderr=err_w,
                env=env,
                close_fds=True,
                start_new_session=True,
            )
        except BaseException:
            for fd in (out_r, err_r):
                os.close(fd)
            raise
        finally:
            os.close(out_w)
            os.close(err_w)
        return proc, [pump(out_r, self.stdout), pump(err_r, self.stderr)]

    @property
    def pid(self) -> int:
        return self._proc.pid

    def alive(self) -> bool:
        return self._proc.poll() is None

    def _watch(self) -> None:
        deadline = self._started + self.limits.wall_seconds
        # A pidfd becomes readable the moment the process exits, so short
        # processes are not charged a polling delay.
        pidfd = os.pidfd_open(self._proc.pid)
        try:
            self._watch_loop(pidfd, deadline)
        finally:
            os.close(pidfd)
        self._proc.wait()

    def _watch_loop(self, pidfd: int, deadline: float) -> None:
        while True:
            timeout = min(0.05, max(0.001, deadline - time.monotonic()))
            if select.select([pidfd], [], [], timeout)[0]:
                return
            if time.monotonic() >= deadline:
                self._kill("wall_time")
            elif self._cgroup and (self._cgroup.cpu_seconds() or 0) > self.limits.cpu_seconds:
                # rlimit CPU is per process; this catches a tree of many
                # processes that together exceed the budget.
                self._kill("cpu_time")

    def _kill(self, reason: KillReason | None) -> None:
        with self._lock:
            if self._reason is None:
                self._reason = reason
        self._kill_tree()

    def _kill_tree(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self._proc.pid, signal.SIGKILL)
        if self._cgroup:
            self._cgroup.kill_all()

    def wait(self, timeout: float | None = None) -> ProcessResult:
        """Wait for the main process (watchdog enforces limits), then reap the tree."""
        self._watchdog.join(timeout)
        if self._watchdog.is_alive():
            raise TimeoutError(f"sandboxed process still running after {timeout}s")
        return self._finish()

    def kill(self) -> ProcessResult:
        """SIGKILL the whole tree at once, with no grace (a crash, as a test of recovery wants it), and reap it."""
        self._kill(None)
        return self.wait()

    def stop(self, grace_seconds: float = 2.0) -> ProcessResult:
        """SIGTERM the tree, then SIGKILL whatever is left after the grace period."""
        if self.alive():
            self._signal_tree(signal.SIGTERM)
            self._watchdog.join(grace_seconds)
            if self._watchdog.is_alive():
                self._kill(None)
        self._watchdog.join()
        return self._finish()

    def _signal_tree(self, sig: int) -> None:
        # Skip the host-side bwrap: it would die at once and its
        # --die-with-parent would SIGKILL the tree, leaving no grace period.
        pids = [p for p in (self._cgroup.pids() if self._cgroup else []) if p != self._proc.pid]
        for pid in pids or [self._proc.pid]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, sig)

    def _finish(self) -> ProcessResult:
        with self._lock:
            if self._result is not None:
                return self._result
            # Background children must not outlive the call.
            self._kill_tree()
            for thread in self._pumps:
                thread.join(timeout=5)
            self._result = self._build_result()
            if self._cgroup:
                self._cgroup.destroy()
            self._on_exit()
            return self._result

    def _limits_hit(self, code: int | None, cpu: float | None) -> set[KillReason]:
        hit: set[KillReason] = {self._reason} if self._reason else set()
        sig = _signal_of(code)
        if sig in _CPU_SIGNALS or (cpu is not None and cpu >= self.limits.cpu_seconds * 0.98):
            hit.add("cpu_time")
        if sig in _FSIZE_SIGNALS:
            hit.add("file_size")
        if self._cgroup and self._cgroup.oom_killed():
            hit.add("memory")
        if self._cgroup and self._cgroup.pids_limit_hit():
            hit.add("processes")
        if self._disk_full():
            hit.add("disk")
        return hit

    def _build_result(self) -> ProcessResult:
        code = self._proc.returncode
        cpu = self._cgroup.cpu_seconds() if self._cgroup else None
        hit = self._limits_hit(code, cpu)
        ended_badly = self._reason is not None or code != 0
        return ProcessResult(
            argv=self.argv,
            exit_code=code,
            duration_seconds=time.monotonic() - self._started,
            stdout=self.stdout.text(),
            stderr=self.stderr.text(),
            stdout_bytes=self.stdout.total,
            stderr_bytes=self.stderr.total,
            killed_by=blame(hit) if ended_badly else None,
            limits_hit=sorted(hit),
            cpu_seconds=cpu,
            peak_memory_mb=self._cgroup.peak_memory_mb() if self._cgroup else None,
            enforcement=dict(self._enforcement),
        )
