"""/bookings: book, list and filter, read, move or edit, cancel."""

from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
from flask import Blueprint, Response, request
from psycopg import sql

from app import db, idempotency
from app.fields import MAX_ID, Fields, iso, json_object
from app.problems import Conflict, NotFound
from app.web import cursor, limit_and_cursor, page, require_current, send

bookings = Blueprint("bookings", __name__)

LONGEST = timedelta(hours=4)
EDITABLE = ("title", "starts_at", "ends_at", "attendees")
READ_ONE = "SELECT * FROM bookings WHERE id = %s"
# The same row, locked until the transaction ends.
LOCK_ONE = "SELECT * FROM bookings WHERE id = %s FOR UPDATE"


def represent(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "room_id": row["room_id"],
        "title": row["title"],
        "attendees": row["attendees"],
        "starts_at": iso(row["starts_at"]),
        "ends_at": iso(row["ends_at"]),
        "status": row["status"],
        "created_at": iso(row["created_at"]),
        "updated_at": iso(row["updated_at"]),
    }


def load_booking(conn: psycopg.Connection, booking_id: int, lock: bool = False) -> dict[str, Any]:
    if booking_id > MAX_ID:
        raise NotFound(f"There is no booking {booking_id}")
    row = conn.execute(LOCK_ONE if lock else READ_ONE, (booking_id,)).fetchone()
    if row is None:
        raise NotFound(f"There is no booking {booking_id}")
    return row


def _read(body: dict[str, Any], fields: Fields) -> dict[str, Any]:
    """The editable fields present in the body, typed; errors collected in `fields`."""
    readers = {
        "title": lambda v: fields.text("title", v, 200),
        "starts_at": lambda v: fields.moment("starts_at", v),
        "ends_at": lambda v: fields.moment("ends_at", v),
        "attendees": lambda v: fields.integer("attendees", v, 1, 1000),
    }
    return {name: readers[name](body[name]) for name in EDITABLE if name in body}


def _check_rules(fields: Fields, booking: dict[str, Any], room: dict[str, Any] | None, moved: bool) -> None:
    starts, ends = booking["starts_at"], booking["ends_at"]
    if starts and ends:
        if ends <= starts:
            fields.fail("ends_at", "must be after starts_at")
        elif ends - starts > LONGEST:
            fields.fail("ends_at", "a booking lasts at most 4 hours")
    if starts and moved and starts < datetime.now(UTC):
        fields.fail("starts_at", "must not be in the past")
    if room and booking["attendees"] and booking["attendees"] > room["capacity"]:
        fields.fail("attendees", f"the room holds {room['capacity']} people")


def _lock_room(conn: psycopg.Connection, room_id: Any) -> dict[str, Any] | None:
    """Lock the room row: bookings of one room are checked for overlap one at a time."""
    if not isinstance(room_id, int) or isinstance(room_id, bool) or not 1 <= room_id <= MAX_ID:
        return None
    return conn.execute("SELECT * FROM rooms WHERE id = %s FOR UPDATE", (room_id,)).fetchone()


def _refuse_overlap(conn: psycopg.Connection, booking: dict[str, Any], own_id: int = 0) -> None:
    clash = conn.execute(
        "SELECT id FROM bookings WHERE room_id = %s AND status = 'confirmed' AND id <> %s "
        "AND starts_at < %s AND ends_at > %s LIMIT 1",
        (booking["room_id"], own_id, booking["ends_at"], booking["starts_at"]),
    ).fetchone()
    if clash:
        raise Conflict(f"The room is already booked at that time (booking {clash['id']})")


@bookings.post("/bookings")
def create_booking() -> Response:
    body = json_object()
    with db.transaction() as conn:
        replay = idempotency.replay(conn, request.headers.get("Idempotency-Key"), body)
        if replay:
            return replay
        fields = Fields()
        booking = {"room_id": body.get("room_id"), "attendees": 1, **_read(body, fields)}
        for name in ("room_id", "title", "starts_at", "ends_at"):
            if body.get(name) is None:
                fields.fail(name, "is required")
        room = _lock_room(conn, booking["room_id"])
        if room is None and "room_id" not in fields.errors:
            fields.fail("room_id", "must be the id of an existing room")
        _check_rules(fields, booking, room, moved=True)
        fields.raise_if_any()
        _refuse_overlap(conn, booking)
        row = conn.execute(
            "INSERT INTO bookings (room_id, title, attendees, starts_at, ends_at) "
            "VALUES (%(room_id)s, %(title)s, %(attendees)s, %(starts_at)s, %(ends_at)s) RETURNING *",
            booking,
        ).fetchone()
        response = send(represent(row), 201, f"/bookings/{row['id']}")
        idempotency.remember(conn, request.headers.get("Idempotency-Key"), body, response)
    return response


