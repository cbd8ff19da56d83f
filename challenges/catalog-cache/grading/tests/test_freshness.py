"""Never serve data the catalog has said is out of date."""

import time

import pytest

pytestmark = pytest.mark.skill("server_logic")


@pytest.mark.weight(3)
@pytest.mark.severity("high")
def test_nothing_is_served_past_its_max_age(api, warm, catalog):
    """A product is never served past the max-age the catalog gave it"""
    catalog.control("POST", "/config", {"max_age": 1})
    warm(44)
    changed = catalog.control("POST", "/change", {"id": 44, "notify": False})["product"]
    time.sleep(1.5)
    body = api.get("/products/44").json()
    assert body.get("version") == changed["version"], (
        f"1.5 s after a read with max-age=1 the service still served version {body.get('version')} of product 44; "
        f"the catalog holds version {changed['version']}"
    )


@pytest.mark.skill("integration")
@pytest.mark.weight(3)
@pytest.mark.severity("high")
def test_an_invalidation_is_honoured_at_once(api, warm, catalog):
    """After an invalidation signal the next read serves the new data"""
    warm(55)
    answer = catalog.control("POST", "/change", {"id": 55, "notify": True})
    assert answer["invalidate_status"] in (200, 202, 204), (
        f"the catalog's POST /invalidate was answered {answer['invalidate_status']}"
    )
    body = api.get("/products/55").json()
    assert body.get("version") == answer["product"]["version"], (
        f"right after an invalidation of product 55 the service served version {body.get('version')}; "
        f"the catalog holds version {answer['product']['version']}"
    )
