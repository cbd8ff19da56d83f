"""/rooms: create, search and page, read, edit, delete."""

from typing import Any

import psycopg
from flask import Blueprint, Response, request
from psycopg import sql

from app import db
from app.fields import MAX_ID, Fields, iso, json_object
from app.problems import Conflict, NotFound
from app.web import cursor, limit_and_cursor, page, require_current, send

rooms = Blueprint("rooms", __name__)

SORTS = {
    "name": ("name", "ASC"),
    "-name": ("name", "DESC"),
    "capacity": ("capacity", "ASC"),
    "-capacity": ("capacity", "DESC"),
}
READ_ONE = "SELECT * FROM rooms WHERE id = %s"
# The same row, locked until the transaction ends.
LOCK_ONE = "SELECT * FROM rooms WHERE id = %s FOR UPDATE"


def represent(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "name": row["name"],
        "capacity": row["capacity"],
        "created_at": iso(row["created_at"]),
        "updated_at": iso(row["updated_at"]),
    }


def load_room(conn: psycopg.Connection, room_id: int, lock: bool = False) -> dict[str, Any]:
    if room_id > MAX_ID:
        raise NotFound(f"There is no room {room_id}")
    row = conn.execute(LOCK_ONE if lock else READ_ONE, (room_id,)).fetchone()
    if row is None:
        raise NotFound(f"There is no room {room_id}")
    return row


def _room_fields(body: dict[str, Any], partial: bool) -> dict[str, Any]:
    fields, values = Fields(), {}
    for name, check in (
        ("name", lambda v: fields.text("name", v, 100)),
        ("capacity", lambda v: fields.integer("capacity", v, 1, 1000)),
    ):
        if name in body:
            values[name] = check(body[name])
        elif not partial:
            fields.fail(name, "is required")
    fields.raise_if_any()
    return values


def _name_taken(name: str) -> Conflict:
    return Conflict(f"A room named {name!r} exists already (names are unique regardless of case)")


@rooms.post("/rooms")
def create_room() -> Response:
    values = _room_fields(json_object(), partial=False)
    try:
        with db.transaction() as conn:
            row = conn.execute(
                "INSERT INTO rooms (name, capacity) VALUES (%(name)s, %(capacity)s) RETURNING *", values
            ).fetchone()
    except psycopg.errors.UniqueViolation:
        raise _name_taken(values["name"]) from None
    return send(represent(row), 201, f"/rooms/{row['id']}")


def _list_parameters() -> dict[str, Any]:
    """The query parameters of GET /rooms, checked; 422 naming each bad one."""
    fields = Fields()
    q = request.args.get("q")
    if q is not None and len(q) > 100:
        fields.fail("q", "must be at most 100 characters")
    min_capacity = fields.query_integer("min_capacity", 1)
    sort = fields.query_choice("sort", tuple(SORTS), "name") or "name"
    limit, after = limit_and_cursor(fields, sort)
    column, direction = SORTS[sort]
    if after is not None and not isinstance(after[0], str if column == "name" else int):
        fields.fail("cursor", "is not a cursor issued for this listing and sort order")
    fields.raise_if_any()
    return {"q": q, "min_capacity": min_capacity, "sort": sort, "limit": limit, "after": after}


def _list_query(
    q: str | None, min_capacity: int | None, sort: str, after: list[Any] | None
) -> tuple[sql.Composed, list[Any]]:
    column, direction = SORTS[sort]
    conditions, params = [sql.SQL("TRUE")], []
    if q:
        conditions.append(sql.SQL(f"name ILIKE '%%{q}%%'"))
    if min_capacity is not None:
        conditions.append(sql.SQL("capacity >= %s"))
        params.append(min_capacity)
    if after is not None:
        conditions.append(
            sql.SQL("({}, id) " + (">" if direction == "ASC" else "<") + " (%s, %s)").format(
                sql.Identifier(column)
            )
        )
        params += after
    query = sql.SQL("SELECT * FROM rooms WHERE {} ORDER BY {} {}, id {} LIMIT %s").format(
        sql.SQL(" AND ").join(conditions), sql.Identifier(column), sql.SQL(direction), sql.SQL(direction)
    )
    return query, params


@rooms.get("/rooms")
def list_rooms() -> Response:
    wanted = _list_parameters()
    limit, column = wanted["limit"], SORTS[wanted["sort"]][0]
    query, params = _list_query(wanted["q"], wanted["min_capacity"], wanted["sort"], wanted["after"])
    with db.transaction() as conn:
        rows = conn.execute(query, (*params, limit + 1)).fetchall()
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = cursor(wanted["sort"], rows[-1][column], rows[-1]["id"]) if more else None
    return page([represent(r) for r in rows], next_cursor)


@rooms.get("/rooms/<int:room_id>")
def get_room(room_id: int) -> Response:
    with db.transaction() as conn:
        return send(represent(load_room(conn, room_id)))


@rooms.patch("/rooms/<int:room_id>")
def update_room(room_id: int) -> Response:
    values = _room_fields(json_object(), partial=True)
    try:
        with db.transaction() as conn:
            # The lock makes the If-Match comparison and the write one step: no concurrent edit slips between.
            current = load_room(conn, room_id, lock=True)
            require_current(represent(current))
            merged = {"name": current["name"], "capacity": current["capacity"], **values, "id": room_id}
            row = conn.execute(
                "UPDATE rooms SET name = %(name)s, capacity = %(capacity)s, updated_at = clock_timestamp() "
                "WHERE id = %(id)s RETURNING *",
                merged,
            ).fetchone()
    except psycopg.errors.UniqueViolation:
        raise _name_taken(values.get("name", "")) from None
    return send(represent(row))


@rooms.delete("/rooms/<int:room_id>")
def delete_room(room_id: int) -> Response:
    with db.transaction() as conn:
        current = load_room(conn, room_id, lock=True)
        require_current(represent(current))
        booked = conn.execute(
            "SELECT count(*) AS n FROM bookings WHERE room_id = %s AND status = 'confirmed'", (room_id,)
        ).fetchone()
        if booked["n"]:
            raise Conflict(
                f"Room {room_id} has {booked['n']} confirmed bookings; cancel them before deleting it"
            )
        conn.execute("DELETE FROM rooms WHERE id = %s", (room_id,))
    return Response(status=204)
