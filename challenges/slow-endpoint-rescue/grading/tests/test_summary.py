"""GET /customers/{id}/summary: the figures of the data as it is at the moment of the request."""

import pytest
from conftest import describe, when

pytestmark = pytest.mark.skill("server_logic")


@pytest.fixture
def summary(api):
    def get(customer_id: int) -> dict:
        resp = api.get(f"/customers/{customer_id}/summary")
        assert resp.status_code == 200, f"{describe(resp)}; expected 200 with the customer's summary"
        return resp.json()

    return get


@pytest.mark.weight(3)
@pytest.mark.parametrize("customer_id", [42, 7, 1999])
def test_summary_matches_the_data(summary, expected_orders, db, customer_id):
    body = summary(customer_id)
    orders = expected_orders(customer_id)
    name, region = db.execute("SELECT name, region FROM customers WHERE id = %s", (customer_id,)).fetchone()
    paid = sum(o["total_cents"] for o in orders if o["status"] == "paid")
    expected = {
        "customer_id": customer_id,
        "name": name,
        "region": region,
        "order_count": len(orders),
        "paid_total_cents": paid,
    }
    found = {k: body.get(k) for k in expected}
    assert found == expected, f"customer {customer_id}'s summary is {found}; the data says {expected}"
    newest = max(o["created_at"] for o in orders)
    assert body["last_order_at"] and when(body["last_order_at"]) == newest, (
        f"last_order_at is {body['last_order_at']}; the newest order was placed at {newest.isoformat()}"
    )


@pytest.mark.weight(3)
def test_summary_counts_a_new_order(summary, shop):
    customer = shop.customer()
    shop.order(customer, "paid", [("SKU-010", 2, 1000), ("SKU-011", 1, 250)])
    before = summary(customer)
    assert (before["order_count"], before["paid_total_cents"]) == (1, 2250), (
        f"a customer with one paid order of 2250 has {before}"
    )
    shop.order(customer, "paid", [("SKU-012", 3, 100)], days=2)
    after = summary(customer)
    assert (after["order_count"], after["paid_total_cents"]) == (2, 2550), (
        f"after the checkout wrote a second paid order of 300, the summary is {after}: it must reflect the data "
        "at the moment of the request (order_count 2, paid_total_cents 2550)"
    )
    assert when(after["last_order_at"]) > when(before["last_order_at"]), (
        f"last_order_at did not move to the new order: {after}"
    )


@pytest.mark.weight(3)
def test_summary_drops_a_refunded_order(summary, shop):
    customer = shop.customer()
    first = shop.order(customer, "paid", [("SKU-013", 1, 4000)])
    shop.order(customer, "paid", [("SKU-014", 2, 150)], days=1)
    before = summary(customer)
    assert before["paid_total_cents"] == 4300, f"a customer with paid orders of 4000 and 300 has {before}"
    shop.set_status(first, "refunded")
    after = summary(customer)
    assert (after["order_count"], after["paid_total_cents"]) == (2, 300), (
        f"after the checkout refunded the order of 4000, the summary is {after}; expected order_count 2 "
        "and paid_total_cents 300"
    )


def test_a_customer_without_orders(summary, shop):
    customer = shop.customer("east")
    body = summary(customer)
    found = {k: body.get(k) for k in ("order_count", "paid_total_cents", "last_order_at", "region")}
    assert found == {"order_count": 0, "paid_total_cents": 0, "last_order_at": None, "region": "east"}, (
        f"a new customer without orders has the summary {body}"
    )


def test_an_unknown_customer_is_404(api):
    resp = api.get("/customers/987654321/summary")
    assert resp.status_code == 404, f"{describe(resp)}; expected 404 for a customer that does not exist"
