"""A bounded load probe: a fixed number of requests at a fixed concurrency, then statistics.

Usage: python -m assay.grading.probes.load URL METHOD REQUESTS CONCURRENCY TIME_LIMIT_SECONDS
Prints {"requests", "completed", "errors", "error_rate", "seconds", "throughput", "p50_ms", "p95_ms",
"p99_ms", "max_ms", "statuses": {...}, "histogram": [[upper_ms, count], ...]}.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import time

import httpx

BUCKETS_MS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000]


def percentile(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, max(0, round(p / 100 * len(sorted_values) + 0.5) - 1))
    return sorted_values[index]


async def _load(url: str, method: str, total: int, concurrency: int, time_limit: float) -> dict[str, object]:
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    remaining = total
    deadline = time.monotonic() + time_limit
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async with httpx.AsyncClient(timeout=10, limits=limits) as client:

        async def worker() -> None:
            nonlocal remaining
            while remaining > 0 and time.monotonic() < deadline:
                remaining -= 1
                started = time.perf_counter()
                try:
                    response = await client.request(method, url)
                    key = str(response.status_code)
                except httpx.HTTPError as error:
                    key = error.__class__.__name__
                latencies.append((time.perf_counter() - started) * 1000)
                statuses[key] = statuses.get(key, 0) + 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        seconds = time.perf_counter() - started

    ordered = sorted(latencies)
    errors = sum(n for status, n in statuses.items() if not status.isdigit() or int(status) >= 400)
    histogram: list[list[int | None]] = []
    previous = 0.0
    for upper in BUCKETS_MS:
        histogram.append([upper, sum(1 for v in ordered if previous < v <= upper)])
        previous = upper
    histogram.append([None, sum(1 for v in ordered if v > BUCKETS_MS[-1])])
    completed = len(ordered)
    return {
        "requests": total,
        "completed": completed,
        "errors": errors,
        "error_rate": errors / completed if completed else 1.0,
        "seconds": seconds,
        "throughput": completed / seconds if seconds else 0.0,
        "p50_ms": percentile(ordered, 50),
        "p95_ms": percentile(ordered, 95),
        "p99_ms": percentile(ordered, 99),
        "max_ms": ordered[-1] if ordered else 0.0,
        "mean_ms": statistics.fmean(ordered) if ordered else 0.0,
        "statuses": statuses,
        "histogram": histogram,
    }


if __name__ == "__main__":
    url, method, total, concurrency, limit = sys.argv[1:6]
    print(json.dumps(asyncio.run(_load(url, method, int(total), int(concurrency), float(limit)))))
