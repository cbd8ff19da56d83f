"""The API's errors: one exception carrying the status and the RealWorld envelope, rendered in one place."""

import logging
import traceback

from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException

log = logging.getLogger("conduit")


class ApiError(Exception):
    def __init__(self, status: int, field: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.errors = {field: [message]}


def invalid(field: str, message: str) -> ApiError:
    return ApiError(422, field, message)


def unauthorized() -> ApiError:
    return ApiError(401, "token", "is missing or invalid")


def forbidden(what: str) -> ApiError:
    return ApiError(403, what, "belongs to someone else")


def not_found(what: str) -> ApiError:
    return ApiError(404, what, "not found")


def install(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def api_error(error: ApiError):
        return jsonify(errors=error.errors), error.status

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return jsonify(errors={"request": [error.name.lower()]}), error.code

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        log.exception("unhandled error")
        return jsonify(errors={"server": [str(error)], "trace": traceback.format_exc().splitlines()}), 500
