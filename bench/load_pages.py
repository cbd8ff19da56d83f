"""Pages and API under a hiring season's load: 1,000 candidates across 20 assessments in PostgreSQL, 50 concurrent
users (locust, headless), through nginx and two web processes; p50/p95 per page and per API list.

    .venv/bin/python bench/load_pages.py [--users 50] [--seconds 60] [--web 2] [--out /tmp/load-pages.json]

Run as root (nginx). The stack and the season are described in load_stack.py; the users in load_locustfile.py.
Locust runs on this same machine, so it takes its share of the cores from the processes it measures.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from load_stack import ROOT, django_for, scaled_stack, seed_season

LOCUST = str(Path(sys.executable).with_name("locust"))


def run_locust(url: str, season: Path, folder: Path, users: int, seconds: int) -> dict[str, Any]:
    env = {**os.environ, "ASSAY_LOAD_SEED": str(season)}
    argv = [LOCUST, "-f", str(ROOT / "bench" / "load_locustfile.py"), "--headless", "--host", url]
    argv += ["-u", str(users), "-r", str(users), "-t", f"{seconds}s", "--csv", str(folder / "locust"), "--only-summary"]
    subprocess.run(argv, env=env, check=False, capture_output=True)
    with (folder / "locust_stats.csv").open() as stats:
        rows = list(csv.DictReader(stats))
    return {
        row["Name"]: {
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "requests_per_s": round(float(row["Requests/s"]), 1),
            "p50_ms": float(row["50%"]),
            "p95_ms": float(row["95%"]),
            "p99_ms": float(row["99%"]),
            "max_ms": round(float(row["Max Response Time"])),
        }
        for row in rows
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--assessments", type=int, default=20)
    parser.add_argument("--candidates", type=int, default=1000)
    parser.add_argument("--web", type=int, default=2, help="web processes behind nginx")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    with scaled_stack(web=args.web) as cluster:
        django_for(cluster)
        started = time.monotonic()
        season = seed_season(args.assessments, args.candidates // args.assessments)
        seeded_in = time.monotonic() - started
        (cluster.folder / "season.json").write_text(json.dumps(season))
        load_before = os.getloadavg()
        pages = run_locust(cluster.url, cluster.folder / "season.json", cluster.folder, args.users, args.seconds)
        result = {
            "candidates": len(season["candidates"]),
            "assessments": len(season["assessments"]),
            "seeded_in_s": round(seeded_in, 1),
            "users": args.users,
            "web_processes": args.web,
            "seconds": args.seconds,
            "load_average_before": load_before,
            "load_average_after": os.getloadavg(),
            "pages": pages,
        }
    print(f"{'page':48} {'requests':>8} {'fail':>5} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")
    for name, row in pages.items():
        figures = f"{row['p50_ms']:7.0f} {row['p95_ms']:7.0f} {row['p99_ms']:7.0f}"
        print(f"{name:48} {row['requests']:8} {row['failures']:5} {figures}")
    text = json.dumps(result, indent=2)
    args.out.write_text(text) if args.out else print(text)


if __name__ == "__main__":
    main()
