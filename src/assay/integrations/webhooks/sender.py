"""One HTTP request (a webhook's POST, a Greenhouse report's PATCH) to the address the guard checked.

It never follows a redirect.

http.client neither follows redirects nor resolves the name again when it is given the address; TLS still
verifies the certificate against the host name. A receiver that hangs costs at most the timeout per read,
and only the first few kilobytes of its answer are read.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

from assay.integrations.webhooks import addresses

EXCERPT_BYTES = 2048


@dataclass
class Answer:
    status_code: int | None
    excerpt: str = ""
    error: str = ""

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


class _PinnedHTTPS(http.client.HTTPSConnection):
    """HTTPS to a fixed address, with SNI and certificate checks for the URL's host name."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        raw = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(raw, server_hostname=self.host)  # type: ignore[attr-defined]


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


def post(url: str, body: bytes, headers: dict[str, str]) -> Answer:
    """POST ``body`` to ``url``; every failure (refused address, timeout, reset) is an Answer, never raised."""
    return send("POST", url, body, headers)


def send(method: str, url: str, body: bytes, headers: dict[str, str]) -> Answer:
    """Send ``body`` to ``url`` with ``method``; every failure is an Answer, never raised."""
    try:
        host, port, scheme, address = addresses.resolve(url)
    except addresses.Refused as refused:
        return Answer(None, error=refused.detail[:300])
    timeout = float(settings.ASSAY_WEBHOOK_TIMEOUT_SECONDS)
    kind = _PinnedHTTPS if scheme == "https" else _PinnedHTTP
    connection = kind(host, port, address, timeout)
    parts = urlsplit(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    started = time.monotonic()
    # The socket timeout bounds each read; the watchdog bounds the whole exchange, so a receiver that
    # trickles a byte at a time cannot hold the worker either.
    watchdog = threading.Timer(timeout, _cut, args=(connection,))
    watchdog.start()
    try:
        connection.request(method, target, body=body, headers=headers)
        response = connection.getresponse()
        excerpt = response.read(EXCERPT_BYTES).decode("utf-8", "replace")
        return Answer(response.status, excerpt=excerpt)
    except (OSError, http.client.HTTPException) as error:
        waited = time.monotonic() - started
        timed_out = isinstance(error, TimeoutError) or waited >= timeout
        reason = "timed out" if timed_out else str(error) or type(error).__name__
        return Answer(None, error=f"No answer: {reason}"[:300])
    finally:
        watchdog.cancel()
        connection.close()


def _cut(connection: http.client.HTTPConnection) -> None:
    if connection.sock is not None:
        with contextlib.suppress(OSError):
            connection.sock.shutdown(socket.SHUT_RDWR)
