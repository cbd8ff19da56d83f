"""Cross-cutting behaviour of every page: security headers and error pages."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from assay.errors import AssayError

# No inline scripts anywhere; the API's docs page needs inline styles (Swagger UI sets style attributes).
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
)
CSP_API_DOCS = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")


def content_security_policy(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        policy = CSP_API_DOCS if request.path.startswith("/api/v1/docs") else CSP
        response.headers.setdefault("Content-Security-Policy", policy)
        return response

    return middleware


class DomainErrorMiddleware:
    """Renders an expected failure raised in a view as a page (or an HTMX fragment) with its status."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, AssayError) or request.path.startswith("/api/"):
            return None
        template = "web/error_fragment.html" if request.headers.get("HX-Request") else "web/error.html"
        context = {"title": exception.title, "detail": exception.detail, "status": exception.status}
        return render(request, template, context, status=exception.status)
