"""The service answers what the catalog holds, in the brief's shape."""

import pytest


@pytest.mark.skill("integration")
@pytest.mark.weight(2)
def test_product_is_the_catalogs_record(warm, catalog):
    """A product is served as the catalog holds it"""
    body = warm(12)
    expected = catalog.control("GET", "/products/12")
    got = {k: body.get(k) for k in expected}
    assert got == expected, f"GET /products/12 answered {body}; the catalog holds {expected}"


@pytest.mark.skill("api_design")
def test_unknown_product_is_404(api, catalog):
    """A product the catalog does not have is 404"""
    resp = api.get("/products/5000")
    assert resp.status_code == 404, f"GET /products/5000 answered {resp.status_code}; the catalog has no such product"


@pytest.mark.skill("api_design")
def test_invalidate_accepts_the_brief_request(api, catalog):
    """POST /invalidate with {"product_id"} answers 2xx"""
    resp = api.post("/invalidate", json={"product_id": 3})
    assert 200 <= resp.status_code < 300, f"POST /invalidate answered {resp.status_code}; expected 200, 202 or 204"
