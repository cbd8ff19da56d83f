"""Flask front of the order history: parse, call app.history, answer JSON or problem details."""

from flask import Flask, Response, jsonify, request

from app import history
from app.db import open_pool


def _problem(status: int, title: str, detail: str) -> Response:
    resp = jsonify({"type": "about:blank", "title": title, "status": status, "detail": detail})
    resp.status_code = status
    resp.content_type = "application/problem+json"
    return resp


def _limit() -> int | None:
    raw = request.args.get("limit", "20")
    return int(raw) if raw.isdigit() and 1 <= int(raw) <= 100 else None


def create_app() -> Flask:
    app = Flask(__name__)
    pool = open_pool()

    @app.get("/health")
    def health():
        return {"status": "ok"}

    @app.get("/customers/<int:customer_id>/orders")
    def orders(customer_id: int):
        limit = _limit()
        if limit is None:
            return _problem(422, "Unprocessable Content", "limit must be an integer from 1 to 100")
        with pool.connection() as conn:
            return history.orders_page(conn, customer_id, limit, request.args.get("cursor"))

    @app.get("/customers/<int:customer_id>/summary")
    def summary(customer_id: int):
        with pool.connection() as conn:
            return history.summary(conn, customer_id)

    @app.errorhandler(history.NotFound)
    def not_found(exc):
        return _problem(404, "Not Found", f"customer {exc} does not exist")

    @app.errorhandler(history.BadCursor)
    def bad_cursor(exc):
        return _problem(400, "Bad Request", "cursor is not one this service returned")

    @app.errorhandler(404)
    def no_route(exc):
        return _problem(404, "Not Found", "no such resource")

    return app
