"""Passwords (bcrypt) and tokens (JWT, HS256, `Authorization: Token <jwt>`)."""

import logging
import os
import secrets
from datetime import UTC, datetime, timedelta

import bcrypt
import jwt
from flask import request

from conduit.errors import unauthorized

TOKEN_LIFETIME = timedelta(days=7)
log = logging.getLogger("conduit")


def _signing_key() -> str:
    key = os.environ.get("JWT_SECRET")
    if key:
        return key
    # Without a configured secret, tokens are signed with a random one: they stop working on restart,
    # which is acceptable for local development and never silently weak in production.
    log.warning("JWT_SECRET is not set: using a random secret for this process")
    return secrets.token_urlsafe(32)


SIGNING_KEY = _signing_key()


def hash_password(plain: str) -> str:
    return bcrypt.hashpw(plain.encode(), bcrypt.gensalt(rounds=10)).decode()


def password_matches(plain: str, stored: str) -> bool:
    return bcrypt.checkpw(plain.encode(), stored.encode())


def issue_token(user_id: int, username: str) -> str:
    claims = {"sub": str(user_id), "username": username, "exp": datetime.now(UTC) + TOKEN_LIFETIME}
    return jwt.encode(claims, SIGNING_KEY, algorithm="HS256")


def _bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme not in ("Token", "Bearer") or not token.strip():
        return None
    return token.strip()


def token_user_id() -> int | None:
    """The user id the request's token names; None without a token; 401 for a bad one."""
    token = _bearer()
    if token is None:
        if request.headers.get("Authorization"):
            raise unauthorized()
        return None
    try:
        claims = jwt.decode(token, SIGNING_KEY, algorithms=["HS256"], options={"require": ["exp", "sub"]})
        return int(claims["sub"])
    except (jwt.InvalidTokenError, ValueError):
        raise unauthorized() from None


def required_user_id() -> int:
    user_id = token_user_id()
    if user_id is None:
        raise unauthorized()
    return user_id


def current_token() -> str:
    return _bearer() or ""
