"""Routes of users and profiles."""

from flask import Blueprint, jsonify

from conduit import accounts, security, validation
from conduit.errors import ApiError, not_found
from conduit.validation import MISSING

blueprint = Blueprint("users", __name__)


def _user_json(user: dict, token: str) -> dict:
    return {"user": {**user, "token": token}}


def profile_json(row: dict) -> dict:
    return {"username": row["username"], "bio": row["bio"], "image": row["image"], "following": row["following"]}


@blueprint.post("/api/users")
def register():
    fields = validation.envelope("user")
    username = validation.text(fields, "username", required=True, max_length=64)
    email = validation.email(fields, required=True)
    password = validation.password(fields, required=True)
    user = accounts.register(username.strip(), email.strip(), password)
    return jsonify(_user_json(user, security.issue_token(user["id"], user["username"]))), 201


@blueprint.post("/api/users/login")
def login():
    fields = validation.envelope("user")
    email = validation.text(fields, "email", required=True)
    password = validation.text(fields, "password", required=True)
    user = accounts.authenticate(email.strip(), password)
    if user is None:
        raise ApiError(401, "credentials", "email or password is invalid")
    return jsonify(_user_json(user, security.issue_token(user["id"], user["username"])))


@blueprint.get("/api/user")
def current_user():
    user = accounts.find_user(security.required_user_id())
    if user is None:  # a valid token of a user that no longer exists
        raise not_found("user")
    return jsonify(_user_json(user, security.current_token()))


@blueprint.put("/api/user")
def update_user():
    user_id = security.required_user_id()
    fields = validation.envelope("user")
    changes = {
        "username": validation.text(fields, "username", required=False, max_length=64),
        "email": validation.email(fields, required=False),
        "password": validation.password(fields, required=False),
        "bio": validation.nullable_text(fields, "bio"),
        "image": validation.nullable_text(fields, "image"),
    }
    user = accounts.update_user(user_id, {k: v for k, v in changes.items() if v is not MISSING})
    if user is None:
        raise not_found("user")
    return jsonify(_user_json(user, security.current_token()))


@blueprint.get("/api/profiles/<username>")
def get_profile(username: str):
    return jsonify(profile=profile_json(accounts.profile(username, security.token_user_id())))


@blueprint.post("/api/profiles/<username>/follow")
def follow(username: str):
    return jsonify(profile=profile_json(accounts.set_following(username, security.required_user_id(), True)))


@blueprint.delete("/api/profiles/<username>/follow")
def unfollow(username: str):
    return jsonify(profile=profile_json(accounts.set_following(username, security.required_user_id(), False)))
