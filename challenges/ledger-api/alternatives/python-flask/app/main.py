"""Flask front of the ledger: parse, call app.ledger, answer JSON or problem details."""

from flask import Flask, Response, g, jsonify, request
from werkzeug.exceptions import BadRequest, HTTPException

from app import ledger
from app.db import open_pool

MAX_CENTS = 1_000_000_000


def _problem(status: int, kind: str, title: str, detail: str, errors: list | None = None) -> Response:
    body = {"type": kind, "title": title, "status": status, "detail": detail}
    if errors is not None:
        body["errors"] = errors
    resp = jsonify(body)
    resp.status_code = status
    resp.content_type = "application/problem+json"
    return resp


def _json_body() -> dict:
    data = request.get_json(silent=False)
    if not isinstance(data, dict):
        raise ledger.Invalid("the body must be a JSON object", [{"field": "body", "message": "must be an object"}])
    return data


def _int_field(data: dict, field: str, low: int, errors: list, default: int | None = None) -> int:
    value = data.get(field, default)
    if type(value) is not int or not low <= value <= MAX_CENTS:
        errors.append({"field": field, "message": f"must be an integer from {low} to {MAX_CENTS}"})
        return 0
    return value


def _created(view: dict, location: str) -> Response:
    resp = jsonify(view)
    resp.status_code = 201
    resp.headers["Location"] = location
    return resp


def register(app: Flask) -> None:
    @app.post("/accounts")
    def open_account():
        data, errors = _json_body(), []
        owner = data.get("owner")
        if not isinstance(owner, str) or not 1 <= len(owner) <= 100:
            errors.append({"field": "owner", "message": "must be 1 to 100 characters"})
        balance = _int_field(data, "initial_balance", 0, errors, default=0)
        if errors:
            raise ledger.Invalid("invalid account", errors)
        view = ledger.open_account(g.pool, owner, balance)
        return _created(view, f"/accounts/{view['id']}")

    @app.get("/accounts/<int:account_id>")
    def read_account(account_id: int):
        return ledger.get_account(g.pool, account_id)

    @app.get("/accounts/<int:account_id>/transfers")
    def list_transfers(account_id: int):
        limit = request.args.get("limit", "50")
        if not limit.isdigit() or not 1 <= int(limit) <= 100:
            raise ledger.Invalid("invalid limit", [{"field": "limit", "message": "must be 1 to 100"}])
        return {"items": ledger.account_transfers(g.pool, account_id, int(limit))}

    @app.post("/transfers")
    def make_transfer():
        data, errors = _json_body(), []
        source = _int_field(data, "from_account_id", 1, errors)
        destination = _int_field(data, "to_account_id", 1, errors)
        amount = _int_field(data, "amount", 1, errors)
        if not errors and source == destination:
            errors.append({"field": "to_account_id", "message": "must be another account"})
        key = request.headers.get("Idempotency-Key")
        if key is not None and not 1 <= len(key) <= 200:
            errors.append({"field": "Idempotency-Key", "message": "must be 1 to 200 characters"})
        if errors:
            raise ledger.Invalid("invalid transfer", errors)
        view = ledger.transfer(g.pool, ledger.TransferRequest(source, destination, amount), key)
        return _created(view, f"/transfers/{view['id']}")

    @app.get("/transfers/<int:transfer_id>")
    def read_transfer(transfer_id: int):
        return ledger.get_transfer(g.pool, transfer_id)

    @app.get("/health")
    def health():
        with g.pool.connection() as conn:
            conn.execute("SELECT 1")
        return {"status": "ok"}


def create_app() -> Flask:
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = 64 * 1024
    pool = open_pool()

    @app.before_request
    def attach_pool() -> None:
        g.pool = pool

    @app.errorhandler(ledger.LedgerError)
    def on_ledger_error(err: ledger.LedgerError):
        return _problem(err.status, err.kind, err.title, err.detail, err.errors if err.status == 422 else None)

    @app.errorhandler(BadRequest)
    def on_bad_json(err: BadRequest):
        return _problem(400, "/problems/malformed-json", "Malformed JSON", "the body is not valid JSON")

    @app.errorhandler(HTTPException)
    def on_http(err: HTTPException):
        return _problem(err.code or 500, "about:blank", err.name, err.description or err.name)

    @app.errorhandler(Exception)
    def on_crash(err: Exception):
        app.logger.error("unhandled %s", type(err).__name__)
        return _problem(500, "about:blank", "Internal Server Error", "something went wrong on our side")

    register(app)
    return app
