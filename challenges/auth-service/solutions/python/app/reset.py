"""Password reset: a one-time token, mailed through the outbox, valid for 30 minutes."""

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.models import ResetConfirm, ResetRequest
from app.problems import BadToken
from app.secrets_ import digest, hash_password, new_token

router = APIRouter(tags=["auth"])

VALID_MINUTES = 30


@router.post("/auth/password-reset", status_code=202)
def request_reset(body: ResetRequest, request: Request) -> Response:
    """Mail a reset token if the email has an account; answer the same either way."""
    with request.app.state.pool.connection() as conn, conn.transaction():
        user = conn.execute("SELECT id, email FROM users WHERE lower(email) = lower(%s)", (body.email,)).fetchone()
        if user is not None:
            token = new_token()
            conn.execute(
                "INSERT INTO password_resets (token_hash, user_id, expires_at) "
                "VALUES (%s, %s, now() + make_interval(mins => %s))",
                (digest(token), user["id"], VALID_MINUTES),
            )
            conn.execute(
                "INSERT INTO outbox (recipient, subject, body) VALUES (%s, %s, %s)",
                (user["email"], "Reset your password", f"Set a new password within 30 minutes: /reset?token={token}"),
            )
    return Response(status_code=202)


@router.post("/auth/password-reset/confirm", status_code=204)
def confirm_reset(body: ResetConfirm, request: Request) -> Response:
    """Set a new password with a reset token; the token works once and every session ends."""
    with request.app.state.pool.connection() as conn, conn.transaction():
        row = conn.execute(
            "UPDATE password_resets SET used_at = now() "
            "WHERE token_hash = %s AND used_at IS NULL AND expires_at > now() RETURNING user_id",
            (digest(body.token),),
        ).fetchone()
        if row is None:
            raise BadToken("the reset token is unknown, used or expired")
        conn.execute(
            "UPDATE users SET password_hash = %s WHERE id = %s", (hash_password(body.new_password), row["user_id"])
        )
        conn.execute(
            "UPDATE sessions SET revoked_at = now() WHERE user_id = %s AND revoked_at IS NULL", (row["user_id"],)
        )
    return Response(status_code=204)
