"""The cache's rules, against a stand-in catalog function."""

import sys
import threading
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))

from cache import Cache, CatalogUnavailable  # noqa: E402


class CacheTest(unittest.TestCase):
    def test_concurrent_misses_fetch_once(self):
        calls, gate = [], threading.Event()

        def fetch(pid):
            calls.append(pid)
            gate.wait(2)
            return {"id": pid}, 30

        cache = Cache(fetch)
        threads = [threading.Thread(target=cache.read, args=(1,)) for _ in range(20)]
        for t in threads:
            t.start()
        gate.set()
        for t in threads:
            t.join()
        self.assertEqual(calls, [1])

    def test_stale_copy_within_bound(self):
        now, down = [0.0], [False]

        def fetch(pid):
            if down[0]:
                raise CatalogUnavailable("down")
            return {"id": pid}, 1

        cache = Cache(fetch, clock=lambda: now[0])
        cache.read(2)
        down[0], now[0] = True, 5.0
        self.assertEqual(cache.read(2), {"id": 2})
        now[0] = 61.0
        with self.assertRaises(CatalogUnavailable):
            cache.read(2)
