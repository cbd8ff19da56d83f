"""Passwords (bcrypt) and tokens (HS256 JWTs, `Authorization: Token <jwt>`)."""

import os
from datetime import UTC, datetime, timedelta

import bcrypt
import jwt
from fastapi import Request

from app.errors import unauthorized

# Local development only: a deployment sets JWT_SECRET.
SECRET = os.environ.get("JWT_SECRET") or "local-dev-only"
TOKEN_LIFETIME = timedelta(days=7)


def hash_password(password: str) -> str:
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=10)).decode()


def check_password(password: str, stored: str) -> bool:
    try:
        return bcrypt.checkpw(password.encode(), stored.encode())
    except ValueError:
        return False


def make_token(user_id: int) -> str:
    now = datetime.now(UTC)
    claims = {"sub": str(user_id), "iat": now, "exp": now + TOKEN_LIFETIME}
    return jwt.encode(claims, SECRET, algorithm="HS256")


def viewer_id(request: Request) -> int | None:
    """The caller's user id, None without a token; 401 for a malformed, forged or expired token."""
    header = request.headers.get("authorization")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() not in ("token", "bearer") or not token.strip():
        raise unauthorized("the Authorization header must be 'Token <jwt>'")
    try:
        claims = jwt.decode(token.strip(), SECRET, algorithms=["HS256"])
        return int(claims["sub"])
    except (jwt.PyJWTError, KeyError, ValueError) as exc:
        raise unauthorized("the token is invalid or expired") from exc


def user_id(request: Request) -> int:
    """The caller's user id; 401 without a valid token."""
    found = viewer_id(request)
    if found is None:
        raise unauthorized()
    return found
