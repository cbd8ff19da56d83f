"""Webhook verification and handling. Instead of trusting the order of events, a status event makes us
ask the provider for the payment as it is now; refunds are counted by refund id."""

import hashlib
import hmac
import os
import time

from app import gateway, store

MAX_AGE = 300


def authentic(header: str, raw: bytes) -> bool:
    fields = {}
    for item in header.split(","):
        name, _, value = item.partition("=")
        fields[name.strip()] = value.strip()
    try:
        sent_at = int(fields.get("t", ""))
    except ValueError:
        return False
    if abs(time.time() - sent_at) > MAX_AGE:
        return False
    key = os.environ.get("ASSAY_SERVICE_PAYMENTS_SECRET", "").encode()
    mac = hmac.new(key, str(sent_at).encode() + b"." + raw, hashlib.sha256).hexdigest()
    return bool(key) and hmac.compare_digest(mac, fields.get("v1", ""))


def handle(pool, event: dict) -> None:
    data = event.get("data", {})
    if event.get("type") == "refund.succeeded":
        with pool.connection() as conn:
            store.add_refund(conn, data["payment_id"], data["refund"]["id"], data["refund"]["amount"])
    elif event.get("type", "").startswith("payment."):
        current = gateway.payment(data["payment_id"])
        with pool.connection() as conn:
            store.set_status(conn, current["id"], current["status"])
