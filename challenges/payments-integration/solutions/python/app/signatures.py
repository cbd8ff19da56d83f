"""Webhook signatures: `Payments-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`."""

import hashlib
import hmac
import os
import time

TOLERANCE_SECONDS = 300  # older (or further in the future) is a replay, whatever the signature


class BadSignature(Exception):
    pass


def secret() -> bytes:
    value = os.environ.get("ASSAY_SERVICE_PAYMENTS_SECRET")
    if not value:
        raise BadSignature("no webhook secret is configured")
    return value.encode()


def verify(header: str | None, body: bytes, now: float | None = None) -> None:
    """Raise BadSignature unless `body` was signed with our secret within the tolerance."""
    parts = dict(p.split("=", 1) for p in (header or "").split(",") if "=" in p)
    stamp, given = parts.get("t", ""), parts.get("v1", "")
    if not stamp.isdigit() or not given:
        raise BadSignature("missing or malformed Payments-Signature")
    expected = hmac.new(secret(), stamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, given):
        raise BadSignature("signature does not match")
    if abs((now or time.time()) - int(stamp)) > TOLERANCE_SECONDS:
        raise BadSignature("timestamp outside the tolerance")
