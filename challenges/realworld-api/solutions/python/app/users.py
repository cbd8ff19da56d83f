"""Users (registration, login, the current user) and profiles (following)."""

from typing import Any

from fastapi import APIRouter, Request
from psycopg import Connection, errors

from app import auth
from app.errors import ApiError, invalid, not_found, unauthorized
from app.http import JsonBody, text, transaction, unwrap

router = APIRouter(prefix="/api")

USER_BY_ID = "SELECT id, username, email, bio, image FROM users WHERE id = %s"
USER_BY_EMAIL = "SELECT id, username, email, bio, image, password_hash FROM users WHERE email = %s"
INSERT_USER = """
INSERT INTO users (username, email, password_hash) VALUES (%s, %s, %s)
RETURNING id, username, email, bio, image
"""
UPDATE_USER = """
UPDATE users SET username = coalesce(%(username)s, username), email = coalesce(%(email)s, email),
  password_hash = coalesce(%(password_hash)s, password_hash),
  bio = CASE WHEN %(set_bio)s THEN %(bio)s ELSE bio END,
  image = CASE WHEN %(set_image)s THEN %(image)s ELSE image END
WHERE id = %(id)s RETURNING id, username, email, bio, image
"""
PROFILE = """
SELECT u.id, u.username, u.bio, u.image,
  EXISTS (SELECT 1 FROM follows f WHERE f.followee_id = u.id AND f.follower_id = %(viewer)s) AS following
FROM users u WHERE u.username = %(username)s
"""
FOLLOW = "INSERT INTO follows (follower_id, followee_id) VALUES (%s, %s) ON CONFLICT DO NOTHING"
UNFOLLOW = "DELETE FROM follows WHERE follower_id = %s AND followee_id = %s"
MIN_PASSWORD = 8


def user_json(row: dict[str, Any]) -> dict[str, Any]:
    fields = {k: row[k] for k in ("username", "email", "bio", "image")}
    return {"user": {**fields, "token": auth.make_token(row["id"])}}


def profile_json(row: dict[str, Any]) -> dict[str, Any]:
    return {"profile": {k: row[k] for k in ("username", "bio", "image", "following")}}


def _email(fields: dict[str, Any], required: bool) -> str | None:
    email = text(fields, "email", required=required, max_length=254)
    if email is not None and ("@" not in email or email.strip() != email):
        raise invalid("email", "is not an email address")
    return email


def _password(fields: dict[str, Any], required: bool) -> str | None:
    password = text(fields, "password", required=required, max_length=200)
    if password is not None and len(password) < MIN_PASSWORD:
        raise invalid("password", f"is too short (at least {MIN_PASSWORD} characters)")
    return password


def _username(fields: dict[str, Any], required: bool) -> str | None:
    username = text(fields, "username", required=required, max_length=50)
    if username is not None and (not username.strip() or username.strip() != username):
        raise invalid("username", "can't be blank or start or end with spaces")
    return username


def _taken(exc: errors.UniqueViolation) -> ApiError:
    field = "email" if "email" in str(exc.diag.constraint_name) else "username"
    return invalid(field, "has already been taken")


@router.post("/users", status_code=201)
def register(request: Request, body: JsonBody) -> dict[str, Any]:
    """Register a user."""
    fields = unwrap(body, "user")
    username, email = _username(fields, True), _email(fields, True)
    password = _password(fields, True)
    assert password is not None
    try:
        with transaction(request) as conn:
            row = conn.execute(INSERT_USER, (username, email, auth.hash_password(password))).fetchone()
    except errors.UniqueViolation as exc:
        raise _taken(exc) from exc
    return user_json(row)


@router.post("/users/login")
def login(request: Request, body: JsonBody) -> dict[str, Any]:
    """Log in with email and password."""
    fields = unwrap(body, "user")
    email, password = text(fields, "email", required=True), text(fields, "password", required=True)
    with transaction(request) as conn:
        row = conn.execute(USER_BY_EMAIL, (email,)).fetchone()
    if row is None or not auth.check_password(password or "", row["password_hash"]):
        raise unauthorized("email or password is invalid")
    return user_json(row)


@router.get("/user")
def current_user(request: Request) -> dict[str, Any]:
    """The user the token belongs to."""
    me = auth.user_id(request)
    with transaction(request) as conn:
        row = conn.execute(USER_BY_ID, (me,)).fetchone()
    if row is None:
        raise unauthorized("the token's user no longer exists")
    return user_json(row)


@router.put("/user")
def update_user(request: Request, body: JsonBody) -> dict[str, Any]:
    """Update the current user; fields not sent are unchanged."""
    me = auth.user_id(request)
    fields = unwrap(body, "user")
    password = _password(fields, False)
    params = {
        "id": me,
        "username": _username(fields, False),
        "email": _email(fields, False),
        "password_hash": auth.hash_password(password) if password else None,
        "set_bio": "bio" in fields,
        "bio": text(fields, "bio", required=False),
        "set_image": "image" in fields,
        "image": text(fields, "image", required=False, max_length=2000),
    }
    try:
        with transaction(request) as conn:
            row = conn.execute(UPDATE_USER, params).fetchone()
    except errors.UniqueViolation as exc:
        raise _taken(exc) from exc
    if row is None:
        raise unauthorized("the token's user no longer exists")
    return user_json(row)


def find_profile(conn: Connection, username: str, viewer: int | None) -> dict[str, Any]:
    row = conn.execute(PROFILE, {"username": username, "viewer": viewer}).fetchone()
    if row is None:
        raise not_found("profile")
    return row


@router.get("/profiles/{username}")
def get_profile(request: Request, username: str) -> dict[str, Any]:
    """A user's public profile; `following` is from the caller's point of view."""
    viewer = auth.viewer_id(request)
    with transaction(request) as conn:
        return profile_json(find_profile(conn, username, viewer))


@router.post("/profiles/{username}/follow")
def follow(request: Request, username: str) -> dict[str, Any]:
    """Follow a user (following twice is the same as once)."""
    me = auth.user_id(request)
    with transaction(request) as conn:
        target = find_profile(conn, username, me)
        if target["id"] == me:
            raise invalid("username", "you cannot follow yourself")
        conn.execute(FOLLOW, (me, target["id"]))
    return profile_json({**target, "following": True})


@router.delete("/profiles/{username}/follow")
def unfollow(request: Request, username: str) -> dict[str, Any]:
    """Stop following a user."""
    me = auth.user_id(request)
    with transaction(request) as conn:
        target = find_profile(conn, username, me)
        conn.execute(UNFOLLOW, (me, target["id"]))
    return profile_json({**target, "following": False})
