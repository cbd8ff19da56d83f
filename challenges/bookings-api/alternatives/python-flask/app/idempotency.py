"""Idempotency-Key for POST /bookings: a retry gets the first successful answer again."""

import hashlib
import json
from typing import Any

import psycopg
from flask import Response
from psycopg.types.json import Jsonb

from app.problems import Invalid
from app.web import send


def _fingerprint(body: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def replay(conn: psycopg.Connection, key: str | None, body: dict[str, Any]) -> Response | None:
    """The remembered answer for this key, or None to go on. Holds the key's lock until the transaction ends,
    so a retry sent while the first request still runs waits for it instead of booking twice."""
    if not key:
        return None
    if len(key) > 255:
        raise Invalid({"Idempotency-Key": "must be at most 255 characters"})
    conn.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", (key,))
    seen = conn.execute("SELECT * FROM idempotent_requests WHERE key = %s", (key,)).fetchone()
    if seen is None:
        return None
    if seen["fingerprint"] != _fingerprint(body):
        raise Invalid({"Idempotency-Key": "was already used with a different request body"})
    return send(seen["body"], seen["status"], seen["location"])


def remember(conn: psycopg.Connection, key: str | None, body: dict[str, Any], response: Response) -> None:
    if not key:
        return
    conn.execute(
        "INSERT INTO idempotent_requests (key, fingerprint, status, body, location) "
        "VALUES (%s, %s, %s, %s, %s)",
        (
            key,
            _fingerprint(body),
            response.status_code,
            Jsonb(response.get_json()),
            response.headers["Location"],
        ),
    )
