"""The errors a service may raise on purpose.

Each maps once to RFC 9457 problem+json for the API (assay.integrations.problems)
and to an error page or HTMX fragment for the web (assay.web.middleware). An
expected failure is never a 500.
"""

from __future__ import annotations


class AssayError(Exception):
    status = 400
    title = "Bad request"
    slug = "bad-request"

    def __init__(self, detail: str, *, fields: dict[str, list[str]] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.fields = fields or {}


class NotAuthenticated(AssayError):
    status = 401
    title = "Not authenticated"
    slug = "not-authenticated"


class PermissionDenied(AssayError):
    status = 403
    title = "Not allowed"
    slug = "permission-denied"


class NotFound(AssayError):
    status = 404
    title = "Not found"
    slug = "not-found"


class Conflict(AssayError):
    status = 409
    title = "Conflict"
    slug = "conflict"


class InvalidInput(AssayError):
    status = 422
    title = "Invalid input"
    slug = "invalid-input"


class TooManyAttempts(AssayError):
    status = 429
    title = "Too many attempts"
    slug = "too-many-attempts"
