"""Per stack, per stage: what one grading of a challenge's reference solution costs, warm caches.

Run as root from the repository root:
    .venv/bin/python bench/stack_gradings.py --challenge bookings-api --stacks python,node,go -n 3 [--out FILE]

One unmeasured grading per stack fills the caches (the dependency prefetch, Go's compiled packages,
the PostgreSQL template, the load probe's calibration); then N rounds grade each stack's reference
in turn, so every stack sees the same machine. It prints each stage's median duration (the report's
own figure, the one the CLI and the JSON show) and each stack's total as a ratio to the first stack's,
measured in the same go. Aims (docs/benchmarks.md): 20 s for Python and Node.js, 45 s for Go and Java.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from grading_common import JUNK, LIBRARY, machine, median, setup_django, table, write_results

STAGES = ["snapshot", "setup", "static", "services", "start", "hidden_tests", "database", "load", "candidate_tests"]


def grade(challenge: str, stack: str, work: Path) -> dict[str, Any]:
    from assay.challenges.package import load_package
    from assay.grading.pipeline import grade_directory

    package = load_package(LIBRARY / challenge)
    solution = package.solution_dir(stack)
    assert solution is not None, f"{challenge} has no reference solution for {stack}"
    source = work / f"{stack}-{time.monotonic_ns()}"
    shutil.copytree(solution, source, symlinks=True, ignore=JUNK)
    started = time.perf_counter()
    report = grade_directory(source, package, stack, is_reference=True)
    total = time.perf_counter() - started
    shutil.rmtree(source, ignore_errors=True)
    return {"total": total, "score": report.score, "stages": {s.name: s.duration for s in report.stages}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--challenge", default="bookings-api")
    parser.add_argument("--stacks", default="python,node,go,java")
    parser.add_argument("-n", type=int, default=3, help="measured rounds")
    parser.add_argument("--out", help="write the JSON results here (default: stdout)")
    args = parser.parse_args()
    setup_django()
    stacks = args.stacks.split(",")
    runs: dict[str, list[dict[str, Any]]] = {stack: [] for stack in stacks}
    with tempfile.TemporaryDirectory(prefix="assay-bench-stacks-") as work:
        for stack in stacks:
            warm = grade(args.challenge, stack, Path(work))
            print(f"{stack}: warm-up {warm['total']:.1f}s, score {warm['score']}", file=sys.stderr)
        for n in range(args.n):
            for stack in stacks:
                result = grade(args.challenge, stack, Path(work))
                runs[stack].append(result)
                print(f"round {n + 1} {stack}: {result['total']:.1f}s, score {result['score']}", file=sys.stderr)
    baseline = median([r["total"] for r in runs[stacks[0]]])
    rows = []
    for stack in stacks:
        total = median([r["total"] for r in runs[stack]])
        stages = [median([r["stages"].get(s, 0.0) for r in runs[stack]]) for s in STAGES]
        rows.append([stack, *(f"{s:.1f}" for s in stages), f"{total:.1f}", f"{total / baseline:.2f}"])
    print(table(["stack", *STAGES, "total", f"vs {stacks[0]}"], rows))
    write_results({"machine": machine(), "challenge": args.challenge, "runs": runs}, args.out)


if __name__ == "__main__":
    main()
