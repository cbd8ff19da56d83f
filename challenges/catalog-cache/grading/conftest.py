"""Shared setup: a fresh catalog for every test, and reading it without touching the call log."""

import httpx
import pytest


@pytest.fixture
def catalog(provided):
    """The upstream, reset: no calls, no fault, its default latency (250 ms) and max-age (30 s)."""
    upstream = provided["catalog"]
    upstream.reset()
    return upstream


@pytest.fixture
def calls_for(catalog):
    """How many times the service asked the upstream for one product."""

    def count(product_id):
        return sum(1 for c in catalog.calls() if c["path"] == f"/products/{product_id}")

    return count


@pytest.fixture
def warm(api, catalog):
    """Read a product once through the service with the brief's canonical request; returns the body."""

    def read(product_id):
        resp = api.get(f"/products/{product_id}")
        assert resp.status_code == 200, (
            f"GET /products/{product_id} answered {resp.status_code}: the service cannot serve a catalog product"
        )
        return resp.json()

    return read


@pytest.fixture
def plain(base_url):
    """A client whose answers are not audited for 5xx: while the catalog fails, the brief asks for a 503."""
    with httpx.Client(base_url=base_url, timeout=15) as client:
        yield client
