"""An honest grading beside hostile ones: does its score and time stay the same while a fork bomb or a CPU
spinner is graded at the same moment?

Grades bookings-api's Python reference solution alone, then beside a fork bomb (tests/grading/fixtures/hostile/
fork-bomb-start) graded over and over until the honest grading ends, then beside a CPU spinner (contention/
cpu-spinner: a service that answers every request while eight processes spin). Reports the honest grading's
score, time, load-probe p95 and the machine's peak load average, and their ratios to the grading alone.
`--without-cpu-cgroup` measures the same without the per-run CPU quota and share (the platform before them).

Run as root on a grading worker:  python bench/grading_contention.py [-n 1] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from grading_common import JUNK, REPO, copy_solution, machine, median, setup_django, table, write_results

HOSTILE = {
    "fork bomb": REPO / "tests" / "grading" / "fixtures" / "hostile" / "fork-bomb-start",
    "CPU spinner": Path(__file__).parent / "contention" / "cpu-spinner",
    # The yardstick: what any second grading at the same moment costs on this machine.
    "honest neighbour": REPO / "challenges" / "bookings-api" / "solutions" / "python",
}


class LoadWatch:
    """Samples the load average every second; `peak` is the highest 1-minute figure seen."""

    def __init__(self) -> None:
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._stop.wait(1):
            self.peak = max(self.peak, os.getloadavg()[0])

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak


def grade(source: Path) -> dict[str, Any]:
    from assay.challenges.package import load_package
    from assay.grading.pipeline import grade_directory

    package = load_package(REPO / "challenges" / "bookings-api")
    started = time.perf_counter()
    report = grade_directory(source, package, "python")
    seconds = time.perf_counter() - started
    p95 = re.search(r"p95 ([\d.]+) ms", json.dumps(report.to_dict()))
    return {"score": report.score, "seconds": seconds, "p95_ms": float(p95.group(1)) if p95 else None}


def hostile_loop(fixture: Path, work: Path, done: threading.Event, graded: list[float]) -> None:
    """Grades the hostile submission again and again until the honest grading is over."""
    from assay.challenges.package import load_package
    from assay.grading.pipeline import grade_directory

    package = load_package(REPO / "challenges" / "bookings-api")
    round_ = 0
    while not done.is_set():
        round_ += 1
        source = work / f"{fixture.parent.name}-{fixture.name}-{round_}"
        shutil.copytree(fixture, source, ignore=JUNK)
        started = time.perf_counter()
        grade_directory(source, package, "python")
        graded.append(time.perf_counter() - started)


def phase(name: str, work: Path, n: int) -> dict[str, Any]:
    runs = []
    for i in range(n):
        source = copy_solution("python", work / f"{name}-honest-{i}".replace(" ", "-"))
        done, hostile_seconds = threading.Event(), []
        beside = None
        if name in HOSTILE:
            beside = threading.Thread(target=hostile_loop, args=(HOSTILE[name], work, done, hostile_seconds))
            beside.start()
            time.sleep(5)  # the hostile grading is under way (its setup and services) before the honest one starts
        watch = LoadWatch()
        result = grade(source)
        result["peak_load"] = watch.stop()
        done.set()
        if beside is not None:
            beside.join()
        result["hostile_gradings"] = len(hostile_seconds)
        runs.append(result)
    return {
        "score": median([r["score"] for r in runs]),
        "seconds": median([r["seconds"] for r in runs]),
        "p95_ms": median([r["p95_ms"] for r in runs if r["p95_ms"] is not None]),
        "peak_load": max(r["peak_load"] for r in runs),
        "runs": runs,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1, help="honest gradings per phase (median reported)")
    parser.add_argument("--out", help="write the figures as JSON here")
    parser.add_argument("--cache-dir", type=Path, help="the grader's caches (default: the repository's var/cache)")
    parser.add_argument("--phases", default=",".join(HOSTILE), help="comma-separated hostile phases to run")
    parser.add_argument("--without-cpu-cgroup", action="store_true", help="measure without the per-run CPU limit")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="assay-contention-") as tmp:
        os.chmod(tmp, 0o711)  # noqa: S103 - the sandbox's uids must traverse it
        setup_django(Path(tmp) / "var", args.cache_dir)
        from assay.grading.sandbox import cgroups

        if args.without_cpu_cgroup:
            cgroups.CONTROLLERS = tuple(c for c in cgroups.CONTROLLERS if c != "cpu")
        grade(copy_solution("python", Path(tmp) / "warm-up"))  # dependency cache and PostgreSQL template warm
        chosen = [name for name in args.phases.split(",") if name in HOSTILE]
        phases = {name: phase(name, Path(tmp), args.n) for name in ("alone", *chosen)}
    alone = phases["alone"]
    rows = [
        [
            name,
            p["score"],
            p["seconds"],
            p["p95_ms"],
            p["peak_load"],
            p["score"] / alone["score"] if alone["score"] else float("nan"),
            p["seconds"] / alone["seconds"],
        ]
        for name, p in phases.items()
    ]
    headers = ["honest grading", "score", "seconds", "load p95 ms", "peak load", "score ratio", "time ratio"]
    print(table(headers, rows))
    cpu = "without the CPU cgroup" if args.without_cpu_cgroup else "with the per-run CPU quota and share"
    write_results({"machine": machine(), "mode": cpu, "phases": phases}, args.out)


if __name__ == "__main__":
    main()
