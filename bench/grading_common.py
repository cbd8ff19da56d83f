"""What the grading benchmarks share: Django set-up, the machine, timing stages, tables, JSON out.

Not a benchmark itself; the grading_*.py scripts import it (run them from the repository root).
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
LIBRARY = REPO / "challenges"
SOLUTIONS = LIBRARY / "bookings-api" / "solutions"
# Files the platform's own tools leave in a folder they analysed (see docs/benchmarks.md); never graded.
JUNK = shutil.ignore_patterns(".venv", "node_modules", "__pycache__", ".cache", ".semgrep", "challenges")


def setup_django(var_dir: Path | None = None, cache_dir: Path | None = None) -> None:
    """Configure Django before anything imports models. Defaults: the repository's var/ and its warm caches."""
    sys.path.insert(0, str(REPO / "src"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "assay.settings"
    os.environ.setdefault("ASSAY_LOG_LEVEL", "WARNING")
    if var_dir is not None:
        os.environ["ASSAY_VAR_DIR"] = str(var_dir)
    os.environ["ASSAY_CACHE_DIR"] = str(cache_dir or REPO / "var" / "cache")
    import django

    django.setup()


def copy_solution(stack: str, dest: Path) -> Path:
    """A clean copy of the reference solution: the benchmark never grades (and so never writes into) the library."""
    shutil.copytree(SOLUTIONS / stack, dest, symlinks=True, ignore=JUNK)
    return dest


def machine() -> dict[str, Any]:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "unknown",
    )
    mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    return {
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "ram_gb": round(mem_kb / 1024 / 1024, 1),
        "kernel": platform.release(),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "load_average": os.getloadavg(),
    }


class StageClock:
    """Wall-clock time of each stage from the pipeline's events ("started", then the summary)."""

    def __init__(self) -> None:
        self.started: dict[str, float] = {}
        self.seconds: dict[str, float] = {}

    def __call__(self, stage: str, message: str) -> None:
        now = time.perf_counter()
        if message == "started":
            self.started[stage] = now
        elif stage in self.started:
            self.seconds[stage] = now - self.started[stage]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def table(headers: list[str], rows: list[list[Any]]) -> str:
    """A GitHub-flavoured markdown table (prints fine on a terminal too)."""

    def cell(value: Any) -> str:
        return f"{value:.2f}" if isinstance(value, float) else str(value)

    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(" --- " for _ in headers) + "|"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def write_results(results: dict[str, Any], path: str | None) -> None:
    """JSON to `path`, or to stdout after the table when no path is given."""
    text = json.dumps(results, indent=2, default=str)
    if path:
        Path(path).write_text(text + "\n")
        print(f"results written to {path}")
    else:
        print(text)
