"""Public tests: they call a running service at BASE_URL (default http://127.0.0.1:$PORT, PORT 8000),
which talks to the payments provider at ASSAY_SERVICE_PAYMENTS_URL (`make provider` runs a local one).

They are a small sample of the checks the platform runs; passing them is a start, not the goal.
"""

import os

import httpx
import pytest


@pytest.fixture
def api():
    base_url = os.environ.get("BASE_URL") or f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"
    with httpx.Client(base_url=base_url, timeout=10) as client:
        yield client


def test_health(api):
    assert api.get("/health").status_code == 200


def test_an_order_is_created_with_a_payment(api):
    resp = api.post("/orders", json={"amount": 2500, "currency": "EUR"})
    assert resp.status_code == 201, resp.text
    order = resp.json()
    assert order["payment_id"] and order["payment_status"] == "pending" and order["refunded_amount"] == 0
    assert api.get(f"/orders/{order['id']}").json()["payment_id"] == order["payment_id"]


def test_an_unsigned_webhook_is_refused(api):
    event = {"id": "evt_forged", "type": "payment.succeeded", "created": 0, "data": {}}
    resp = api.post("/webhooks/payments", json=event)
    assert resp.status_code in (400, 401, 403)
