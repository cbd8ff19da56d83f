"""Submit-to-report latency through the real task path: one worker, N submissions one after another.

Run as root from the repository root:  .venv/bin/python bench/grading_latency.py [-n 5] [--out FILE]

Each submission of bookings-api/python is created and enqueued inside a
transaction (as a push does); an in-process WorkerPool(size=1) picks it up
from the database queue; the clock stops when the submission row says GRADED.
The aim is a median of at most 20 s. The same submission graded N times
should also score within one point.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from grading_common import machine, table, write_results
from grading_taskpath import TaskPath


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=5, help="submissions, graded one after another")
    parser.add_argument("--timeout", type=float, default=180, help="seconds to wait for one grading")
    parser.add_argument("--cache-dir", type=Path, help="platform caches (default: the repository's var/cache)")
    parser.add_argument("--out", help="write the JSON results here (default: stdout)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="assay-bench-latency-") as var_dir:
        path = TaskPath.create(Path(var_dir), args.cache_dir)
        from assay.ops.workers import WorkerPool

        pool = WorkerPool(size=1)
        pool.start()
        try:
            results = []
            for n in range(args.n):
                started = time.perf_counter()
                submission_id = path.submit("python", f"latency {n + 1}")
                ended = path.wait([submission_id], args.timeout)[submission_id]
                outcome = path.outcome(submission_id)
                outcome["submit_to_report"] = ended - started
                results.append(outcome)
                print(f"submission {n + 1}: {outcome['submit_to_report']:.1f}s, {outcome['state']}, score "
                      f"{outcome['score']}", file=sys.stderr)  # fmt: skip
        finally:
            pool.stop(timeout=30)
    report(results, args.out)


def report(results: list[dict], out: str | None) -> None:
    seconds = [r["submit_to_report"] for r in results]
    scores = [r["score"] for r in results if r["score"] is not None]
    spread = max(scores) - min(scores) if scores else float("nan")
    print(f"\nmachine: {machine()['cpus']} CPUs; {len(results)} submissions of bookings-api/python, one worker")
    print(
        table(
            ["submit -> GRADED", "median s", "min s", "max s"],
            [["bookings-api/python", statistics.median(seconds), min(seconds), max(seconds)]],
        )
    )
    stages = sorted({name for r in results for name in r["stages"]}, key=lambda s: -results[0]["stages"].get(s, 0))
    rows = [[s, statistics.median([r["stages"].get(s) or 0.0 for r in results])] for s in stages]
    grading = statistics.median([r["grading_seconds"] or 0.0 for r in results])
    rows.append(["(claim -> finished, whole run)", grading])
    rows.append(["(queue + pick-up + recording)", statistics.median(seconds) - grading])
    print("\nmedian recorded stage durations (the report's own, not wall clock):")
    print(table(["stage", "median s"], rows))
    print(f"\nscores: {scores}; max-min {spread:.2f} (same submission within one point: {spread <= 1})")
    print(f"aim: median <= 20 s -> {'met' if statistics.median(seconds) <= 20 else 'NOT met'}")
    write_results(
        {
            "benchmark": "grading_latency",
            "machine": machine(),
            "submissions": results,
            "median": statistics.median(seconds),
            "min": min(seconds),
            "max": max(seconds),
            "scores": scores,
            "score_spread": spread,
            "load_average_end": os.getloadavg(),
        },
        out,
    )


if __name__ == "__main__":
    main()
