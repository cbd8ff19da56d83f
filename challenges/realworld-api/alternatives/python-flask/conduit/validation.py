"""Reading the RealWorld envelopes: {"user": {...}}, {"article": {...}}, {"comment": {...}}."""

import re
from typing import Any

from flask import request

from conduit.errors import invalid

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MISSING = object()


def envelope(key: str) -> dict[str, Any]:
    payload = request.get_json(silent=True)
    fields = payload.get(key) if isinstance(payload, dict) else None
    if not isinstance(fields, dict):
        raise invalid("body", f'expected a JSON object {{"{key}": {{...}}}}')
    return fields


def text(fields: dict[str, Any], name: str, *, required: bool, max_length: int = 10_000) -> Any:
    """A non-blank string field; MISSING when optional and not sent."""
    value = fields.get(name, MISSING)
    if value is MISSING:
        if required:
            raise invalid(name, "can't be blank")
        return MISSING
    if not isinstance(value, str) or not value.strip():
        raise invalid(name, "can't be blank")
    if len(value) > max_length:
        raise invalid(name, f"is longer than {max_length} characters")
    return value


def email(fields: dict[str, Any], *, required: bool) -> Any:
    value = text(fields, "email", required=required, max_length=254)
    if value is not MISSING and not EMAIL.match(value):
        raise invalid("email", "is invalid")
    return value


def password(fields: dict[str, Any], *, required: bool) -> Any:
    value = fields.get("password", MISSING)
    if value is MISSING and not required:
        return MISSING
    if not isinstance(value, str) or len(value) < 8:
        raise invalid("password", "is too short (minimum is 8 characters)")
    if len(value) > 72:  # bcrypt reads 72 bytes at most
        raise invalid("password", "is too long (maximum is 72 characters)")
    return value


def nullable_text(fields: dict[str, Any], name: str) -> Any:
    value = fields.get(name, MISSING)
    if value is not MISSING and value is not None and not isinstance(value, str):
        raise invalid(name, "must be a string or null")
    return value


def tags(fields: dict[str, Any]) -> list[str]:
    value = fields.get("tagList")
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(tag, str) for tag in value):
        raise invalid("tagList", "must be a list of strings")
    return sorted({tag.strip() for tag in value if tag.strip()})


def paging() -> tuple[int, int]:
    return _whole_number("limit", 20, low=1, high=100), _whole_number("offset", 0, low=0, high=1_000_000_000)


def _whole_number(name: str, default: int, *, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 10:
        raise invalid(name, "must be a whole number")
    number = int(raw)
    if not low <= number <= high:
        raise invalid(name, f"must be between {low} and {high}")
    return number
