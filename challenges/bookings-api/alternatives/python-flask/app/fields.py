"""Reading request bodies and query parameters into typed values, collecting every field's error."""

from datetime import UTC, datetime
from typing import Any

from flask import request

from app.problems import BadRequest, Invalid

MAX_ID = 2**63 - 1


def json_object() -> dict[str, Any]:
    """The request body as a JSON object: 400 when it is not JSON, 422 when it is not an object."""
    body = request.get_json(force=True, silent=True)
    if body is None:
        raise BadRequest("The request body is not valid JSON")
    if not isinstance(body, dict):
        raise Invalid({"body": "must be a JSON object"})
    return body


class Fields:
    """Collects the errors of one request; raise_if_any() turns them into one 422."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def fail(self, field: str, message: str) -> None:
        self.errors.setdefault(field, message)

    def raise_if_any(self) -> None:
        if self.errors:
            raise Invalid(self.errors)

    def integer(self, field: str, value: Any, low: int, high: int = MAX_ID) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(field, "must be an integer")
            return None
        if not low <= value <= high:
            self.fail(field, f"must be between {low} and {high}")
            return None
        return value

    def text(self, field: str, value: Any, longest: int) -> str | None:
        if not isinstance(value, str) or not 1 <= len(value) <= longest:
            self.fail(field, f"must be a string of 1 to {longest} characters")
            return None
        return value

    def moment(self, field: str, value: Any) -> datetime | None:
        """An RFC 3339 time with an offset, as UTC."""
        parsed = None
        if isinstance(value, str) and "T" in value.upper():
            try:
                parsed = datetime.fromisoformat(value)
            except ValueError:
                parsed = None
        if parsed is None or parsed.tzinfo is None:
            self.fail(field, "must be an RFC 3339 time with an offset, e.g. 2030-05-01T09:00:00Z")
            return None
        return parsed.astimezone(UTC)

    def query_integer(self, name: str, low: int, high: int = MAX_ID) -> int | None:
        raw = request.args.get(name)
        if raw is None:
            return None
        if not raw.isdigit():
            self.fail(name, "must be an integer")
            return None
        return self.integer(name, int(raw), low, high)

    def query_choice(self, name: str, choices: tuple[str, ...], default: str | None) -> str | None:
        raw = request.args.get(name, default)
        if raw is not None and raw not in choices:
            self.fail(name, f"must be one of {', '.join(choices)}")
            return None
        return raw

    def query_moment(self, name: str) -> datetime | None:
        raw = request.args.get(name)
        return None if raw is None else self.moment(name, raw)


def iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
