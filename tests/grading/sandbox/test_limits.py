"""Hostile processes are contained, and the result says which limit stopped them."""

from __future__ import annotations

import resource
import signal
import time
from dataclasses import replace
from pathlib import Path

from sandbox_support import TEST_LIMITS, processes_of

from assay.grading.sandbox import SandboxRun


def test_fork_bomb_hits_the_process_limit_and_leaves_nothing(run: SandboxRun) -> None:
    limits = replace(TEST_LIMITS, processes=32, wall_seconds=3)
    result = run.run("bomb() { bomb | bomb & }; bomb; sleep 5", limits=limits)
    assert result.killed_by == "processes", result
    assert "processes" in result.limits_hit
    assert result.enforcement["processes"] == "cgroup+rlimit"
    assert "process count limit" in result.explain()
    assert processes_of(run.uid) == []


def test_memory_bomb_is_killed_by_the_memory_cgroup(run: SandboxRun) -> None:
    limits = replace(TEST_LIMITS, memory_mb=64)
    result = run.run(["python3", "-c", "a = []\nwhile True: a.append(bytearray(8 << 20))"], limits=limits)
    assert result.killed_by == "memory", result
    assert result.exit_code != 0
    assert result.peak_memory_mb is not None and result.peak_memory_mb <= 65


def test_filling_the_workspace_stops_at_its_size(run: SandboxRun) -> None:
    limits = replace(TEST_LIMITS, file_size_mb=1024)
    result = run.run("dd if=/dev/zero of=/workspace/fill bs=1M", limits=limits)
    assert result.killed_by == "disk", result
    assert "No space left" in result.stderr
    size = (run.workspace / "fill").stat().st_size
    assert size <= TEST_LIMITS.disk_mb * 1024 * 1024


def test_private_tmp_is_bounded_too(run: SandboxRun) -> None:
    result = run.run("head -c 400M /dev/zero > /tmp/fill", limits=replace(TEST_LIMITS, file_size_mb=1024))
    assert result.exit_code != 0
    assert result.limits_hit, result  # memory (tmpfs pages are charged) or tmpfs size


def test_one_big_file_hits_the_file_size_limit(run: SandboxRun) -> None:
    limits = replace(TEST_LIMITS, file_size_mb=1)
    result = run.run("head -c 5M /dev/zero > /workspace/big", limits=limits)
    assert result.killed_by == "file_size", result
    assert (run.workspace / "big").stat().st_size <= 1024 * 1024


def test_busy_loop_is_stopped_by_the_cpu_limit(run: SandboxRun) -> None:
    # The wall-clock limit only backs it up: on a busy machine a second of CPU can take many seconds to use.
    limits = replace(TEST_LIMITS, cpu_seconds=1, wall_seconds=60)
    result = run.run(["python3", "-c", "while True: pass"], limits=limits)
    assert result.killed_by == "cpu_time", result


def test_cpu_budget_covers_the_whole_tree(run: SandboxRun) -> None:
    # Four busy children each stay under the per-process rlimit for a while;
    # only the cgroup's tree-wide accounting can stop them at the budget.
    limits = replace(TEST_LIMITS, cpu_seconds=2, wall_seconds=60)  # wall time only backs it up (see above)
    script = "for i in 1 2 3 4; do python3 -c 'while True: pass' & done; wait"
    result = run.run(script, limits=limits)
    assert result.killed_by == "cpu_time", result
    assert processes_of(run.uid) == []


def test_sleeping_forever_is_stopped_by_the_wall_clock(run: SandboxRun) -> None:
    result = run.run("sleep 100", limits=replace(TEST_LIMITS, wall_seconds=1))
    assert result.killed_by == "wall_time"
    assert result.duration_seconds >= 1
    assert "wall-clock" in result.explain()


def test_a_service_ignoring_sigterm_is_killed_with_its_children(run: SandboxRun) -> None:
    # It says it is ready only once both it and its child ignore SIGTERM, so the stop must escalate.
    script = (
        "trap '' TERM; (trap '' TERM; sleep 1000) & sleep 0.1; echo $! > /workspace/ready; while :; do sleep 1; done"
    )
    service = run.spawn(script)
    while not (run.workspace / "ready").exists():
        assert service.alive(), "the service ended before ignoring SIGTERM"
        time.sleep(0.05)
    result = service.stop(grace_seconds=0.5)
    assert not service.alive()
    assert result.exit_code == -signal.SIGKILL, result  # SIGTERM was ignored: only the escalation ended it
    assert result.killed_by is None  # stopped by the platform, not by a limit
    assert processes_of(run.uid) == []


def test_a_gigabyte_on_stdout_keeps_only_the_tail(run: SandboxRun) -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Generous time: a gigabyte through a pipe is slow when other tests share the two cores.
    limits = replace(TEST_LIMITS, output_kb=4, wall_seconds=90, cpu_seconds=60)
    result = run.run("head -c 1G /dev/zero | tr '\\0' x; echo END", limits=limits)
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert result.exit_code == 0, result
    assert result.stdout_bytes == (1 << 30) + 4
    assert len(result.stdout) <= 4096
    assert result.stdout.endswith("xEND\n")
    assert grown_kb < 64 * 1024
    assert list(run.workspace.iterdir()) == []


def test_background_process_does_not_outlive_run(run: SandboxRun) -> None:
    result = run.run("(sleep 1000 &) ; nohup sleep 1000 >/dev/null 2>&1 & echo started")
    assert result.ok and result.stdout == "started\n"
    assert processes_of(run.uid) == []


def test_limit_enforcement_is_reported(run: SandboxRun) -> None:
    result = run.run("true")
    assert result.ok and result.killed_by is None and result.limits_hit == []
    assert result.enforcement == {
        "wall_time": "timer",
        "cpu_time": "rlimit+cgroup",
        "memory": "cgroup",
        "processes": "cgroup+rlimit",
        "cpu_share": "cgroup",
        "file_size": "rlimit",
        "disk": "tmpfs",
        "output_kb": "bounded capture",
    }


def _cgroup_file(pid: int, controller: str, name: str) -> str:
    """A cgroup v1 file of the group ``pid`` sits in, read from the host as an operator would."""
    for line in Path(f"/proc/{pid}/cgroup").read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        if controller in controllers.split(","):
            return (Path("/sys/fs/cgroup") / controller / path.lstrip("/") / name).read_text().strip()
    raise AssertionError(f"process {pid} is in no {controller} cgroup")


def test_a_running_sandboxed_process_has_its_cpu_quota_share_and_pids_limit(run: SandboxRun) -> None:
    limits = replace(TEST_LIMITS, cpus=0.5, processes=24)
    proc = run.spawn("sleep 30", limits=limits)
    try:
        deadline = time.monotonic() + 10
        while not (members := processes_of(run.uid)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert members, "the sandboxed process never started"
        for pid in members:
            assert _cgroup_file(pid, "cpu", "cpu.cfs_quota_us") == "50000"
            assert _cgroup_file(pid, "cpu", "cpu.cfs_period_us") == "100000"
            assert _cgroup_file(pid, "cpu", "cpu.shares") == "1024"
            assert _cgroup_file(pid, "pids", "pids.max") == "24"
    finally:
        proc.stop()
