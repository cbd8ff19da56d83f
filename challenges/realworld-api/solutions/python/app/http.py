"""Request plumbing shared by the routers: the JSON envelope and a connection per request."""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from fastapi import Depends, Request
from psycopg import Connection

from app.errors import ApiError, invalid


async def json_body(request: Request) -> Any:
    try:
        return json.loads(await request.body())
    except ValueError as exc:
        raise ApiError(400, "body", "the request body is not valid JSON") from exc


JsonBody = Annotated[Any, Depends(json_body)]


def unwrap(body: Any, key: str) -> dict[str, Any]:
    """The object inside the spec's envelope, e.g. body["user"]."""
    inner = body.get(key) if isinstance(body, dict) else None
    if not isinstance(inner, dict):
        raise invalid("body", f'expected a JSON object {{"{key}": {{...}}}}')
    return inner


def text(fields: dict[str, Any], name: str, *, required: bool, max_length: int = 10_000) -> str | None:
    value = fields.get(name)
    if value is None:
        if required:
            raise invalid(name, "can't be blank")
        return None
    if not isinstance(value, str):
        raise invalid(name, "must be a string")
    if required and not value.strip():
        raise invalid(name, "can't be blank")
    if len(value) > max_length:
        raise invalid(name, f"is too long (at most {max_length} characters)")
    return value


@contextmanager
def transaction(request: Request) -> Iterator[Connection]:
    """One transaction: committed when the block ends (before the answer is sent), rolled back on error."""
    with request.app.state.pool.connection() as conn:
        yield conn
