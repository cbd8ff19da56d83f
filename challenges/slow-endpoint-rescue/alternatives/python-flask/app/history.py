"""The order history, one SQL statement per answer: PostgreSQL joins, aggregates and builds the JSON.

The cursor is the id of the last order of a page: the next page starts after that order's
(created_at, id) position, looked up in the same statement.
"""

from psycopg import Connection

PAGE = """
SELECT o.id, o.status, o.created_at, l.lines, l.total_cents
FROM orders o
CROSS JOIN LATERAL (
    SELECT coalesce(json_agg(json_build_object('sku', sku, 'quantity', quantity,
                                               'unit_price_cents', unit_price_cents) ORDER BY id), '[]') AS lines,
           coalesce(sum(quantity * unit_price_cents), 0)::bigint AS total_cents
    FROM order_lines WHERE order_id = o.id
) l
WHERE o.customer_id = %(customer)s
  AND (%(after)s::bigint IS NULL
       OR (o.created_at, o.id) < (SELECT a.created_at, a.id FROM orders a
                                  WHERE a.id = %(after)s AND a.customer_id = %(customer)s))
ORDER BY o.created_at DESC, o.id DESC
LIMIT %(limit)s
"""

SUMMARY = """
SELECT c.id AS customer_id, c.name, c.region, count(o.id) AS order_count,
       coalesce(sum(t.total) FILTER (WHERE o.status = 'paid'), 0)::bigint AS paid_total_cents,
       max(o.created_at) AS last_order_at
FROM customers c
LEFT JOIN orders o ON o.customer_id = c.id
LEFT JOIN LATERAL (SELECT sum(quantity * unit_price_cents) AS total FROM order_lines WHERE order_id = o.id) t ON true
WHERE c.id = %s
GROUP BY c.id
"""


class NotFound(Exception):
    pass


class BadCursor(Exception):
    pass


def _after(conn: Connection, customer_id: int, cursor: str | None) -> int | None:
    if cursor is None:
        return None
    if not cursor.isdigit() or len(cursor) > 18:
        raise BadCursor(cursor)
    order = conn.execute("SELECT 1 FROM orders WHERE id = %s AND customer_id = %s", (int(cursor), customer_id))
    if order.fetchone() is None:
        raise BadCursor(cursor)
    return int(cursor)


def orders_page(conn: Connection, customer_id: int, limit: int, cursor: str | None) -> dict:
    if conn.execute("SELECT 1 FROM customers WHERE id = %s", (customer_id,)).fetchone() is None:
        raise NotFound(customer_id)
    after = _after(conn, customer_id, cursor)
    rows = conn.execute(PAGE, {"customer": customer_id, "after": after, "limit": limit + 1}).fetchall()
    items = [{**row, "created_at": row["created_at"].isoformat()} for row in rows[:limit]]
    return {"items": items, "next_cursor": str(items[-1]["id"]) if len(rows) > limit else None}


def summary(conn: Connection, customer_id: int) -> dict:
    row = conn.execute(SUMMARY, (customer_id,)).fetchone()
    if row is None:
        raise NotFound(customer_id)
    last = row["last_order_at"]
    return {**row, "last_order_at": last.isoformat() if last else None}
