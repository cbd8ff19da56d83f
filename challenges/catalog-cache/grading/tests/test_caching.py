"""Hit rate and stampede protection, judged by the catalog's own call log."""

from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

pytestmark = pytest.mark.skill("performance")


@pytest.mark.weight(3)
def test_repeated_reads_within_max_age_ask_the_catalog_once(warm, catalog, calls_for):
    """Reads within max-age are served from the cache"""
    import time

    for _ in range(5):
        warm(21)
    time.sleep(1.2)  # past any fixed one-second cache: the catalog said max-age=30
    for _ in range(5):
        warm(21)
    calls = calls_for(21)
    assert calls == 1, f"10 reads of product 21 within its max-age of 30 s asked the catalog {calls} times; expected 1"


@pytest.mark.weight(3)
def test_fifty_concurrent_cold_reads_ask_the_catalog_at_most_twice(base_url, catalog, calls_for):
    """Fifty concurrent reads of a cold product cause at most two catalog calls (no stampede)"""
    catalog.control("POST", "/config", {"latency_ms": 400})

    with httpx.Client(base_url=base_url, timeout=15, limits=httpx.Limits(max_connections=50)) as client:
        with ThreadPoolExecutor(50) as pool:
            statuses = list(pool.map(lambda _: client.get("/products/33").status_code, range(50)))
    assert statuses.count(200) == 50, f"of 50 concurrent reads of product 33, {50 - statuses.count(200)} failed"
    calls = calls_for(33)
    assert calls <= 2, f"50 concurrent reads of a cold product asked the catalog {calls} times; expected 1 or 2"
