"""The order-history service: customers, their orders and order lines, read-only.

The checkout writes orders straight into the database; this service only reads them. It answers
correctly. It is also slow: making it fast without changing a single answer is the task.
"""

import base64
import binascii
from contextlib import asynccontextmanager

from fastapi import FastAPI, Query, Request
from fastapi.responses import JSONResponse

from app import db


@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.pool = db.create_pool()
    db.create_schema(app.state.pool)
    yield
    app.state.pool.close()


app = FastAPI(title="Order history", version="1.0.0", lifespan=lifespan)


class Problem(Exception):
    def __init__(self, status: int, title: str, detail: str):
        self.status, self.title, self.detail = status, title, detail


@app.exception_handler(Problem)
def problem(request: Request, exc: Problem) -> JSONResponse:
    body = {"type": "about:blank", "title": exc.title, "status": exc.status, "detail": exc.detail}
    return JSONResponse(body, status_code=exc.status, media_type="application/problem+json")


@app.get("/health")
def health() -> dict:
    """Ready to serve."""
    return {"status": "ok"}


def find_customer(conn, customer_id: int) -> dict:
    customer = conn.execute("SELECT id, name, region FROM customers WHERE id = %s", (customer_id,)).fetchone()
    if customer is None:
        raise Problem(404, "Not Found", f"customer {customer_id} does not exist")
    return customer


def order_json(conn, order: dict) -> dict:
    lines = conn.execute(
        "SELECT sku, quantity, unit_price_cents FROM order_lines WHERE order_id = %s ORDER BY id", (order["id"],)
    ).fetchall()
    return {
        "id": order["id"],
        "status": order["status"],
        "created_at": order["created_at"].isoformat(),
        "total_cents": sum(line["quantity"] * line["unit_price_cents"] for line in lines),
        "lines": lines,
    }


def decode_cursor(cursor: str | None) -> int:
    if cursor is None:
        return 0
    try:
        offset = int(base64.urlsafe_b64decode(cursor.encode()).decode().removeprefix("offset:"))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise Problem(400, "Bad Request", "cursor is not one this service returned") from None
    if offset < 0:
        raise Problem(400, "Bad Request", "cursor is not one this service returned")
    return offset


@app.get("/customers/{customer_id}/orders")
def list_orders(request: Request, customer_id: int, limit: int = Query(20, ge=1, le=100), cursor: str | None = None):
    """A customer's orders, newest first, a page at a time."""
    offset = decode_cursor(cursor)
    with request.app.state.pool.connection() as conn:
        find_customer(conn, customer_id)
        orders = conn.execute(
            "SELECT id, status, created_at FROM orders WHERE customer_id = %s", (customer_id,)
        ).fetchall()
        orders.sort(key=lambda o: (o["created_at"], o["id"]), reverse=True)
        page = orders[offset : offset + limit]
        items = [order_json(conn, order) for order in page]
    more = offset + limit < len(orders)
    next_cursor = base64.urlsafe_b64encode(f"offset:{offset + limit}".encode()).decode() if more else None
    return {"items": items, "next_cursor": next_cursor}


@app.get("/customers/{customer_id}/summary")
def customer_summary(request: Request, customer_id: int):
    """What a customer has ordered: how many orders, how much paid, and when they last ordered."""
    with request.app.state.pool.connection() as conn:
        customer = find_customer(conn, customer_id)
        orders = conn.execute(
            "SELECT id, status, created_at FROM orders WHERE customer_id = %s", (customer_id,)
        ).fetchall()
        details = [order_json(conn, order) for order in orders]
    paid = [d["total_cents"] for d in details if d["status"] == "paid"]
    last = max((o["created_at"] for o in orders), default=None)
    return {
        "customer_id": customer["id"],
        "name": customer["name"],
        "region": customer["region"],
        "order_count": len(orders),
        "paid_total_cents": sum(paid),
        "last_order_at": last.isoformat() if last else None,
    }
