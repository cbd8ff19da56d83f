"""What every API request passes first: the per-key rate limit, then Idempotency-Key replays."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from assay.errors import AssayError
from assay.integrations import idempotency, limits

API_PREFIX = "/api/v1/"


def _caller(request: HttpRequest) -> str:
    """Who sent it, without a database lookup: a hash of the credentials (never stored in the clear)."""
    credential = request.headers.get("Authorization") or f"session:{request.COOKIES.get('sessionid', '')}"
    return hashlib.sha256(credential.encode()).hexdigest()[:40]


def _problem(request: HttpRequest, error: AssayError) -> HttpResponse:
    from assay.integrations.api import api
    from assay.integrations.problems import problem

    extra = {"errors": error.fields} if error.fields else {}
    return problem(api, request, error.status, error.title, error.detail, error.slug, **extra)


class ApiLimitsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        caller = _caller(request)
        if "Authorization" not in request.headers:  # a browser session: limited by signing in, not counted
            return self._answer(request, caller)
        allowed, left, retry_after = limits.hit(caller)
        response = self._answer(request, caller) if allowed else self._too_many(request, retry_after)
        response["RateLimit-Limit"] = str(settings.ASSAY_API_RATE_LIMIT)
        response["RateLimit-Remaining"] = str(left)
        response["RateLimit-Reset"] = str(retry_after)
        return response

    def _answer(self, request: HttpRequest, caller: str) -> HttpResponse:
        key = request.headers.get(idempotency.HEADER)
        if request.method != "POST" or key is None:
            return self.get_response(request)
        try:
            claimed = idempotency.claim(caller, key, request)
        except AssayError as error:
            return _problem(request, error)
        if isinstance(claimed, HttpResponse):
            return claimed
        response = self.get_response(request)
        idempotency.keep(claimed, response)
        return response

    def _too_many(self, request: HttpRequest, retry_after: int) -> HttpResponse:
        from assay.errors import TooManyAttempts

        error = TooManyAttempts(f"This API key made too many requests; retry in {retry_after} seconds.")
        response = _problem(request, error)
        response["Retry-After"] = str(retry_after)
        return response
