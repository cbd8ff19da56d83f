"""/bookings: the business rules live here and in the bookings_no_overlap constraint.

Rules: ends_at after starts_at; at most MAX_DURATION long; starts_at not in the past;
attendees within the room's capacity; no two confirmed bookings of a room overlap, with
half-open intervals [starts_at, ends_at) so back-to-back bookings are fine. Cancelling
(DELETE) keeps the booking, with status "cancelled", and frees its slot.
"""

from datetime import UTC, datetime, timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Header, Query, Request, Response
from fastapi.responses import JSONResponse
from psycopg import errors as pg_errors
from psycopg import sql
from pydantic import AwareDatetime

from app import idempotency
from app.http import check_if_match, decode_cursor, encode_cursor, etag, iso
from app.models import MAX_ID, Booking, BookingIn, BookingPage, BookingPatch
from app.problems import Conflict, InvalidInput, NotFound
from app.rooms import ERRORS, find_room

router = APIRouter(prefix="/bookings", tags=["bookings"])

MAX_DURATION = timedelta(hours=4)
COLUMNS = sql.SQL(
    "id, room_id, title, attendees, starts_at, ends_at, status, version, created_at, updated_at"
)
SELECT_BOOKING = """
    SELECT id, room_id, title, attendees, starts_at, ends_at, status, version, created_at, updated_at
    FROM bookings WHERE id = %s"""
INSERT_BOOKING = """
    INSERT INTO bookings (room_id, title, attendees, starts_at, ends_at) VALUES (%s, %s, %s, %s, %s)
    RETURNING id, room_id, title, attendees, starts_at, ends_at, status, version, created_at, updated_at"""
UPDATE_BOOKING = """
    UPDATE bookings SET title = %s, attendees = %s, starts_at = %s, ends_at = %s,
        version = version + 1, updated_at = now()
    WHERE id = %s
    RETURNING id, room_id, title, attendees, starts_at, ends_at, status, version, created_at, updated_at"""
CANCEL_BOOKING = """
    UPDATE bookings SET status = 'cancelled', version = version + 1, updated_at = now() WHERE id = %s"""


def to_json(row: dict) -> dict:
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


def check_times(starts_at: datetime, ends_at: datetime, starts_at_changed: bool = True) -> None:
    if ends_at <= starts_at:
        raise InvalidInput("ends_at", "must be after starts_at")
    if ends_at - starts_at > MAX_DURATION:
        raise InvalidInput("ends_at", f"a booking may last at most {MAX_DURATION.seconds // 3600} hours")
    if starts_at_changed and starts_at < datetime.now(UTC):
        raise InvalidInput("starts_at", "must not be in the past")


def check_capacity(room: dict, attendees: int) -> None:
    if attendees > room["capacity"]:
        raise InvalidInput("attendees", f"room {room['id']} holds at most {room['capacity']} people")


def overlap_conflict(room_id: int) -> Conflict:
    return Conflict(f"Room {room_id} is already booked for part of that time")


def find_booking(conn, booking_id: int, lock: bool = False) -> dict:
    row = conn.execute(SELECT_BOOKING + (" FOR UPDATE" if lock else ""), (booking_id,)).fetchone()
    if row is None:
        raise NotFound(f"Booking {booking_id} does not exist")
    return row


def insert_booking(conn, body: BookingIn) -> dict:
    try:
        room = find_room(conn, body.room_id)
    except NotFound:
        raise InvalidInput("room_id", f"room {body.room_id} does not exist") from None
    check_times(body.starts_at, body.ends_at)
    check_capacity(room, body.attendees)
    try:
        with conn.transaction():  # a savepoint: the caller's transaction survives a conflict
            values = (body.room_id, body.title, body.attendees, body.starts_at, body.ends_at)
            return conn.execute(INSERT_BOOKING, values).fetchone()
    except pg_errors.ExclusionViolation:
        raise overlap_conflict(body.room_id) from None


@router.post("", status_code=201, response_model=Booking, responses=ERRORS)
def create_booking(
    body: BookingIn,
    request: Request,
    idempotency_key: Annotated[str | None, Header(min_length=1, max_length=255)] = None,
) -> JSONResponse:
    """Book a room. Send Idempotency-Key to make retries safe."""
    with request.app.state.pool.connection() as conn, conn.transaction():
        if idempotency_key is not None:
            replay = idempotency.claim(conn, idempotency_key, body.model_dump(mode="json"))
            if replay is not None:
                return replay
        row = insert_booking(conn, body)
        location = f"/bookings/{row['id']}"
        if idempotency_key is not None:
            idempotency.remember(conn, idempotency_key, 201, to_json(row), location)
    headers = {"Location": location, "ETag": etag(row)}
    return JSONResponse(to_json(row), status_code=201, headers=headers)


