"""RFC 9457 problem details: the one shape of every API error."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from assay.errors import AssayError

CONTENT_TYPE = "application/problem+json"


def problem(
    api: NinjaAPI, request: HttpRequest, status: int, title: str, detail: str, slug: str, **extra: Any
) -> HttpResponse:
    body = {"type": f"https://assay.dev/problems/{slug}", "title": title, "status": status, "detail": detail, **extra}
    response = api.create_response(request, body, status=status)
    response["Content-Type"] = CONTENT_TYPE
    return response


def _field_name(loc: list[Any]) -> str:
    # ninja prefixes a location with where it came from ("body", "query", "path") and the schema's name.
    # Only the first part names the location, so a query parameter called "path" keeps its name.
    where = loc[1:] if loc and loc[0] in ("body", "query", "path", "header") else loc
    parts = [str(p) for p in where if p not in ("payload", "data")]
    return ".".join(parts) or "body"


def install(api: NinjaAPI) -> None:
    @api.exception_handler(AssayError)
    def domain_error(request: HttpRequest, exc: AssayError) -> HttpResponse:
        extra = {"errors": exc.fields} if exc.fields else {}
        return problem(api, request, exc.status, exc.title, exc.detail, exc.slug, **extra)

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors: dict[str, list[str]] = {}
        for error in exc.errors:
            errors.setdefault(_field_name(list(error.get("loc", []))), []).append(str(error.get("msg", "invalid")))
        fields = ", ".join(errors)
        return problem(
            api, request, 422, "Invalid input", f"Check these fields: {fields}.", "invalid-input", errors=errors
        )

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        detail = "Send a valid API key as 'Authorization: Bearer assay_…'; this one is missing, unknown or revoked."
        response = problem(api, request, 401, "Not authenticated", detail, "not-authenticated")
        response["WWW-Authenticate"] = 'Bearer realm="assay"'
        return response

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return problem(
            api, request, 404, "Not found", "Nothing is here, or it belongs to another organization.", "not-found"
        )

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        # ninja turns a body it cannot parse into a bare 400; JsonBodyParser noted where the JSON broke.
        unparsable = getattr(request, "body_parse_error", None)
        if unparsable:
            return problem(
                api, request, 422, "Invalid input", unparsable, "invalid-input", errors={"body": [unparsable]}
            )
        return problem(api, request, exc.status_code, "Request failed", str(exc), "http-error")


class ApiFallbackMiddleware:
    """Answers under /api/ that never reached an operation (unknown path, wrong method) as problem+json too."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith("/api/") or response.status_code not in (404, 405):
            return response
        if response.get("Content-Type", "").startswith(CONTENT_TYPE):
            return response
        from assay.integrations.api import api

        if response.status_code == 404:
            detail = f"There is no API operation at {request.path}. See /api/v1/docs for the operations there are."
            return problem(api, request, 404, "Not found", detail, "not-found")
        allowed = response.get("Allow", "")
        detail = f"{request.method} is not allowed on {request.path}." + (f" Allowed: {allowed}." if allowed else "")
        fallback = problem(api, request, 405, "Method not allowed", detail, "method-not-allowed")
        if allowed:
            fallback["Allow"] = allowed
        return fallback
