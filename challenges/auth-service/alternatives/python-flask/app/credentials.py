"""PBKDF2 password hashes, signed access tokens (JWT), opaque refresh and reset tokens."""

import base64
import hashlib
import hmac
import secrets
import time
import uuid

import jwt

ITERATIONS = 200_000
ACCESS_TTL = 300
# A fresh signing key per process: access tokens last minutes, and a restart only means a refresh.
SIGNING_KEY = secrets.token_bytes(32)


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    derived = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, ITERATIONS)
    return f"pbkdf2_sha256${ITERATIONS}${base64.b64encode(salt).decode()}${base64.b64encode(derived).decode()}"


def check_password(password: str, stored: str) -> bool:
    _, iterations, salt, expected = stored.split("$")
    derived = hashlib.pbkdf2_hmac("sha256", password.encode(), base64.b64decode(salt), int(iterations))
    return hmac.compare_digest(derived, base64.b64decode(expected))


UNKNOWN_USER_HASH = hash_password(secrets.token_urlsafe(12))


def access_token(user_id: int, family: uuid.UUID) -> str:
    now = int(time.time())
    claims = {"sub": str(user_id), "fam": str(family), "iat": now, "exp": now + ACCESS_TTL}
    return jwt.encode(claims, SIGNING_KEY, algorithm="HS256")


def read_access_token(token: str) -> dict | None:
    try:
        return jwt.decode(token, SIGNING_KEY, algorithms=["HS256"], options={"require": ["exp", "sub", "fam"]})
    except jwt.PyJWTError:
        return None


def opaque() -> tuple[str, str]:
    """A random token and the SHA-256 hex digest we store instead of it."""
    token = secrets.token_urlsafe(32)
    return token, hashlib.sha256(token.encode()).hexdigest()


def sha256(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
