"""HTTP helpers shared by the resources: ETags and If-Match, keyset cursors, JSON responses."""

import base64
import binascii
import hashlib
import json
from typing import Any

from flask import Response, request

from app.fields import Fields
from app.problems import PreconditionFailed

DEFAULT_LIMIT = 20


def etag(representation: dict[str, Any]) -> str:
    """A strong ETag: a digest of exactly what the client sees (updated_at changes on every write)."""
    digest = hashlib.sha256(json.dumps(representation, sort_keys=True).encode()).hexdigest()
    return f'"{digest[:24]}"'


def require_current(representation: dict[str, Any]) -> None:
    """412 when If-Match names another version. Call it while holding the row's lock."""
    header = request.headers.get("If-Match")
    if header is None:
        return
    tags = {tag.strip() for tag in header.split(",")}
    if "*" not in tags and etag(representation) not in tags:
        raise PreconditionFailed("If-Match does not name the current version; read the resource again")


def send(representation: dict[str, Any], status: int = 200, location: str | None = None) -> Response:
    response = Response(json.dumps(representation), status=status, mimetype="application/json")
    response.headers["ETag"] = etag(representation)
    if location:
        response.headers["Location"] = location
    return response


def page(items: list[dict[str, Any]], next_cursor: str | None) -> Response:
    return Response(json.dumps({"items": items, "next_cursor": next_cursor}), mimetype="application/json")


def limit_and_cursor(fields: Fields, sort: str | None) -> tuple[int, list[Any] | None]:
    """The page size and the decoded cursor ([sort key, id] of the previous page's last row)."""
    limit = fields.query_integer("limit", 1, 100)
    raw = request.args.get("cursor")
    after = None
    if raw is not None:
        try:
            decoded = json.loads(base64.urlsafe_b64decode(raw.encode() + b"=" * (-len(raw) % 4)))
        except (ValueError, binascii.Error):
            decoded = None
        if not (
            isinstance(decoded, dict)
            and decoded.get("sort") == sort
            and isinstance(decoded.get("after"), list)
        ):
            fields.fail("cursor", "is not a cursor issued for this listing and sort order")
        else:
            after = decoded["after"]
    return limit or DEFAULT_LIMIT, after


def cursor(sort: str, key: Any, row_id: int) -> str:
    raw = json.dumps({"sort": sort, "after": [key, row_id]}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")
