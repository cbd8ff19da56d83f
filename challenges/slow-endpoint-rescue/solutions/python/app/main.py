"""The order-history service: customers, their orders and order lines, read-only.

The checkout writes orders straight into the database; this service only reads them, so every
answer is computed from the tables at the moment of the request (nothing is cached in the process).
"""

from contextlib import asynccontextmanager

from fastapi import FastAPI, Query, Request

from app import db, orders
from app.problems import Problem, render


@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.pool = db.create_pool()
    db.create_schema(app.state.pool)
    yield
    app.state.pool.close()


app = FastAPI(title="Order history", version="1.1.0", lifespan=lifespan)
app.add_exception_handler(Problem, render)


@app.get("/health")
def health() -> dict:
    """Ready to serve."""
    return {"status": "ok"}


@app.get("/customers/{customer_id}/orders")
def list_orders(request: Request, customer_id: int, limit: int = Query(20, ge=1, le=100), cursor: str | None = None):
    """A customer's orders, newest first, a page at a time."""
    with request.app.state.pool.connection() as conn:
        return orders.page_of_orders(conn, customer_id, limit, cursor)


@app.get("/customers/{customer_id}/summary")
def customer_summary(request: Request, customer_id: int):
    """What a customer has ordered: how many orders, how much paid, and when they last ordered."""
    with request.app.state.pool.connection() as conn:
        return orders.customer_summary(conn, customer_id)
