"""Queries per request, and how PostgreSQL finds a customer's orders and an order's lines."""

import json

import pytest

BUSY = 42


def seq_scans(db, sql: str, params: tuple) -> list[str]:
    """The tables the plan reads in full (EXPLAIN only: nothing runs)."""
    plan = db.execute("EXPLAIN (FORMAT JSON) " + sql, params).fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    found: list[str] = []

    def visit(node: dict) -> None:
        if node.get("Node Type") in ("Seq Scan", "Parallel Seq Scan"):
            found.append(node.get("Relation Name", "?"))
        for child in node.get("Plans", []):
            visit(child)

    visit(plan[0]["Plan"])
    return found


@pytest.mark.skill("performance")
@pytest.mark.weight(5)
def test_a_page_takes_the_same_queries_whatever_its_size(api, queries):
    small = queries(lambda: api.get(f"/customers/{BUSY}/orders", params={"limit": 2}))
    large = queries(lambda: api.get(f"/customers/{BUSY}/orders", params={"limit": 40}))
    assert large <= small + 1, (
        f"a page of 2 orders took {small} database queries and a page of 40 took {large}: "
        "the queries grow with the page (one per order: N+1)"
    )


@pytest.mark.skill("performance")
@pytest.mark.weight(5)
def test_a_summary_takes_the_same_queries_whatever_the_orders(api, queries, shop):
    customer = shop.customer()
    shop.order(customer, "paid", [("SKU-020", 1, 100)])
    few = queries(lambda: api.get(f"/customers/{customer}/summary"))
    many = queries(lambda: api.get(f"/customers/{BUSY}/summary"))
    assert many <= few + 1, (
        f"the summary of a customer with 1 order took {few} database queries and one with 50 orders took {many}: "
        "the queries grow with the customer's orders"
    )


@pytest.mark.skill("database")
@pytest.mark.weight(3)
def test_a_customers_orders_are_found_through_an_index(db):
    sql = "SELECT id FROM orders WHERE customer_id = %s ORDER BY created_at DESC, id DESC LIMIT 21"
    scanned = seq_scans(db, sql, (BUSY,))
    assert "orders" not in scanned, (
        "PostgreSQL reads all 100,000 orders to find one customer's newest 20 (a sequential scan): "
        "no index serves orders by customer"
    )


@pytest.mark.skill("database")
@pytest.mark.weight(3)
def test_an_orders_lines_are_found_through_an_index(db):
    scanned = seq_scans(db, "SELECT sku FROM order_lines WHERE order_id = ANY(%s)", ([11, 12, 13],))
    assert "order_lines" not in scanned, (
        "PostgreSQL reads all 200,000 order lines to find the lines of three orders (a sequential scan): "
        "no index serves order lines by order"
    )
