"""50 candidates cloning and pushing at once: git over HTTP through nginx and the two web processes, with the
season of load_stack.py (1,000 candidates across 20 assessments) in PostgreSQL.

    .venv/bin/python bench/load_git.py [--candidates 50] [--out /tmp/load-git.json]

Every candidate clones its repository, commits the tiny-api reference solution and pushes, all released at the
same instant; then each repository's main must be the commit that candidate pushed (no push lost or mixed up).
Run as root (nginx). The git clients run on this same machine, sharing its cores with the servers.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from load_stack import CHALLENGE, django_for, scaled_stack, seed_season

GIT_ENV = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}


def git(*args: str) -> str:
    return subprocess.run(["git", *args], env=GIT_ENV, check=True, capture_output=True, text=True).stdout.strip()


def candidate_work(url: str, work: Path, start: threading.Barrier) -> dict[str, Any]:
    """Clone, commit the solution, push; the seconds of each and the commit pushed."""
    start.wait()
    began = time.monotonic()
    git("clone", "-q", url, str(work))
    cloned = time.monotonic()
    shutil.copytree(CHALLENGE / "solutions" / "python", work, dirs_exist_ok=True)
    identity = ["-c", "user.name=Load", "-c", "user.email=load@load.test"]
    git("-C", str(work), "add", "-A")
    git("-C", str(work), *identity, "commit", "-qm", "My solution")
    committed = time.monotonic()
    git("-C", str(work), "push", "-q", "origin", "main")
    return {
        "clone_s": cloned - began,
        "push_s": time.monotonic() - committed,
        "commit": git("-C", str(work), "rev-parse", "HEAD"),
    }


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50_s": round(statistics.median(ordered), 2), "p95_s": round(p95, 2), "max_s": round(ordered[-1], 2)}


def clone_and_push_at_once(base_url: str, candidate_ids: list[int]) -> dict[str, Any]:
    from assay.assessments.models import Candidate
    from assay.repos import services as repos

    candidates = list(Candidate.objects.filter(pk__in=candidate_ids).select_related("repository"))
    urls = {c.pk: repos.authenticated_clone_url(c.repository, base_url) for c in candidates}  # type: ignore[arg-type]
    work = Path(tempfile.mkdtemp(prefix="assay-bench-clones-"))
    start = threading.Barrier(len(candidates))
    began = time.monotonic()
    try:
        with ThreadPoolExecutor(len(candidates)) as pool:
            futures = {pk: pool.submit(candidate_work, url, work / str(pk), start) for pk, url in urls.items()}
            results = {pk: future.exception() or future.result() for pk, future in futures.items()}
        wall = time.monotonic() - began
    finally:
        shutil.rmtree(work, ignore_errors=True)
    done = {pk: r for pk, r in results.items() if isinstance(r, dict)}
    heads = {c.pk: git("-C", str(repos.git_dir(c.repository)), "rev-parse", "main") for c in candidates}  # type: ignore[arg-type]
    landed = sum(1 for pk, result in done.items() if heads[pk] == result["commit"])
    return {
        "candidates": len(candidates),
        "failed": {pk: str(r)[-300:] for pk, r in results.items() if not isinstance(r, dict)},
        "pushes_landed": landed,
        "wall_s": round(wall, 2),
        "clone": percentiles([r["clone_s"] for r in done.values()]),
        "push": percentiles([r["push_s"] for r in done.values()]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=50)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    with scaled_stack() as cluster:
        django_for(cluster)
        season = seed_season()
        load_before = os.getloadavg()
        result = clone_and_push_at_once(cluster.url, season["started"][: args.candidates])
        result |= {"load_average_before": load_before, "load_average_after": os.getloadavg()}
    print(f"{result['candidates']} candidates at once: all done in {result['wall_s']} s")
    for what in ("clone", "push"):
        print(f"  {what:5} p50 {result[what]['p50_s']} s  p95 {result[what]['p95_s']} s  max {result[what]['max_s']} s")
    print(f"  pushes landed: {result['pushes_landed']} of {result['candidates']}; failed: {len(result['failed'])}")
    text = json.dumps(result, indent=2)
    args.out.write_text(text) if args.out else print(text)


if __name__ == "__main__":
    main()
