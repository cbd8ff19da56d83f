"""API errors as RFC 9457 problem details, rendered in one place (install())."""

import logging
import traceback

from flask import Flask, Response, json
from werkzeug.exceptions import HTTPException

log = logging.getLogger("bookings")


class ApiError(Exception):
    status = 500
    title = "Internal server error"
    kind = "about:blank"

    def __init__(self, detail: str, errors: list[dict[str, str]] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors


class BadRequest(ApiError):
    status, title, kind = 400, "Malformed request", "/problems/malformed"


class NotFound(ApiError):
    status, title, kind = 404, "Not found", "/problems/not-found"


class Conflict(ApiError):
    status, title, kind = 409, "Conflict", "/problems/conflict"


class PreconditionFailed(ApiError):
    status, title, kind = 412, "Precondition failed", "/problems/stale-etag"


class Invalid(ApiError):
    """One or more fields are invalid; each gets its own entry in errors[]."""

    status, title, kind = 422, "Request validation failed", "/problems/validation"

    def __init__(self, errors: dict[str, str]) -> None:
        entries = [{"field": field, "message": message} for field, message in errors.items()]
        super().__init__("; ".join(f"{e['field']}: {e['message']}" for e in entries), entries)


def problem(
    status: int, title: str, detail: str, kind: str = "about:blank", errors: list | None = None
) -> Response:
    body = {"type": kind, "title": title, "status": status, "detail": detail}
    if errors is not None:
        body["errors"] = errors
    return Response(json.dumps(body), status=status, mimetype="application/problem+json")


def install(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def api_error(error: ApiError) -> Response:
        return problem(error.status, error.title, error.detail, error.kind, error.errors)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response:
        # Routing and size errors from Werkzeug (404, 405, 413) in the same shape as ours.
        return problem(error.code or 500, error.name, error.description or error.name)

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> Response:
        log.exception("unexpected error")
        # Easier debugging: the client sees what went wrong.
        return problem(500, "Internal server error", traceback.format_exc())
