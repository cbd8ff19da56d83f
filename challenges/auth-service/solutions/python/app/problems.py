"""Errors as RFC 9457 problem details, rendered in one place.

Shape: {"type", "title", "status", "detail", "errors": [{"field", "message"}]}
with Content-Type application/problem+json.
"""

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("auth")


class Problem(Exception):
    status = 500
    type = "about:blank"
    title = "Internal Server Error"

    def __init__(self, detail: str, errors: list[dict[str, str]] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors or []


class NotFound(Problem):
    status, type, title = 404, "/problems/not-found", "Resource not found"


class Conflict(Problem):
    status, type, title = 409, "/problems/conflict", "Conflict with the current state"


class InvalidInput(Problem):
    status, type, title = 422, "/problems/validation", "Request validation failed"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}", [{"field": field, "message": message}])


class BadToken(Problem):
    status, type, title = 400, "/problems/bad-token", "Invalid or expired token"


class Unauthorized(Problem):
    status, type, title = 401, "/problems/unauthorized", "Not authenticated"


class Forbidden(Problem):
    status, type, title = 403, "/problems/forbidden", "Not allowed"


class Throttled(Problem):
    status, type, title = 429, "/problems/too-many-attempts", "Too many failed logins"


def problem_response(
    status: int, type_: str, title: str, detail: str, errors: list[dict[str, str]] | None = None
) -> JSONResponse:
    body: dict = {"type": type_, "title": title, "status": status, "detail": detail}
    if errors is not None:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, media_type="application/problem+json")


def _field(loc: tuple) -> str:
    # ("body", "amount") -> "amount"; ("query", "limit") -> "limit"
    parts = [str(p) for p in loc[1:]] if len(loc) > 1 else [str(p) for p in loc]
    return ".".join(parts)


def install(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    def on_problem(_: Request, exc: Problem) -> JSONResponse:
        errors = exc.errors if exc.status == 422 else None
        return problem_response(exc.status, exc.type, exc.title, exc.detail, errors)

    @app.exception_handler(RequestValidationError)
    def on_validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        raw = exc.errors()
        if any(e.get("type") == "json_invalid" for e in raw):
            return problem_response(400, "/problems/malformed-json", "Malformed JSON", "The body is not valid JSON")
        errors = [{"field": _field(tuple(e["loc"])), "message": e["msg"]} for e in raw]
        return problem_response(422, InvalidInput.type, InvalidInput.title, "The request has invalid fields", errors)

    @app.exception_handler(StarletteHTTPException)
    def on_http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return problem_response(exc.status_code, "about:blank", str(exc.detail), str(exc.detail))

    @app.exception_handler(Exception)
    def on_crash(_: Request, exc: Exception) -> JSONResponse:
        # Log the details for us; never show a stack trace or SQL to the client.
        log.exception("unhandled error")
        return problem_response(500, "about:blank", "Internal Server Error", "Something went wrong on our side")
