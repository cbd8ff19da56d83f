"""Helpers for the slow-endpoint-rescue hidden tests: the data set, expected answers, query counts.

The data set (seed.sql, the candidate's own copy too) is loaded once per run into the tables the
service created on start. Tests read the seeded customers and never change them; a test that writes
(a new order, a refund) does it on a customer of its own, so the tests do not depend on each other.
Expected answers come from SQL over the contract's tables, never from a solution's code.
"""

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

SEED = Path(__file__).parent / "seed.sql"
SEEDED_CUSTOMERS = 2000


def describe(resp: httpx.Response) -> str:
    body = resp.text[:300].replace("\n", " ")
    return f"{resp.request.method} {resp.request.url.raw_path.decode()} returned {resp.status_code} ({body!r})"


@pytest.fixture(scope="session", autouse=True)
def data_set(database_url: str | None) -> None:
    """Load seed.sql once, unless a previous run of the same database already did."""
    import psycopg

    assert database_url, "the grader gave no database"
    with psycopg.connect(database_url, autocommit=True) as conn:
        tables = conn.execute(
            "SELECT count(*) FROM pg_tables WHERE tablename IN ('customers', 'orders', 'order_lines')"
        )
        if tables.fetchone()[0] != 3:
            pytest.fail(
                "the data set could not be loaded: the service did not create the tables customers, orders and "
                "order_lines of schema.sql on start",
                pytrace=False,
            )
        seeded = conn.execute("SELECT count(*) FROM customers WHERE id <= %s", (SEEDED_CUSTOMERS,)).fetchone()
        if seeded and seeded[0] == 0:
            conn.execute(SEED.read_text())


def when(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


@pytest.fixture
def page(api: httpx.Client) -> Callable[..., dict[str, Any]]:
    """One page of GET /customers/{id}/orders; fails (naming the request) unless it answers 200."""

    def get(customer_id: int, **params: Any) -> dict[str, Any]:
        resp = api.get(f"/customers/{customer_id}/orders", params=params)
        assert resp.status_code == 200, f"{describe(resp)}; expected 200 with a page of orders"
        return resp.json()

    return get


@pytest.fixture
def walk(page: Callable[..., dict[str, Any]]) -> Callable[[int, int], list[dict[str, Any]]]:
    """Every order of a customer, following next_cursor from the first page."""

    def run(customer_id: int, limit: int) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        body = page(customer_id, limit=limit)
        for _ in range(1000):
            found += body["items"]
            if not body.get("next_cursor"):
                return found
            body = page(customer_id, limit=limit, cursor=body["next_cursor"])
        pytest.fail("next_cursor never ran out after 1000 pages", pytrace=False)

    return run


@pytest.fixture
def expected_orders(db: Any) -> Callable[[int], list[dict[str, Any]]]:
    """A customer's orders as the contract orders them, with their lines, straight from the tables."""

    def read(customer_id: int) -> list[dict[str, Any]]:
        rows = db.execute(
            "SELECT id, status, created_at FROM orders WHERE customer_id = %s ORDER BY created_at DESC, id DESC",
            (customer_id,),
        ).fetchall()
        ids = [r[0] for r in rows]
        lines: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
        for order_id, sku, quantity, price in db.execute(
            "SELECT order_id, sku, quantity, unit_price_cents FROM order_lines WHERE order_id = ANY(%s) ORDER BY id",
            (ids,),
        ).fetchall():
            lines[order_id].append({"sku": sku, "quantity": quantity, "unit_price_cents": price})
        return [
            {
                "id": order_id,
                "status": status,
                "created_at": created,
                "lines": lines[order_id],
                "total_cents": sum(line["quantity"] * line["unit_price_cents"] for line in lines[order_id]),
            }
            for order_id, status, created in rows
        ]

    return read


class Shop:
    """Writes what the checkout writes, for customers of the test's own."""

    def __init__(self, db: Any):
        self.db = db

    def customer(self, region: str = "north") -> int:
        name = f"Test customer {uuid.uuid4().hex[:8]}"
        row = self.db.execute("INSERT INTO customers (name, region) VALUES (%s, %s) RETURNING id", (name, region))
        return int(row.fetchone()[0])

    def order(self, customer_id: int, status: str, lines: list[tuple[str, int, int]], days: int = 0) -> int:
        created = datetime(2026, 3, 1, 12, 0, tzinfo=UTC) + timedelta(days=days)
        row = self.db.execute(
            "INSERT INTO orders (customer_id, status, created_at) VALUES (%s, %s, %s) RETURNING id",
            (customer_id, status, created),
        )
        order_id = int(row.fetchone()[0])
        for sku, quantity, price in lines:
            self.db.execute(
                "INSERT INTO order_lines (order_id, sku, quantity, unit_price_cents) VALUES (%s, %s, %s, %s)",
                (order_id, sku, quantity, price),
            )
        return order_id

    def set_status(self, order_id: int, status: str) -> None:
        self.db.execute("UPDATE orders SET status = %s WHERE id = %s", (status, order_id))


@pytest.fixture
def shop(db: Any) -> Shop:
    return Shop(db)


@pytest.fixture
def queries(db: Any) -> Callable[[Callable[[], Any]], int]:
    """How many statements the service ran in the database while ``call`` ran (pg_stat_statements)."""
    sql = (
        "SELECT coalesce(sum(calls), 0) FROM pg_stat_statements "
        "WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) "
        "AND query NOT ILIKE '%%pg_stat_statements%%'"
    )

    def count(call: Callable[[], Any]) -> int:
        before = int(db.execute(sql).fetchone()[0])
        call()
        return int(db.execute(sql).fetchone()[0]) - before

    return count
