"""The signature a receiver checks: HMAC-SHA256 over ``<timestamp>.<body>`` with the endpoint's secret.

``Assay-Signature`` holds one ``v1=<hex>`` per secret that signs (two during a rotation's overlap), separated
by spaces; a receiver accepts the request when any of them matches the one it computes, and rejects a
timestamp older than a few minutes (a replay). docs/webhooks.md shows a receiver doing both.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

PREFIX = "whsec_"


def new_secret() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def sign(secret: str, timestamp: int, body: bytes) -> str:
    message = str(timestamp).encode() + b"." + body
    return "v1=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def headers(secrets_signing: list[str], event_id: str, event_type: str, timestamp: int, body: bytes) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "User-Agent": "Assay-Webhooks/1",
        "Assay-Event-Id": event_id,
        "Assay-Event-Type": event_type,
        "Assay-Timestamp": str(timestamp),
        "Assay-Signature": " ".join(sign(secret, timestamp, body) for secret in secrets_signing),
    }


def verify(secret: str, header: str, timestamp: int, body: bytes) -> bool:
    """What a receiver does (the tests do it too): does any signature in the header match?"""
    expected = sign(secret, timestamp, body)
    return any(hmac.compare_digest(expected, part) for part in header.split())
