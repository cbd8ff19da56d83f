"""Sessions (token families), their tokens, and who the caller is."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Request

from app.problems import Forbidden, Unauthorized
from app.secrets_ import digest, new_token

ACCESS_SECONDS = 300
REFRESH_DAYS = 30


@dataclass(frozen=True)
class Caller:
    user_id: int
    role: str
    session_id: int


def issue_tokens(conn, session_id: int) -> dict:
    """A new access token and refresh token for the session (family)."""
    access, refresh = new_token(), new_token()
    conn.execute(
        "INSERT INTO access_tokens (token_hash, session_id, expires_at) "
        "VALUES (%s, %s, now() + make_interval(secs => %s))",
        (digest(access), session_id, ACCESS_SECONDS),
    )
    conn.execute(
        "INSERT INTO refresh_tokens (token_hash, session_id, expires_at) "
        "VALUES (%s, %s, now() + make_interval(days => %s))",
        (digest(refresh), session_id, REFRESH_DAYS),
    )
    return {"access_token": access, "refresh_token": refresh, "token_type": "Bearer", "expires_in": ACCESS_SECONDS}


def start_session(conn, user_id: int) -> dict:
    session = conn.execute("INSERT INTO sessions (user_id) VALUES (%s) RETURNING id", (user_id,)).fetchone()
    return issue_tokens(conn, session["id"])


def revoke_session(conn, session_id: int) -> None:
    conn.execute("UPDATE sessions SET revoked_at = now() WHERE id = %s AND revoked_at IS NULL", (session_id,))


def caller(request: Request, authorization: Annotated[str | None, Header()] = None) -> Caller:
    """The authenticated caller, from a valid, unexpired access token of an unrevoked session."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("a Bearer access token is required")
    with request.app.state.pool.connection() as conn:
        row = conn.execute(
            "SELECT s.user_id, u.role, s.id AS session_id FROM access_tokens a "
            "JOIN sessions s ON s.id = a.session_id JOIN users u ON u.id = s.user_id "
            "WHERE a.token_hash = %s AND a.expires_at > now() AND s.revoked_at IS NULL",
            (digest(token.strip()),),
        ).fetchone()
    if row is None:
        raise Unauthorized("the access token is invalid, expired or revoked")
    return Caller(row["user_id"], row["role"], row["session_id"])


def admin(who: Annotated[Caller, Depends(caller)]) -> Caller:
    if who.role != "admin":
        raise Forbidden("this route is for admins")
    return who


CurrentUser = Annotated[Caller, Depends(caller)]
Admin = Annotated[Caller, Depends(admin)]
