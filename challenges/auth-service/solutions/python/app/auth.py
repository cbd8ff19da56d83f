"""Registration, login with throttling, refresh rotation with reuse detection, logout, /me, admin."""

from fastapi import APIRouter, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, Response
from psycopg.errors import UniqueViolation

from app.models import Credentials, Login, Refresh
from app.problems import Conflict, Throttled, Unauthorized
from app.secrets_ import DUMMY_HASH, digest, hash_password, verify_password
from app.sessions import Admin, CurrentUser, issue_tokens, revoke_session, start_session

router = APIRouter(tags=["auth"])

MAX_FAILURES = 5
LOCK_MINUTES = 15


@router.post("/auth/register", status_code=201)
def register(body: Credentials, request: Request) -> JSONResponse:
    """Create a user with role 'user'."""
    try:
        with request.app.state.pool.connection() as conn:
            row = conn.execute(
                "INSERT INTO users (email, password_hash) VALUES (%s, %s) RETURNING id, email, role, created_at",
                (body.email, hash_password(body.password)),
            ).fetchone()
    except UniqueViolation:
        raise Conflict("this email is already registered") from None
    return JSONResponse(jsonable_encoder(row), status_code=201)


def _throttled(conn, email: str) -> bool:
    row = conn.execute("SELECT 1 FROM login_throttle WHERE email = %s AND locked_until > now()", (email,)).fetchone()
    return row is not None


def _record_failure(conn, email: str) -> None:
    """Count a failure; a run of failures older than the window starts again at 1."""
    conn.execute(
        "INSERT INTO login_throttle AS t (email, failures) VALUES (%(e)s, 1) ON CONFLICT (email) DO UPDATE SET "
        "failures = CASE WHEN t.first_failed_at < now() - make_interval(mins => %(m)s) THEN 1 ELSE t.failures + 1 END, "
        "first_failed_at = CASE WHEN t.first_failed_at < now() - make_interval(mins => %(m)s) "
        "THEN now() ELSE t.first_failed_at END",
        {"e": email, "m": LOCK_MINUTES},
    )
    conn.execute(
        "UPDATE login_throttle SET locked_until = now() + make_interval(mins => %s) "
        "WHERE email = %s AND failures >= %s",
        (LOCK_MINUTES, email, MAX_FAILURES),
    )


@router.post("/auth/login")
def login(body: Login, request: Request) -> dict:
    """Exchange email and password for an access and a refresh token."""
    email = body.email.lower()
    tokens = None
    # The failure is recorded in the same transaction, so raising the 401 waits until it is committed.
    with request.app.state.pool.connection() as conn, conn.transaction():
        if _throttled(conn, email):
            raise Throttled("too many failed logins for this email; try again later")
        user = conn.execute("SELECT id, password_hash FROM users WHERE lower(email) = %s", (email,)).fetchone()
        # An unknown email costs a hash check too, so the timing does not tell which emails exist.
        matches = verify_password(body.password, user["password_hash"] if user else DUMMY_HASH)
        if user is not None and matches:
            conn.execute("DELETE FROM login_throttle WHERE email = %s", (email,))
            tokens = start_session(conn, user["id"])
        else:
            _record_failure(conn, email)
    if tokens is None:
        raise Unauthorized("wrong email or password")
    return tokens


@router.post("/auth/refresh")
def refresh(body: Refresh, request: Request) -> dict:
    """Rotate a refresh token; reusing one revokes its whole family."""
    with request.app.state.pool.connection() as conn, conn.transaction():
        row = conn.execute(
            "SELECT r.session_id, r.used_at, s.revoked_at FROM refresh_tokens r JOIN sessions s ON s.id = r.session_id "
            "WHERE r.token_hash = %s AND r.expires_at > now() FOR UPDATE OF r, s",
            (digest(body.refresh_token),),
        ).fetchone()
        if row and row["used_at"] is None and row["revoked_at"] is None:
            conn.execute(
                "UPDATE refresh_tokens SET used_at = now() WHERE token_hash = %s", (digest(body.refresh_token),)
            )
            return issue_tokens(conn, row["session_id"])
        if row:
            # A used token again: someone holds a copy. End the family for everyone holding it.
            revoke_session(conn, row["session_id"])
    raise Unauthorized("the refresh token is invalid, used or revoked")


@router.post("/auth/logout", status_code=204)
def logout(who: CurrentUser, request: Request) -> Response:
    """End the caller's session: its access and refresh tokens stop working."""
    with request.app.state.pool.connection() as conn:
        revoke_session(conn, who.session_id)
    return Response(status_code=204)


@router.get("/me")
def me(who: CurrentUser, request: Request) -> dict:
    """The caller's user."""
    with request.app.state.pool.connection() as conn:
        return conn.execute("SELECT id, email, role, created_at FROM users WHERE id = %s", (who.user_id,)).fetchone()


@router.get("/admin/users")
def list_users(who: Admin, request: Request) -> dict:
    """Every user (admins only)."""
    with request.app.state.pool.connection() as conn:
        rows = conn.execute("SELECT id, email, role, created_at FROM users ORDER BY id").fetchall()
    return {"items": rows}
