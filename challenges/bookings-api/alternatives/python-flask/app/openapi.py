"""The OpenAPI 3.1 document of this service, written by hand next to the routes it describes."""

from typing import Any

_PROBLEM = {
    "description": "A problem (RFC 9457)",
    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
}


def _answer(schema: str, description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
    }


def _body(schema: str) -> dict[str, Any]:
    return {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
    }


def _query(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": schema}


_ID = [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}]
_IF_MATCH = {"name": "If-Match", "in": "header", "required": False, "schema": {"type": "string"}}
_PAGING = [
    _query("limit", {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}),
    _query("cursor", {"type": "string"}),
]
_TIME = {"type": "string", "format": "date-time"}
_ERRORS = {"404": _PROBLEM, "409": _PROBLEM, "412": _PROBLEM, "422": _PROBLEM}


def _resource(
    name: str, schema: str, create: str, patch: str, filters: list[dict[str, Any]]
) -> dict[str, Any]:
    return {
        f"/{name}": {
            "get": {
                "summary": f"List {name}",
                "parameters": [*filters, *_PAGING],
                "responses": {"200": _answer(f"{schema}Page", "One page"), "422": _PROBLEM},
            },
            "post": {
                "summary": f"Create a {schema.lower()}",
                "requestBody": _body(create),
                "responses": {
                    "201": _answer(schema, "Created"),
                    "400": _PROBLEM,
                    "409": _PROBLEM,
                    "413": _PROBLEM,
                    "422": _PROBLEM,
                },
            },
        },
        f"/{name}/{{id}}": {
            "get": {
                "summary": f"Read a {schema.lower()}",
                "parameters": _ID,
                "responses": {"200": _answer(schema, "Found"), "404": _PROBLEM},
            },
            "patch": {
                "summary": f"Edit a {schema.lower()}",
                "parameters": [*_ID, _IF_MATCH],
                "requestBody": _body(patch),
                "responses": {"200": _answer(schema, "Edited"), **_ERRORS},
            },
            "delete": {
                "summary": f"Delete or cancel a {schema.lower()}",
                "parameters": [*_ID, _IF_MATCH],
                "responses": {"204": {"description": "Done"}, **_ERRORS},
            },
        },
    }


def _object(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {"type": "object", "properties": properties, **({"required": required} if required else {})}


_ROOM = {
    "name": {"type": "string", "minLength": 1, "maxLength": 100},
    "capacity": {"type": "integer", "minimum": 1, "maximum": 1000},
}
_BOOKING = {
    "title": {"type": "string"},
    "starts_at": _TIME,
    "ends_at": _TIME,
    "attendees": {"type": "integer", "minimum": 1, "default": 1},
}
_STAMPS = {"id": {"type": "integer"}, "created_at": _TIME, "updated_at": _TIME}

DOCUMENT: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Meeting-room bookings", "version": "1.0.0"},
    "paths": {
        **_resource(
            "rooms",
            "Room",
            "RoomNew",
            "RoomEdit",
            [
                _query("q", {"type": "string"}),
                _query("min_capacity", {"type": "integer"}),
                _query("sort", {"enum": ["name", "-name", "capacity", "-capacity"]}),
            ],
        ),
        **_resource(
            "bookings",
            "Booking",
            "BookingNew",
            "BookingEdit",
            [
                _query("room_id", {"type": "integer"}),
                _query("status", {"enum": ["confirmed", "cancelled"]}),
                _query("from", _TIME),
                _query("to", _TIME),
                _query("sort", {"enum": ["starts_at", "-starts_at"]}),
            ],
        ),
        "/health": {"get": {"summary": "Ready to serve", "responses": {"200": {"description": "Ready"}}}},
    },
    "components": {
        "schemas": {
            "Room": _object({**_STAMPS, **_ROOM}),
            "RoomNew": _object(_ROOM, ["name", "capacity"]),
            "RoomEdit": _object(_ROOM),
            "RoomPage": _object(
                {
                    "items": {"type": "array", "items": {"$ref": "#/components/schemas/Room"}},
                    "next_cursor": {"type": ["string", "null"]},
                }
            ),
            "Booking": _object(
                {
                    **_STAMPS,
                    "room_id": {"type": "integer"},
                    **_BOOKING,
                    "status": {"enum": ["confirmed", "cancelled"]},
                }
            ),
            "BookingNew": _object(
                {"room_id": {"type": "integer"}, **_BOOKING}, ["room_id", "title", "starts_at", "ends_at"]
            ),
            "BookingEdit": _object(_BOOKING),
            "BookingPage": _object(
                {
                    "items": {"type": "array", "items": {"$ref": "#/components/schemas/Booking"}},
                    "next_cursor": {"type": ["string", "null"]},
                }
            ),
            "Problem": _object(
                {
                    "type": {"type": "string"},
                    "title": {"type": "string"},
                    "status": {"type": "integer"},
                    "detail": {"type": "string"},
                    "errors": {
                        "type": "array",
                        "items": _object({"field": {"type": "string"}, "message": {"type": "string"}}),
                    },
                }
            ),
        }
    },
}
