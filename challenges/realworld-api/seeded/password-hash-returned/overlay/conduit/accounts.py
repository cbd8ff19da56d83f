"""Users and profiles: the queries and rules behind /api/users, /api/user and /api/profiles."""

from typing import Any

from psycopg import errors as pg_errors

from conduit import security
from conduit.db import transaction
from conduit.errors import ApiError, invalid, not_found

TAKEN = {"users_username_key": "username", "users_email_key": "email"}


def _taken(error: pg_errors.UniqueViolation) -> ApiError:
    field = TAKEN.get(error.diag.constraint_name or "", "body")
    return invalid(field, "has already been taken")


def register(username: str, email: str, plain_password: str) -> dict[str, Any]:
    hashed = security.hash_password(plain_password)
    try:
        with transaction() as conn:
            return conn.execute(
                "INSERT INTO users (username, email, password_hash) VALUES (%s, %s, %s)"
                " RETURNING id, username, email, bio, image",
                (username, email.lower(), hashed),
            ).fetchone()
    except pg_errors.UniqueViolation as error:
        raise _taken(error) from None


def authenticate(email: str, plain_password: str) -> dict[str, Any] | None:
    with transaction() as conn:
        row = conn.execute(
            "SELECT id, username, email, bio, image, password_hash FROM users WHERE email = %s", (email.lower(),)
        ).fetchone()
    if row is None or not security.password_matches(plain_password, row["password_hash"]):
        return None
    return row


def find_user(user_id: int) -> dict[str, Any] | None:
    with transaction() as conn:
        return conn.execute("SELECT id, username, email, bio, image FROM users WHERE id = %s", (user_id,)).fetchone()


def update_user(user_id: int, changes: dict[str, Any]) -> dict[str, Any] | None:
    """Change only the fields sent; bio and image may be set back to null."""
    if "password" in changes:
        changes["password_hash"] = security.hash_password(changes.pop("password"))
    if "email" in changes:
        changes["email"] = changes["email"].lower()
    params: dict[str, Any] = {"id": user_id}
    for column in ("username", "email", "password_hash", "bio", "image"):
        params[f"set_{column}"] = column in changes
        params[column] = changes.get(column)
    try:
        with transaction() as conn:
            return conn.execute(
                "UPDATE users SET"
                " username = CASE WHEN %(set_username)s THEN %(username)s ELSE username END,"
                " email = CASE WHEN %(set_email)s THEN %(email)s ELSE email END,"
                " password_hash = CASE WHEN %(set_password_hash)s THEN %(password_hash)s ELSE password_hash END,"
                " bio = CASE WHEN %(set_bio)s THEN %(bio)s ELSE bio END,"
                " image = CASE WHEN %(set_image)s THEN %(image)s ELSE image END"
                " WHERE id = %(id)s RETURNING id, username, email, bio, image",
                params,
            ).fetchone()
    except pg_errors.UniqueViolation as error:
        raise _taken(error) from None


def profile(username: str, viewer_id: int | None) -> dict[str, Any]:
    with transaction() as conn:
        row = conn.execute(
            "SELECT u.id, u.username, u.bio, u.image,"
            " EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = %s AND f.followee_id = u.id) AS following"
            " FROM users u WHERE u.username = %s",
            (viewer_id, username),
        ).fetchone()
    if row is None:
        raise not_found("profile")
    return row


def set_following(username: str, follower_id: int, follow: bool) -> dict[str, Any]:
    target = profile(username, follower_id)
    with transaction() as conn:
        if follow:
            conn.execute(
                "INSERT INTO follows (follower_id, followee_id) VALUES (%s, %s) ON CONFLICT DO NOTHING",
                (follower_id, target["id"]),
            )
        else:
            conn.execute(
                "DELETE FROM follows WHERE follower_id = %s AND followee_id = %s", (follower_id, target["id"])
            )
    return {**target, "following": follow}
