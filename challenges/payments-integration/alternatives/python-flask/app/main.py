"""Flask app factory (waitress calls create_app)."""

import re
import uuid

from flask import Flask, jsonify, request

from app import gateway, store, webhook

CURRENCY = re.compile(r"^[A-Z]{3}$")


def _problem(status: int, title: str):
    return jsonify({"title": title, "status": status}), status


def _order_input(body) -> tuple[int, str] | None:
    if not isinstance(body, dict):
        return None
    amount, currency = body.get("amount"), body.get("currency")
    if type(amount) is not int or amount <= 0 or not isinstance(currency, str) or not CURRENCY.match(currency):
        return None
    return amount, currency


def create_app() -> Flask:
    app = Flask(__name__)
    pool = store.open_pool()

    @app.get("/health")
    def health():
        return {"ok": True}

    @app.post("/orders")
    def new_order():
        parsed = _order_input(request.get_json(silent=True))
        if parsed is None:
            return _problem(400, "amount must be a positive integer and currency three capitals")
        order_id = uuid.uuid4()
        with pool.connection() as conn:
            store.insert_order(conn, order_id, *parsed)
        try:
            paid = gateway.charge(str(order_id), *parsed)
        except gateway.GatewayDown:
            return _problem(503, "payments are unavailable right now")
        with pool.connection() as conn:
            return store.set_payment(conn, order_id, paid["id"]), 201

    @app.get("/orders/<order_id>")
    def show_order(order_id: str):
        try:
            key = uuid.UUID(order_id)
        except ValueError:
            return _problem(404, "order not found")
        with pool.connection() as conn:
            found = store.find(conn, key)
        return found if found else _problem(404, "order not found")

    @app.post("/webhooks/payments")
    def payments_webhook():
        raw = request.get_data()
        if not webhook.authentic(request.headers.get("Payments-Signature", ""), raw):
            return _problem(401, "invalid signature")
        event = request.get_json(force=True, silent=True) or {}
        try:
            webhook.handle(pool, event)
        except gateway.GatewayDown:
            return _problem(503, "could not confirm the payment; redeliver later")
        return {"ok": True}

    @app.post("/reconcile")
    def reconcile():
        try:
            payments = gateway.report()
        except gateway.GatewayDown:
            return _problem(503, "payments are unavailable right now")
        with pool.connection() as conn, conn.transaction():
            changed = sum(store.match_report(conn, p) for p in payments)
        return {"payments": len(payments), "changed": changed}

    return app
