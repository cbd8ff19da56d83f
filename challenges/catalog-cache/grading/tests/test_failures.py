"""When the catalog fails: a bounded stale copy, a 503 otherwise, and errors never cached."""

import time

import pytest

pytestmark = pytest.mark.skill("integration")


@pytest.mark.weight(2)
def test_a_recent_copy_is_served_while_the_catalog_fails(plain, warm, catalog):
    """While the catalog fails, a copy fetched less than 60 s ago is served"""
    catalog.control("POST", "/config", {"max_age": 1})
    before = warm(61)
    catalog.control("POST", "/fault", {"status": 500})
    time.sleep(1.2)
    resp = plain.get("/products/61")
    assert resp.status_code == 200, (
        f"with the catalog failing, GET /products/61 (fetched 1 s before) answered {resp.status_code}; "
        "the brief asks for the last copy when it is less than 60 s old"
    )
    assert resp.json().get("version") == before.get("version"), "the stale copy served is not the last one fetched"


@pytest.mark.skill("api_design")
def test_no_copy_and_a_failing_catalog_is_503(plain, catalog):
    """With no copy and the catalog failing, the service answers 503"""
    catalog.control("POST", "/fault", {"status": 500})
    resp = plain.get("/products/72")
    assert resp.status_code == 503, f"with the catalog failing and no copy, GET /products/72 answered {resp.status_code}"


@pytest.mark.skill("server_logic")
@pytest.mark.weight(2)
def test_a_catalog_error_is_not_cached(plain, catalog):
    """A catalog error is not kept: the next read after it recovers is served"""
    catalog.control("POST", "/fault", {"status": 500})
    plain.get("/products/83")
    catalog.control("POST", "/fault", {"status": None})
    resp = plain.get("/products/83")
    assert resp.status_code == 200, (
        f"after the catalog recovered, GET /products/83 answered {resp.status_code}: the error was kept in the cache"
    )
