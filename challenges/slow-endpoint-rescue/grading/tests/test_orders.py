"""GET /customers/{id}/orders answers what the starter answers: order, ties, cursors, lines, totals."""

import pytest
from conftest import describe, when

pytestmark = pytest.mark.skill("server_logic")

# Seeded customers: 50 orders each at 20 distinct times, so every one has orders placed at the same time.
BUSY = 42
# Walks through three customers' pages, with a page size that splits orders placed at the same time and one
# that matches the default. Each page of the slow starter costs seconds, so the walks are few.
WALKS = [(BUSY, 7), (BUSY, 20), (1234, 7), (1999, 20)]


def same_order(found: list[dict], expected: list[dict]) -> str:
    """'' when the ids match in order; otherwise where they first differ."""
    got, want = [o["id"] for o in found], [o["id"] for o in expected]
    if got == want:
        return ""
    first = next((i for i, (a, b) in enumerate(zip(got, want, strict=False)) if a != b), min(len(got), len(want)))
    return (
        f"{len(got)} orders listed, {len(want)} expected; they first differ at position {first}: "
        f"{got[first : first + 5]} instead of {want[first : first + 5]}"
    )


@pytest.mark.weight(2)
def test_first_page_is_newest_first(page, expected_orders):
    body = page(BUSY, limit=20)
    wrong = same_order(body["items"], expected_orders(BUSY)[:20])
    assert not wrong, f"the first page of customer {BUSY}'s orders is not newest first, ties by id descending: {wrong}"


@pytest.mark.weight(2)
@pytest.mark.parametrize(("customer_id", "limit"), WALKS)
def test_walking_the_pages_lists_every_order_once_in_order(walk, expected_orders, customer_id, limit):
    wrong = same_order(walk(customer_id, limit), expected_orders(customer_id))
    assert not wrong, (
        f"following next_cursor with limit={limit} through customer {customer_id}'s orders skips, repeats "
        f"or reorders orders: {wrong}"
    )


@pytest.mark.weight(2)
def test_lines_and_totals_match_the_data(page, expected_orders):
    body = page(BUSY, limit=50)
    expected = {o["id"]: o for o in expected_orders(BUSY)}
    for order in body["items"]:
        want = expected.get(order["id"])
        assert want, f"order {order['id']} is not one of customer {BUSY}'s orders"
        assert order["lines"] == want["lines"], (
            f"order {order['id']}'s lines are {order['lines']}; expected {want['lines']}"
        )
        assert order["total_cents"] == want["total_cents"], (
            f"order {order['id']}'s total_cents is {order['total_cents']}; its lines add up to {want['total_cents']}"
        )
        assert order["status"] == want["status"], (
            f"order {order['id']}'s status is {order['status']!r}; expected {want['status']!r}"
        )
        assert when(order["created_at"]) == want["created_at"], (
            f"order {order['id']}'s created_at is {order['created_at']}; expected {want['created_at'].isoformat()}"
        )


def test_default_page_size_is_20(page, expected_orders):
    body = page(BUSY)
    assert len(body["items"]) == 20, (
        f"GET /customers/{BUSY}/orders without limit listed {len(body['items'])} orders; the default is 20"
    )


def test_last_page_has_no_next_cursor(page):
    body = page(BUSY, limit=50)
    assert len(body["items"]) == 50, f"limit=50 listed {len(body['items'])} of customer {BUSY}'s 50 orders"
    assert body["next_cursor"] is None, (
        f"the page that holds the last order has next_cursor {body['next_cursor']!r}; expected null"
    )


def test_a_new_order_is_listed_first(page, shop):
    customer = shop.customer()
    older = shop.order(customer, "paid", [("SKU-001", 1, 500)], days=0)
    body = page(customer)
    assert [o["id"] for o in body["items"]] == [older], f"a customer with one order lists {body['items']}"
    newer = shop.order(customer, "pending", [("SKU-002", 2, 700)], days=1)
    body = page(customer)
    ids = [o["id"] for o in body["items"]]
    assert ids == [newer, older], (
        f"after the checkout wrote a newer order, the list is {ids}; expected {[newer, older]}"
    )


def test_a_customer_without_orders_has_an_empty_page(page, shop):
    customer = shop.customer()
    body = page(customer)
    assert body["items"] == [] and body["next_cursor"] is None, f"a customer without orders lists {body}"


@pytest.mark.parametrize("limit", ["0", "101", "-1", "many"])
def test_a_limit_out_of_range_is_refused(api, limit):
    resp = api.get(f"/customers/{BUSY}/orders", params={"limit": limit})
    assert resp.status_code in (400, 422), f"{describe(resp)}; expected 400 or 422: limit is 1 to 100"


def test_a_cursor_the_service_never_issued_is_refused(api):
    resp = api.get(f"/customers/{BUSY}/orders", params={"cursor": "not-a-cursor!"})
    assert resp.status_code in (400, 422), f"{describe(resp)}; expected 400 or 422 for a made-up cursor"


def test_an_unknown_customer_is_404(api):
    resp = api.get("/customers/987654321/orders")
    assert resp.status_code == 404, f"{describe(resp)}; expected 404 for a customer that does not exist"
