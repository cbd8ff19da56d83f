"""What the OpenAPI document adds to ninja's: summaries, and every problem+json status an operation can answer."""

from __future__ import annotations

from typing import Any

from assay.integrations import examples
from assay.integrations.problems import CONTENT_TYPE

WRITES = {"post", "put", "patch", "delete"}
PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}

PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "description": "An RFC 9457 problem: the one shape of every error this API answers.",
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "object",
            "description": "For a 422: each field that is wrong, with what is wrong with it.",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
}

# Why each status can answer; which operations can answer it is decided in _statuses.
REASONS = {
    "401": "The API key is missing, unknown or revoked.",
    "403": "The key's role may not do this (or a browser session sent no CSRF token).",
    "404": "Nothing is here, or it belongs to another organization.",
    "409": "The request conflicts with the object's current state.",
    "422": "A parameter or the body is invalid; `errors` names each field.",
    "429": "The API key made too many requests in this window; `Retry-After` says how many seconds to wait.",
}
RETRY_AFTER = {"description": "Seconds until the key may call again.", "schema": {"type": "integer", "minimum": 1}}
IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": (
        "Any unique string (a UUID). A retry with the same key and body answers the first response again "
        "(with `Idempotent-Replayed: true`); the same key with another body is a 422. Kept for a day."
    ),
    "schema": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": "^[!-~]+$"},
}


def _statuses(method: str, path: str) -> list[str]:
    statuses = ["401", "403", "422", "429"]
    if "{" in path:
        statuses.append("404")
    if method in WRITES:
        statuses.append("409")
    return statuses


def complete(schema: dict[str, Any]) -> dict[str, Any]:
    """Give every operation its docstring's first line as summary, examples, and document its problem answers."""
    schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    for path, path_item in schema["paths"].items():
        for method, operation in path_item.items():
            lines = str(operation.get("description") or "").strip().splitlines()
            if lines:
                operation["summary"] = lines[0]
            examples.add(operation, schema["components"]["schemas"])
            if method == "post":
                operation.setdefault("parameters", []).append(IDEMPOTENCY_KEY)
            responses = operation.setdefault("responses", {})
            for status in _statuses(method, path):
                responses.setdefault(status, _problem_answer(status))
    return schema


def _problem_answer(status: str) -> dict[str, Any]:
    answer: dict[str, Any] = {"description": REASONS[status], "content": {CONTENT_TYPE: {"schema": PROBLEM_REF}}}
    if status == "429":
        answer["headers"] = {"Retry-After": RETRY_AFTER}
    return answer
