"""The API's errors: one exception type, rendered once as {"errors": {field: [messages]}}."""

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException


class ApiError(Exception):
    def __init__(self, status: int, field: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.errors = {field: [message]}


def invalid(field: str, message: str) -> ApiError:
    return ApiError(422, field, message)


def unauthorized(message: str = "a valid token is required") -> ApiError:
    return ApiError(401, "token", message)


def forbidden(message: str) -> ApiError:
    return ApiError(403, "body", message)


def not_found(what: str) -> ApiError:
    return ApiError(404, what, "not found")


def _render(status: int, errors: dict[str, list[str]]) -> JSONResponse:
    return JSONResponse({"errors": errors}, status_code=status)


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        return _render(exc.status, exc.errors)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors: dict[str, list[str]] = {}
        for error in exc.errors():
            field = str(error["loc"][-1]) if error.get("loc") else "body"
            errors.setdefault(field, []).append(error.get("msg", "is invalid"))
        return _render(422, errors)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return _render(exc.status_code, {"body": [str(exc.detail)]})
