"""Idempotency-Key for POST /bookings.

The key row is inserted first, inside the request's transaction, so a second request with the
same key waits on the primary key until the first commits (then replays its response) or rolls
back (then runs itself). Only successful responses are remembered: a request that failed
changed nothing and may be retried with the same key.
"""

import hashlib
import json

from fastapi.responses import JSONResponse
from psycopg.types.json import Jsonb

from app.problems import IdempotencyKeyReused


def _fingerprint(payload: dict) -> str:
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def claim(conn, key: str, payload: dict) -> JSONResponse | None:
    """Return the stored response to replay, or None when this request should run."""
    fingerprint = _fingerprint(payload)
    claimed = conn.execute(
        "INSERT INTO idempotency_keys (key, request_hash) VALUES (%s, %s)"
        " ON CONFLICT (key) DO NOTHING RETURNING key",
        (key, fingerprint),
    ).fetchone()
    if claimed:
        return None
    stored = conn.execute(
        "SELECT request_hash, status_code, body, location FROM idempotency_keys WHERE key = %s", (key,)
    ).fetchone()
    if stored["request_hash"] != fingerprint:
        raise IdempotencyKeyReused(f"Idempotency-Key {key!r} was already used with a different request body")
    headers = {"Location": stored["location"], "Idempotent-Replayed": "true"}
    return JSONResponse(stored["body"], status_code=stored["status_code"], headers=headers)


def remember(conn, key: str, status: int, body: dict, location: str) -> None:
    conn.execute(
        "UPDATE idempotency_keys SET status_code = %s, body = %s, location = %s WHERE key = %s",
        (status, Jsonb(body), location, key),
    )
