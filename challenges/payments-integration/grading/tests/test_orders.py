"""The order contract: an order is charged through the provider once, and can be read back."""

import pytest

pytestmark = pytest.mark.skill("integration")


@pytest.mark.weight(2)
def test_an_order_is_charged_through_the_provider(create_order, payment_of, provider):
    """POST /orders makes one payment at the provider for the order's amount and currency"""
    order = create_order(4200)
    payment = payment_of(order)
    assert (payment["amount"], payment["currency"]) == (4200, "EUR"), (
        f"the provider's payment is {payment['amount']} {payment['currency']}; the order asked 4200 EUR"
    )
    made = [p for p in provider.control("GET", "/payments") if p["reference"] == payment["reference"]]
    assert len(made) == 1, f"one order made {len(made)} payments at the provider; expected exactly one"
    assert order.get("payment_status") == "pending", (
        f"a new order's payment_status is {order.get('payment_status')!r}; the brief says 'pending' until a webhook"
    )


def test_an_order_reads_back(api, create_order):
    """GET /orders/{id} answers the order; an unknown id is a 404"""
    order = create_order(1300)
    resp = api.get(f"/orders/{order['id']}")
    assert resp.status_code == 200, f"GET /orders/{order['id']} answered {resp.status_code}; expected 200"
    body = resp.json()
    assert (body.get("amount"), body.get("payment_id")) == (1300, order["payment_id"]), (
        "GET /orders/{id} does not answer the order's amount and payment_id"
    )
    assert body.get("refunded_amount") == 0, "a new order's refunded_amount must be 0"
    missing = api.get("/orders/999999999")
    assert missing.status_code == 404, f"GET /orders/999999999 answered {missing.status_code}; expected 404"


def test_an_invalid_order_is_refused_without_a_charge(api, provider):
    """An order with a negative amount is a 400 or 422 and never reaches the provider"""
    resp = api.post("/orders", json={"amount": -5, "currency": "EUR"})
    assert resp.status_code in (400, 422), f"POST /orders with amount -5 answered {resp.status_code}; expected 400/422"
    posts = [c for c in provider.calls() if c["method"] == "POST"]
    assert not posts, "an invalid order was sent to the provider"
