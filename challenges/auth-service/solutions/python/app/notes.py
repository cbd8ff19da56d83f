"""Notes: every query is scoped to the caller, so another user's note is simply not found (404)."""

from fastapi import APIRouter, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, Response

from app.models import NewNote, NoteChanges
from app.problems import NotFound
from app.sessions import CurrentUser

router = APIRouter(tags=["notes"])


def _missing(note_id: int) -> NotFound:
    return NotFound(f"note {note_id} does not exist")


@router.post("/notes", status_code=201)
def create_note(body: NewNote, who: CurrentUser, request: Request) -> JSONResponse:
    """Create a note for the caller."""
    with request.app.state.pool.connection() as conn:
        row = conn.execute(
            "INSERT INTO notes (user_id, title, body) VALUES (%s, %s, %s) "
            "RETURNING id, title, body, created_at, updated_at",
            (who.user_id, body.title, body.body),
        ).fetchone()
    return JSONResponse(jsonable_encoder(row), status_code=201, headers={"Location": f"/notes/{row['id']}"})


@router.get("/notes")
def list_notes(who: CurrentUser, request: Request) -> dict:
    """The caller's notes, newest first."""
    with request.app.state.pool.connection() as conn:
        rows = conn.execute(
            "SELECT id, title, body, created_at, updated_at FROM notes WHERE user_id = %s ORDER BY id DESC LIMIT 500",
            (who.user_id,),
        ).fetchall()
    return {"items": rows}


@router.get("/notes/{note_id}")
def read_note(note_id: int, who: CurrentUser, request: Request) -> dict:
    """One of the caller's notes."""
    with request.app.state.pool.connection() as conn:
        row = conn.execute(
            "SELECT id, title, body, created_at, updated_at FROM notes WHERE id = %s AND user_id = %s",
            (note_id, who.user_id),
        ).fetchone()
    if row is None:
        raise _missing(note_id)
    return row


@router.patch("/notes/{note_id}")
def update_note(note_id: int, body: NoteChanges, who: CurrentUser, request: Request) -> dict:
    """Change the title or body of one of the caller's notes."""
    with request.app.state.pool.connection() as conn:
        row = conn.execute(
            "UPDATE notes SET title = coalesce(%s, title), body = coalesce(%s, body), updated_at = now() "
            "WHERE id = %s AND user_id = %s RETURNING id, title, body, created_at, updated_at",
            (body.title, body.body, note_id, who.user_id),
        ).fetchone()
    if row is None:
        raise _missing(note_id)
    return row


@router.delete("/notes/{note_id}", status_code=204)
def delete_note(note_id: int, who: CurrentUser, request: Request) -> Response:
    """Delete one of the caller's notes."""
    with request.app.state.pool.connection() as conn:
        deleted = conn.execute("DELETE FROM notes WHERE id = %s AND user_id = %s", (note_id, who.user_id)).rowcount
    if not deleted:
        raise _missing(note_id)
    return Response(status_code=204)