@bookings.get("/bookings")
def list_bookings() -> Response:
    fields = Fields()
    room_id = fields.query_integer("room_id", 1)
    status = fields.query_choice("status", ("confirmed", "cancelled"), None)
    window = (fields.query_moment("from"), fields.query_moment("to"))
    sort = fields.query_choice("sort", ("starts_at", "-starts_at"), "starts_at")
    limit, after = limit_and_cursor(fields, sort)
    if after is not None and (not isinstance(after[0], str) or fields.moment("cursor", after[0]) is None):
        fields.fail("cursor", "is not a cursor issued for this listing and sort order")
    fields.raise_if_any()
    descending = sort == "-starts_at"
    conditions, params = [sql.SQL("TRUE")], []
    for condition, value in (
        ("room_id = %s", room_id),
        ("status = %s", status),
        ("ends_at > %s", window[0]),
        ("starts_at < %s", window[1]),
    ):
        if value is not None:
            conditions.append(sql.SQL(condition))
            params.append(value)
    if after is not None:
        conditions.append(
            sql.SQL("(starts_at, id) < (%s, %s)" if descending else "(starts_at, id) > (%s, %s)")
        )
        params += after
    order = sql.SQL("DESC" if descending else "ASC")
    query = sql.SQL("SELECT * FROM bookings WHERE {} ORDER BY starts_at {}, id {} LIMIT %s").format(
        sql.SQL(" AND ").join(conditions), order, order
    )
    with db.transaction() as conn:
        rows = conn.execute(query, (*params, limit + 1)).fetchall()
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = cursor(sort or "starts_at", iso(rows[-1]["starts_at"]), rows[-1]["id"]) if more else None
    return page([represent(r) for r in rows], next_cursor)


@bookings.get("/bookings/<int:booking_id>")
def get_booking(booking_id: int) -> Response:
    with db.transaction() as conn:
        return send(represent(load_booking(conn, booking_id)))


@bookings.patch("/bookings/<int:booking_id>")
def update_booking(booking_id: int) -> Response:
    body = json_object()
    fields = Fields()
    changes = _read(body, fields)
    for name in EDITABLE:
        if name in body and body[name] is None:
            fields.fail(name, "cannot be null")
    fields.raise_if_any()
    with db.transaction() as conn:
        current = load_booking(conn, booking_id)
        room = _lock_room(conn, current["room_id"])
        current = load_booking(conn, booking_id, lock=True)
        require_current(represent(current))
        if current["status"] == "cancelled":
            raise Conflict(f"Booking {booking_id} is cancelled; book again instead")
        booking = {**current, **changes}
        moved = "starts_at" in changes and changes["starts_at"] != current["starts_at"]
        _check_rules(fields, booking, room, moved)
        fields.raise_if_any()
        _refuse_overlap(conn, booking, own_id=booking_id)
        row = conn.execute(
            "UPDATE bookings SET title = %(title)s, attendees = %(attendees)s, starts_at = %(starts_at)s, "
            "ends_at = %(ends_at)s, updated_at = clock_timestamp() WHERE id = %(id)s RETURNING *",
            booking,
        ).fetchone()
    return send(represent(row))


@bookings.delete("/bookings/<int:booking_id>")
def cancel_booking(booking_id: int) -> Response:
    with db.transaction() as conn:
        current = load_booking(conn, booking_id, lock=True)
        require_current(represent(current))
        if current["status"] == "confirmed":
            conn.execute(
                "UPDATE bookings SET status = 'cancelled', updated_at = clock_timestamp() WHERE id = %s",
                (booking_id,),
            )
    return Response(status=204)
