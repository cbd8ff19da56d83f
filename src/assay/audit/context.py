"""Where the current request comes from, for entries recorded by services that never see the request.

Services take an actor and objects, never the request (STYLE.md); the middleware below puts the client's
address in a context variable for the length of the request, and ``record`` reads it. Outside a request
(tasks, the CLI) there is no address.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse

_client_ip: ContextVar[str | None] = ContextVar("assay_client_ip", default=None)


def current_ip() -> str | None:
    return _client_ip.get()


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(net, strict=False) for net in settings.ASSAY_TRUSTED_PROXIES)


def client_ip(request: HttpRequest) -> str | None:
    """REMOTE_ADDR, or the X-Forwarded-For hop just before our trusted proxies when it came through one.

    The header is read from the right: each hop a trusted proxy appended is skipped, and the first address
    no trusted proxy vouches for is the client. Without ASSAY_TRUSTED_PROXIES the header is ignored, since
    anyone can send it.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    if remote is None or not _trusted(remote):
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop):
            return hop if _valid(hop) else remote
    return hops[0] if hops and _valid(hops[0]) else remote


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


class ClientAddressMiddleware:
    """Makes the client's address available to ``record`` for the length of each request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _client_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            _client_ip.reset(token)
