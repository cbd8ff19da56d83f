"""Public tests: a sample of the hidden ones. Run them against your running service (make test)."""

import os

import httpx

BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")


def test_health():
    assert httpx.get(f"{BASE_URL}/health", timeout=5).status_code == 200


def test_product_has_the_catalogs_fields():
    resp = httpx.get(f"{BASE_URL}/products/3", timeout=10)
    assert resp.status_code == 200
    assert {"id", "name", "price", "version"} <= set(resp.json())


def test_unknown_product_is_404():
    assert httpx.get(f"{BASE_URL}/products/5000", timeout=10).status_code == 404


def test_invalidation_is_accepted():
    resp = httpx.post(f"{BASE_URL}/invalidate", json={"product_id": 3}, timeout=5)
    assert 200 <= resp.status_code < 300

