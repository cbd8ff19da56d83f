"""HTTP helpers shared by the resources: ETags, If-Match, opaque cursors, body size limit."""

import base64
import binascii
import json
from datetime import UTC, datetime
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

from app.problems import InvalidInput, PreconditionFailed, problem_response

MAX_BODY_BYTES = 64 * 1024


def etag(row: dict[str, Any]) -> str:
    return f'"{row["version"]}"'


def check_if_match(if_match: str | None, row: dict[str, Any]) -> None:
    """No header: last write wins (documented). A header that does not match: 412."""
    if if_match is None:
        return
    candidates = {tag.strip() for tag in if_match.split(",")}
    if "*" not in candidates and etag(row) not in candidates:
        raise PreconditionFailed(f"If-Match {if_match} does not match the current ETag {etag(row)}")


def iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def encode_cursor(sort: str, key: Any, row_id: int) -> str:
    raw = json.dumps([sort, key.isoformat() if isinstance(key, datetime) else key, row_id])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, sort: str) -> tuple[Any, int]:
    """Return (sort key, id) of the last row of the previous page."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        cursor_sort, key, row_id = json.loads(base64.urlsafe_b64decode(padded))
    except (ValueError, TypeError, binascii.Error):
        raise InvalidInput("cursor", "is not a cursor this service issued") from None
    if cursor_sort != sort or not isinstance(row_id, int):
        raise InvalidInput("cursor", "belongs to a different sort order; start again without cursor")
    return key, row_id


class BodySizeLimit:
    """Reject bodies over MAX_BODY_BYTES with 413 before anything parses them."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            length = dict(scope["headers"]).get(b"content-length", b"0")
            if not length.isdigit() or int(length) > MAX_BODY_BYTES:
                response = problem_response(
                    413,
                    "/problems/payload-too-large",
                    "Payload too large",
                    f"Request bodies are limited to {MAX_BODY_BYTES} bytes",
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
