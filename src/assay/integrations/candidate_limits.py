"""Rate limits on what candidates reach without an account: their page, upload, the apply link and git.

Each request counts twice, once for the client's address and once for the candidate (the link's token or the
repository), in the store the API's limits use (Redis, else the database), so one busy candidate cannot starve
others behind the same office NAT, and many addresses cannot hammer one link. Over a limit: 429 with
Retry-After, a page for a browser and a plain message for git, which shows it to the candidate.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from assay.integrations import limits

# The candidate's own link, the public apply link, and a repository over git's smart HTTP.
CANDIDATE_PATHS = re.compile(r"^/(?:c|apply)/(?P<token>[^/]+)/|^/git/(?P<repository>[0-9a-f-]{36})\.git/")


def client_address(request: HttpRequest) -> str:
    """The client's address: behind the TLS proxy, the address the proxy saw (the last X-Forwarded-For entry)."""
    forwarded = request.headers.get("X-Forwarded-For", "")
    if settings.SECURE_PROXY_SSL_HEADER and forwarded:
        return forwarded.split(",")[-1].strip()
    return str(request.META.get("REMOTE_ADDR", ""))


def _bucket(kind: str, value: str) -> str:
    return f"{kind}:" + hashlib.sha256(value.encode()).hexdigest()[:32]


def _too_many(request: HttpRequest, retry_after: int) -> HttpResponse:
    message = f"Too many requests from here; wait {retry_after} seconds and try again. Your work is safe."
    if request.path.startswith("/git/"):
        response = HttpResponse(message + "\n", status=429, content_type="text/plain; charset=utf-8")
    else:
        context = {"title": "Too many requests", "detail": message, "status": 429}
        response = render(request, "web/error.html", context, status=429)
    response["Retry-After"] = str(retry_after)
    return response


class CandidateLimitsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        match = CANDIDATE_PATHS.match(request.path)
        if match is None:
            return self.get_response(request)
        window = settings.ASSAY_CANDIDATE_RATE_WINDOW_SECONDS
        by_address = limits.hit(_bucket("ip", client_address(request)), settings.ASSAY_CANDIDATE_RATE_LIMIT, window)
        candidate = match.group("token") or match.group("repository")
        by_candidate = limits.hit(_bucket("cand", candidate), settings.ASSAY_CANDIDATE_RATE_LIMIT, window)
        refused = [retry for allowed, _, retry in (by_address, by_candidate) if not allowed]
        if refused:
            return _too_many(request, max(refused))
        return self.get_response(request)
