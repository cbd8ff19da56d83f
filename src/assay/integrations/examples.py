"""An example for every request body and successful answer of the document, built from its JSON schema.

A field's own ``examples`` win; otherwise a plausible value of its type and format that meets its bounds, so
an integrator reading /api/v1/docs always sees a filled-in request and answer.
"""

from __future__ import annotations

from typing import Any

BY_FORMAT = {
    "date-time": "2026-11-27T09:30:00Z",
    "date": "2026-11-27",
    "uuid": "5b1d4c1e-7f1a-4a51-9a8e-2f5d6c3b9e10",
    "email": "cara@example.com",
    "uri": "https://assay.example.com/problems/not-found",
    "binary": None,
}
BY_NAME = {"name": "Cara Candidate", "title": "Backend engineer", "url": "https://ats.example.com/hooks/assay"}


def _resolve(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref", "")
    return dict(components.get(ref.rsplit("/", 1)[-1], {})) if ref else schema


def value(schema: dict[str, Any], components: dict[str, Any], name: str = "", depth: int = 0) -> Any:
    """A value that ``schema`` accepts."""
    schema = _resolve(schema, components)
    if schema.get("examples"):
        return schema["examples"][0]
    if "default" in schema and schema["default"] is not None:
        return schema["default"]
    if "enum" in schema:
        return schema["enum"][0]
    choices = schema.get("anyOf") or schema.get("oneOf") or schema.get("allOf")
    if choices:
        useful = [c for c in choices if c.get("type") != "null"] or choices
        return value(useful[0], components, name, depth)
    return _by_type(schema, components, name, depth)


def _by_type(schema: dict[str, Any], components: dict[str, Any], name: str, depth: int) -> Any:
    kind = schema.get("type", "object")
    if kind == "object":
        properties = schema.get("properties", {}) if depth < 10 else {}
        return {key: value(prop, components, key, depth + 1) for key, prop in properties.items()}
    if kind == "array":
        return [value(schema.get("items", {}), components, name, depth + 1)] if depth < 10 else []
    if kind == "integer":
        return max(1, int(schema.get("minimum", 1)))
    if kind == "number":
        return max(1.0, float(schema.get("minimum", 1)))
    if kind == "boolean":
        return False
    text = BY_FORMAT.get(schema.get("format", ""), BY_NAME.get(name, "example"))
    return text if text is None else text.ljust(int(schema.get("minLength", 0)), "x")[: schema.get("maxLength", 10**6)]


def add(operation: dict[str, Any], components: dict[str, Any]) -> None:
    """Give the operation's JSON request body and successful JSON answers an ``example`` when they lack one."""
    bodies = [operation.get("requestBody", {})]
    bodies += [answer for status, answer in operation.get("responses", {}).items() if str(status).startswith("2")]
    for body in bodies:
        media = body.get("content", {}).get("application/json")
        if media and "schema" in media and "example" not in media:
            media["example"] = value(media["schema"], components)
