"""A grading process killed outright leaves no sandbox behind once a sweep has run.

A real child process starts a sandbox run with a long-running process inside, and is killed with SIGKILL:
its run directory (with tmpfs mounts), network namespace and cgroups stay, and the process inside dies with
its parent. The sweep removes all of it, and leaves a live process's run alone.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

from sandbox_support import TEST_LIMITS

from assay.grading.sandbox import DEFAULT_BASE, SandboxRun, sweep_orphans
from assay.grading.sandbox.cgroups import CgroupSet
from assay.grading.sandbox.network import NETNS_DIR
from assay.grading.sandbox.workspace import mounts_under

CHILD = """
import sys, time
from pathlib import Path
from assay.grading.sandbox import Limits, SandboxRun
run = SandboxRun(limits=Limits(wall_seconds=600, cpu_seconds=600), base_dir=Path(sys.argv[1]))
run.start()
process = run.spawn(["/bin/sleep", "600"])
print(run.id, flush=True)
time.sleep(600)
"""


def test_a_killed_graders_run_is_swept_and_a_live_one_is_left_alone() -> None:
    base = DEFAULT_BASE / f"orphans-test-{uuid.uuid4().hex[:8]}"  # its own folder: other runs are not its business
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(base)], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    run_id = child.stdout.readline().strip()
    assert run_id, "the child did not start its sandbox run"
    run_dir = base / run_id
    assert mounts_under(run_dir) and (NETNS_DIR / f"assay-{run_id}").exists() and CgroupSet.existing(f"run-{run_id}-")

    with SandboxRun(limits=TEST_LIMITS, base_dir=base) as live:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        time.sleep(0.2)
        assert sweep_orphans(base) == [run_id]

        assert not run_dir.exists() and not mounts_under(run_dir)
        assert not (NETNS_DIR / f"assay-{run_id}").exists()
        assert not CgroupSet.existing(f"run-{run_id}-")
        assert live.dir.exists() and (NETNS_DIR / f"assay-{live.id}").exists()  # its owner is alive: kept
        assert sweep_orphans(base) == []
    leftover = subprocess.run(["pgrep", "-f", "sleep 600"], capture_output=True, text=True).stdout.split()
    assert not [pid for pid in leftover if Path(f"/proc/{pid}").exists()]
    base.rmdir()
