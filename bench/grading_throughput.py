"""Grading throughput with one and with two gradings at once, through the real task path.

Run as root from the repository root:  .venv/bin/python bench/grading_throughput.py [-k 4] [--out FILE]

K submissions (bookings-api python and node solutions, alternating) are
queued first; then a WorkerPool grades them: size 1 with
ASSAY_GRADINGS_PER_WORKER=1, then size 2 with ASSAY_GRADINGS_PER_WORKER=2.
Each configuration runs in a child process of its own (the per-worker bound
is read once per process) on its own throwaway database.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from grading_common import machine, table, write_results
from grading_taskpath import TaskPath

CONFIGS = [(1, 1), (2, 2)]  # (worker threads, ASSAY_GRADINGS_PER_WORKER)
HEADERS = ["gradings at once", "all graded s", "gradings/min", "x one", "python run s", "node run s", "states"]


def phase(k: int, size: int, timeout: float, cache_dir: Path | None) -> dict:
    """Queue k submissions, then grade them all with WorkerPool(size); runs in the child process."""
    with tempfile.TemporaryDirectory(prefix="assay-bench-throughput-") as var_dir:
        path = TaskPath.create(Path(var_dir), cache_dir)
        from assay.ops.workers import WorkerPool

        ids = [path.submit(("python", "node")[n % 2], f"throughput {n + 1}") for n in range(k)]
        pool = WorkerPool(size=size)
        started = time.perf_counter()
        pool.start()
        try:
            done = path.wait(ids, timeout)
        finally:
            pool.stop(timeout=30)
        elapsed = max(done.values()) - started
        outcomes = [path.outcome(i) for i in ids]
    return {
        "workers": size,
        "gradings_per_worker": int(os.environ["ASSAY_GRADINGS_PER_WORKER"]),
        "submissions": k,
        "seconds": elapsed,
        "gradings_per_minute": k / elapsed * 60,
        "outcomes": outcomes,
    }


def run_child(k: int, size: int, per_worker: int, timeout: float, cache_dir: Path | None) -> dict:
    argv = [sys.executable, __file__, "--child", str(size), "-k", str(k), "--timeout", str(timeout)]
    if cache_dir:
        argv += ["--cache-dir", str(cache_dir)]
    env = {**os.environ, "ASSAY_GRADINGS_PER_WORKER": str(per_worker)}
    completed = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=timeout + 120, check=False)
    if completed.returncode != 0:
        raise RuntimeError(f"phase with {size} worker(s) failed:\n{completed.stderr[-3000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-k", type=int, default=4, help="submissions per configuration")
    parser.add_argument("--timeout", type=float, default=300, help="seconds to wait for one configuration")
    parser.add_argument("--cache-dir", type=Path, help="platform caches (default: the repository's var/cache)")
    parser.add_argument("--out", help="write the JSON results here (default: stdout)")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(phase(args.k, args.child, args.timeout, args.cache_dir), default=str))
        return
    phases = []
    for size, per_worker in CONFIGS:
        phases.append(run_child(args.k, size, per_worker, args.timeout, args.cache_dir))
        print(f"{size} at once: {phases[-1]['seconds']:.1f}s", file=sys.stderr)
    base = phases[0]["gradings_per_minute"]
    rows = []
    for p in phases:
        per_stack = {
            stack: statistics.median([o["grading_seconds"] for o in p["outcomes"] if o["stack"] == stack])
            for stack in ("python", "node")
        }
        states = sorted({o["state"] for o in p["outcomes"]})
        rows.append([
            f"{p['workers']} (GRADINGS_PER_WORKER={p['gradings_per_worker']})", p["seconds"],
            p["gradings_per_minute"], p["gradings_per_minute"] / base, per_stack["python"], per_stack["node"],
            ",".join(states),
        ])  # fmt: skip
    info = machine()
    print(f"\nmachine: {info['cpus']} CPUs, {info['cpu_model']}; {args.k} submissions (python, node alternating)")
    print(table(HEADERS, rows))
    write_results(
        {"benchmark": "grading_throughput", "machine": info, "phases": phases, "speed_up": rows[-1][3]}, args.out
    )


if __name__ == "__main__":
    main()
