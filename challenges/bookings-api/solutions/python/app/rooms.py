"""/rooms: create, list (search, sort, cursor pagination), read, update, delete."""

from typing import Annotated, Literal

from fastapi import APIRouter, Header, Query, Request, Response
from psycopg import errors as pg_errors
from psycopg import sql

from app.http import check_if_match, decode_cursor, encode_cursor, etag, iso
from app.models import Room, RoomIn, RoomPage, RoomPatch
from app.problems import Conflict, InvalidInput, NotFound

router = APIRouter(prefix="/rooms", tags=["rooms"])

COLUMNS = sql.SQL("id, name, capacity, version, created_at, updated_at")
SELECT_ROOM = "SELECT id, name, capacity, version, created_at, updated_at FROM rooms WHERE id = %s"
INSERT_ROOM = """
    INSERT INTO rooms (name, capacity) VALUES (%s, %s)
    RETURNING id, name, capacity, version, created_at, updated_at"""
UPDATE_ROOM = """
    UPDATE rooms SET name = %s, capacity = %s, version = version + 1, updated_at = now() WHERE id = %s
    RETURNING id, name, capacity, version, created_at, updated_at"""
SORTS = {
    "name": ("name", "ASC"),
    "-name": ("name", "DESC"),
    "capacity": ("capacity", "ASC"),
    "-capacity": ("capacity", "DESC"),
}
ERRORS = {404: {"model": dict}, 409: {"model": dict}, 412: {"model": dict}, 422: {"model": dict}}


def to_json(row: dict) -> dict:
    return {
        "id": row["id"],
        "name": row["name"],
        "capacity": row["capacity"],
        "created_at": iso(row["created_at"]),
        "updated_at": iso(row["updated_at"]),
    }


def find_room(conn, room_id: int, lock: bool = False) -> dict:
    row = conn.execute(SELECT_ROOM + (" FOR UPDATE" if lock else ""), (room_id,)).fetchone()
    if row is None:
        raise NotFound(f"Room {room_id} does not exist")
    return row


def _name_taken(name: str) -> Conflict:
    return Conflict(f"A room named {name!r} already exists")


@router.post("", status_code=201, response_model=Room, responses=ERRORS)
def create_room(body: RoomIn, request: Request, response: Response) -> dict:
    """Create a room."""
    with request.app.state.pool.connection() as conn:
        try:
            row = conn.execute(INSERT_ROOM, (body.name, body.capacity)).fetchone()
        except pg_errors.UniqueViolation:
            raise _name_taken(body.name) from None
    response.headers["Location"] = f"/rooms/{row['id']}"
    response.headers["ETag"] = etag(row)
    return to_json(row)


@router.get("", response_model=RoomPage, responses=ERRORS)
def list_rooms(
    request: Request,
    q: Annotated[
        str | None, Query(max_length=100, description="Case-insensitive substring of the name")
    ] = None,
    min_capacity: Annotated[int | None, Query(ge=1)] = None,
    sort: Literal["name", "-name", "capacity", "-capacity"] = "name",
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: str | None = None,
) -> dict:
    """List rooms, sorted and paginated with an opaque cursor."""
    column, direction = SORTS[sort]
    where, params = [], []
    if q:
        escaped = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        where.append(sql.SQL("name ILIKE %s"))
        params.append(f"%{escaped}%")
    if min_capacity is not None:
        where.append(sql.SQL("capacity >= %s"))
        params.append(min_capacity)
    if cursor:
        key, last_id = decode_cursor(cursor, sort)
        if not isinstance(key, str if column == "name" else int):
            raise InvalidInput("cursor", "is not a cursor this service issued")
        after = sql.SQL("({}, id) > (%s, %s)" if direction == "ASC" else "({}, id) < (%s, %s)")
        where.append(after.format(sql.Identifier(column)))
        params += [key, last_id]
    query = sql.SQL(
        "SELECT {columns} FROM rooms WHERE {where} ORDER BY {column} {dir}, id {dir} LIMIT %s"
    ).format(
        columns=COLUMNS,
        where=sql.SQL(" AND ").join(where or [sql.SQL("TRUE")]),
        column=sql.Identifier(column),
        dir=sql.SQL(direction),
    )
    with request.app.state.pool.connection() as conn:
        rows = conn.execute(query, (*params, limit + 1)).fetchall()
    page, more = rows[:limit], len(rows) > limit
    next_cursor = encode_cursor(sort, page[-1][column], page[-1]["id"]) if more else None
    return {"items": [to_json(r) for r in page], "next_cursor": next_cursor}


@router.get("/{room_id}", response_model=Room, responses=ERRORS)
def get_room(room_id: int, request: Request, response: Response) -> dict:
    """Read one room; the ETag header is its version for If-Match."""
    with request.app.state.pool.connection() as conn:
        row = find_room(conn, room_id)
    response.headers["ETag"] = etag(row)
    return to_json(row)


@router.patch("/{room_id}", response_model=Room, responses=ERRORS)
def update_room(
    room_id: int,
    body: RoomPatch,
    request: Request,
    response: Response,
    if_match: Annotated[str | None, Header()] = None,
) -> dict:
    """Change a room's name or capacity; send If-Match to avoid overwriting someone else's change."""
    changes = body.model_dump(exclude_unset=True)
    for field, value in changes.items():
        if value is None:
            raise InvalidInput(field, "cannot be null")
    with request.app.state.pool.connection() as conn, conn.transaction():
        row = find_room(conn, room_id, lock=True)
        check_if_match(if_match, row)
        try:
            values = (changes.get("name", row["name"]), changes.get("capacity", row["capacity"]), room_id)
            row = conn.execute(UPDATE_ROOM, values).fetchone()
        except pg_errors.UniqueViolation:
            raise _name_taken(changes["name"]) from None
    response.headers["ETag"] = etag(row)
    return to_json(row)


@router.delete("/{room_id}", status_code=204, responses=ERRORS)
def delete_room(room_id: int, request: Request, if_match: Annotated[str | None, Header()] = None) -> Response:
    """Delete a room that has no confirmed bookings (cancel them first)."""
    with request.app.state.pool.connection() as conn, conn.transaction():
        row = find_room(conn, room_id, lock=True)
        check_if_match(if_match, row)
        busy = conn.execute(
            "SELECT 1 FROM bookings WHERE room_id = %s AND status = 'confirmed' LIMIT 1", (room_id,)
        ).fetchone()
        if busy:
            raise Conflict(f"Room {room_id} still has confirmed bookings; cancel them first")
        conn.execute("DELETE FROM rooms WHERE id = %s", (room_id,))
    return Response(status_code=204)
