"""Orders paid through the payments provider, its webhooks, and reconciliation."""

import json
from contextlib import asynccontextmanager

from fastapi import FastAPI, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from app import orders, provider, signatures
from app.db import create_pool, create_schema

state: dict = {}


@asynccontextmanager
async def lifespan(app: FastAPI):
    pool = create_pool()
    create_schema(pool)
    state["pool"] = pool
    yield
    pool.close()


app = FastAPI(title="Orders", lifespan=lifespan)


class NewOrder(BaseModel):
    amount: int = Field(gt=0, description="in cents")
    currency: str = Field(pattern="^[A-Z]{3}$")


@app.get("/health")
def health():
    return {"status": "ok"}


@app.post("/orders", status_code=201)
def create_order(body: NewOrder):
    with state["pool"].connection() as conn:
        order = orders.create(conn, body.amount, body.currency)
    # Outside any transaction: a slow provider must not hold a database connection.
    try:
        payment = provider.create_payment(body.amount, body.currency, str(order["id"]), order["key"])
    except provider.ProviderUnavailable:
        return JSONResponse({"detail": "the payments provider is unavailable; try again later"}, status_code=502)
    with state["pool"].connection() as conn:
        return orders.attach_payment(conn, order["id"], payment["id"])


@app.get("/orders/{order_id}")
def read_order(order_id: int):
    with state["pool"].connection() as conn:
        order = orders.get(conn, order_id)
    if order is None:
        raise HTTPException(404, "no such order")
    return order


@app.post("/webhooks/payments")
async def payment_webhook(request: Request):
    body = await request.body()
    try:
        signatures.verify(request.headers.get("Payments-Signature"), body)
        event = json.loads(body)
    except (signatures.BadSignature, ValueError) as error:
        return JSONResponse({"detail": f"webhook refused: {error}"}, status_code=400)
    outcome = await run_in_threadpool(apply_once, event)
    return {"received": event.get("id"), "outcome": outcome}


def apply_once(event: dict) -> str:
    with state["pool"].connection() as conn, conn.transaction():
        return orders.apply_event(conn, event)


@app.post("/reconcile")
def reconcile():
    try:
        payments = provider.reconciliation_report()
    except provider.ProviderUnavailable:
        return JSONResponse({"detail": "the payments provider is unavailable; try again later"}, status_code=502)
    with state["pool"].connection() as conn, conn.transaction():
        corrected = orders.reconcile(conn, payments)
    return {"checked": len(payments), "corrected": corrected}
