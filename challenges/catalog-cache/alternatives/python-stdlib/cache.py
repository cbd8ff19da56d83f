"""An in-process cache with single-flight: the first miss of a product fetches it, the others wait for it.

Freshness is the catalog's max-age; a copy fetched less than STALE_SECONDS ago stands in while the
catalog fails; errors are never kept.
"""

import threading
import time

STALE_SECONDS = 60


class CatalogUnavailable(Exception):
    pass


class NotFound(Exception):
    pass


class _Flight:
    def __init__(self):
        self.done = threading.Event()
        self.product = None
        self.error = None


class Cache:
    def __init__(self, fetch, clock=time.monotonic):
        self.fetch, self.clock = fetch, clock
        self.entries = {}  # id -> (product, fresh_until, fetched_at)
        self.flights = {}
        self.lock = threading.Lock()

    def read(self, product_id):
        with self.lock:
            entry = self.entries.get(product_id)
            if entry and self.clock() < entry[1]:
                return entry[0]
            flight = self.flights.get(product_id)
            leader = flight is None
            if leader:
                flight = self.flights[product_id] = _Flight()
        if leader:
            self._fly(product_id, flight, entry)
        flight.done.wait(10)
        if flight.error is not None:
            raise flight.error
        return flight.product

    def _fly(self, product_id, flight, stale):
        try:
            flight.product = self._refresh(product_id, stale)
        except (CatalogUnavailable, NotFound) as error:
            flight.error = error
        finally:
            with self.lock:
                if self.flights.get(product_id) is flight:
                    del self.flights[product_id]
            flight.done.set()

    def _refresh(self, product_id, stale):
        try:
            product, max_age = self.fetch(product_id)
        except CatalogUnavailable:
            if stale and self.clock() - stale[2] < STALE_SECONDS:
                return stale[0]
            raise
        if product is None:
            raise NotFound(product_id)
        now = self.clock()
        if max_age > 0:
            with self.lock:
                self.entries[product_id] = (product, now + max_age, now)
        return product

    def invalidate(self, product_id):
        with self.lock:
            self.entries.pop(product_id, None)
            self.flights.pop(product_id, None)  # a fetch started before the change answers no later reader
