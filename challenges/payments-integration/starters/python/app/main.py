"""Orders paid through the payments provider. See the brief for what each route must do."""

from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.responses import JSONResponse

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


def not_implemented() -> JSONResponse:
    return JSONResponse({"detail": "not implemented yet"}, status_code=501)


@app.get("/health")
def health():
    return {"status": "ok"}


@app.post("/orders")
def create_order():
    # TODO: store the order, create its payment at ASSAY_SERVICE_PAYMENTS_URL (timeouts, retries, a key).
    return not_implemented()


@app.get("/orders/{order_id}")
def read_order(order_id: int):
    return not_implemented()


@app.post("/webhooks/payments")
def payment_webhook():
    # TODO: verify Payments-Signature with ASSAY_SERVICE_PAYMENTS_SECRET, then apply the event once.
    return not_implemented()


@app.post("/reconcile")
def reconcile():
    return not_implemented()
