"""How much the sandbox costs: bare vs sandboxed `true`, and a private PostgreSQL.

Run as root on a grading worker:  python bench/sandbox_start.py [-n 30]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from assay.grading.sandbox import SandboxRun
from assay.grading.servers import start_postgres


def median_ms(samples: int, action: Callable[[], object]) -> float:
    action()  # warm-up: page cache, first-time template build
    times = []
    for _ in range(samples):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def provision_postgres(cache: Path) -> None:
    """A whole run (workspace, netns) plus a ready private PostgreSQL, teardown included."""
    run = SandboxRun()
    try:
        run.start()
        start_postgres(run, cache)
    finally:
        run.close()


def machine() -> str:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "unknown",
    )
    return f"{os.cpu_count()} CPUs, {model}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=30, help="samples per measurement")
    samples = parser.parse_args().n
    cache = Path(tempfile.mkdtemp(prefix="assay-bench-pg-"))
    rows: list[tuple[str, float]] = []
    rows.append(("bare `true` (subprocess.run)", median_ms(samples, lambda: subprocess.run(["true"]))))
    with SandboxRun() as run:
        rows.append(("sandboxed `true` (run.run)", median_ms(samples, lambda: run.run(["true"]))))
    rows.append(("SandboxRun start+close", median_ms(samples, lambda: SandboxRun().__enter__().close())))

    def start_pg_only() -> float:
        with SandboxRun() as run:
            started = time.perf_counter()
            start_postgres(run, cache)
            return time.perf_counter() - started

    start_pg_only()
    pg = statistics.median(start_pg_only() for _ in range(max(5, samples // 3))) * 1000
    rows.append(("private PostgreSQL ready (copy+start)", pg))
    rows.append(("run start + PostgreSQL ready", median_ms(max(5, samples // 3), lambda: provision_postgres(cache))))
    shutil.rmtree(cache, ignore_errors=True)
    print(f"machine: {machine()}; samples: {samples} (median)")
    print(f"{'measurement':42s} {'ms':>8s} {'x bare':>8s}")
    for name, ms in rows:
        print(f"{name:42s} {ms:8.1f} {ms / rows[0][1]:8.1f}")


if __name__ == "__main__":
    main()