@router.get("", response_model=BookingPage, responses=ERRORS)
def list_bookings(
    request: Request,
    room_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    status: Literal["confirmed", "cancelled"] | None = None,
    from_: Annotated[
        AwareDatetime | None, Query(alias="from", description="Bookings that end after this")
    ] = None,
    to: Annotated[AwareDatetime | None, Query(description="Bookings that start before this")] = None,
    sort: Literal["starts_at", "-starts_at"] = "starts_at",
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: str | None = None,
) -> dict:
    """List bookings, filtered by room, status and a time window [from, to)."""
    if from_ is not None and to is not None and to <= from_:
        raise InvalidInput("to", "must be after from")
    where, params = [], []
    for clause, value in (
        ("room_id = %s", room_id),
        ("status = %s", status),
        ("ends_at > %s", from_),
        ("starts_at < %s", to),
    ):
        if value is not None:
            where.append(sql.SQL(clause))
            params.append(value)
    descending = sort.startswith("-")
    if cursor:
        key, last_id = decode_cursor(cursor, sort)
        try:
            key = datetime.fromisoformat(key)
        except (TypeError, ValueError):
            raise InvalidInput("cursor", "is not a cursor this service issued") from None
        where.append(sql.SQL("(starts_at, id) < (%s, %s)" if descending else "(starts_at, id) > (%s, %s)"))
        params += [key, last_id]
    query = sql.SQL(
        "SELECT {columns} FROM bookings WHERE {where} ORDER BY starts_at {dir}, id {dir} LIMIT %s"
    ).format(
        columns=COLUMNS,
        where=sql.SQL(" AND ").join(where or [sql.SQL("TRUE")]),
        dir=sql.SQL("DESC" if descending else "ASC"),
    )
    with request.app.state.pool.connection() as conn:
        rows = conn.execute(query, (*params, limit + 1)).fetchall()
    page, more = rows[:limit], len(rows) > limit
    next_cursor = encode_cursor(sort, page[-1]["starts_at"], page[-1]["id"]) if more else None
    return {"items": [to_json(r) for r in page], "next_cursor": next_cursor}


@router.get("/{booking_id}", response_model=Booking, responses=ERRORS)
def get_booking(booking_id: int, request: Request, response: Response) -> dict:
    """Read one booking (cancelled ones too)."""
    with request.app.state.pool.connection() as conn:
        row = find_booking(conn, booking_id)
    response.headers["ETag"] = etag(row)
    return to_json(row)


@router.patch("/{booking_id}", response_model=Booking, responses=ERRORS)
def update_booking(
    booking_id: int,
    body: BookingPatch,
    request: Request,
    response: Response,
    if_match: Annotated[str | None, Header()] = None,
) -> dict:
    """Move or rename a booking; the same rules as for a new booking apply."""
    changes = body.model_dump(exclude_unset=True)
    for field, value in changes.items():
        if value is None:
            raise InvalidInput(field, "cannot be null")
    with request.app.state.pool.connection() as conn, conn.transaction():
        row = find_booking(conn, booking_id, lock=True)
        check_if_match(if_match, row)
        if row["status"] == "cancelled":
            raise Conflict(f"Booking {booking_id} is cancelled and cannot be changed")
        merged = {**row, **changes}
        check_times(merged["starts_at"], merged["ends_at"], starts_at_changed="starts_at" in changes)
        check_capacity(find_room(conn, row["room_id"]), merged["attendees"])
        try:
            with conn.transaction():
                values = (
                    merged["title"],
                    merged["attendees"],
                    merged["starts_at"],
                    merged["ends_at"],
                    booking_id,
                )
                row = conn.execute(UPDATE_BOOKING, values).fetchone()
        except pg_errors.ExclusionViolation:
            raise overlap_conflict(row["room_id"]) from None
    response.headers["ETag"] = etag(row)
    return to_json(row)


@router.delete("/{booking_id}", status_code=204, responses=ERRORS)
def cancel_booking(
    booking_id: int, request: Request, if_match: Annotated[str | None, Header()] = None
) -> Response:
    """Cancel a booking: it stays readable with status "cancelled" and its slot is free again."""
    with request.app.state.pool.connection() as conn, conn.transaction():
        row = find_booking(conn, booking_id, lock=True)
        check_if_match(if_match, row)
        if row["status"] == "confirmed":
            conn.execute(CANCEL_BOOKING, (booking_id,))
    return Response(status_code=204)
