"""Reading orders: a page of a customer's orders with their lines, and a customer's summary.

Every request runs a fixed number of queries (the customer, one page, the lines of that page),
each served by an index: the cost of a request does not grow with the customer's history.
"""

import base64
import binascii
import json
from datetime import datetime

from psycopg import Connection

from app.problems import Problem

_FIRST_PAGE = """
SELECT id, status, created_at FROM orders WHERE customer_id = %(customer)s
ORDER BY created_at DESC, id DESC LIMIT %(limit)s
"""
# The row comparison matches the index order, so the scan starts right after the previous page.
_NEXT_PAGE = """
SELECT id, status, created_at FROM orders
WHERE customer_id = %(customer)s AND (created_at, id) < (%(after)s, %(after_id)s)
ORDER BY created_at DESC, id DESC LIMIT %(limit)s
"""
_LINES = """
SELECT order_id, sku, quantity, unit_price_cents FROM order_lines WHERE order_id = ANY(%s) ORDER BY id
"""
_SUMMARY = """
SELECT c.id AS customer_id, c.name, c.region,
       (SELECT count(*) FROM orders o WHERE o.customer_id = c.id) AS order_count,
       (SELECT coalesce(sum(l.quantity * l.unit_price_cents), 0)::bigint
          FROM orders o JOIN order_lines l ON l.order_id = o.id
         WHERE o.customer_id = c.id AND o.status = 'paid') AS paid_total_cents,
       (SELECT max(o.created_at) FROM orders o WHERE o.customer_id = c.id) AS last_order_at
FROM customers c WHERE c.id = %s
"""


def encode_cursor(order: dict) -> str:
    """The position after ``order``: its created_at and id, the keys the list is sorted by."""
    raw = json.dumps([order["created_at"].isoformat(), order["id"]])
    return base64.urlsafe_b64encode(raw.encode()).decode()


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        created_at, order_id = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        return datetime.fromisoformat(created_at), int(order_id)
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise Problem(400, "Bad Request", "cursor is not one this service returned") from None


def require_customer(conn: Connection, customer_id: int) -> None:
    if conn.execute("SELECT 1 FROM customers WHERE id = %s", (customer_id,)).fetchone() is None:
        raise Problem(404, "Not Found", f"customer {customer_id} does not exist")


def page_of_orders(conn: Connection, customer_id: int, limit: int, cursor: str | None) -> dict:
    after, after_id = decode_cursor(cursor) if cursor else (None, None)
    require_customer(conn, customer_id)
    # One row more than the page tells whether another page follows.
    params = {"customer": customer_id, "after": after, "after_id": after_id, "limit": limit + 1}
    rows = conn.execute(_NEXT_PAGE if cursor else _FIRST_PAGE, params).fetchall()
    orders, more = rows[:limit], len(rows) > limit
    lines: dict[int, list[dict]] = {order["id"]: [] for order in orders}
    if orders:
        for line in conn.execute(_LINES, (list(lines),)).fetchall():
            lines[line.pop("order_id")].append(line)
    items = [
        {
            "id": order["id"],
            "status": order["status"],
            "created_at": order["created_at"].isoformat(),
            "total_cents": sum(line["quantity"] * line["unit_price_cents"] for line in lines[order["id"]]),
            "lines": lines[order["id"]],
        }
        for order in orders
    ]
    return {"items": items, "next_cursor": encode_cursor(orders[-1]) if more else None}


def customer_summary(conn: Connection, customer_id: int) -> dict:
    summary = conn.execute(_SUMMARY, (customer_id,)).fetchone()
    if summary is None:
        raise Problem(404, "Not Found", f"customer {customer_id} does not exist")
    last = summary["last_order_at"]
    return {**summary, "last_order_at": last.isoformat() if last else None}
