"""Flask front of the auth service: parse, call app.accounts, answer JSON or problem details."""

import re

from flask import Flask, Response, g, jsonify, request
from werkzeug.exceptions import BadRequest, HTTPException

from app import accounts as acc
from app import credentials as cred
from app.accounts import AuthError
from app.db import open_pool

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")


def problem(status: int, kind: str, title: str, detail: str, errors: list | None = None) -> Response:
    body = {"type": kind, "title": title, "status": status, "detail": detail}
    if errors is not None:
        body["errors"] = errors
    resp = jsonify(body)
    resp.status_code = status
    resp.content_type = "application/problem+json"
    return resp


def invalid(errors: list[dict]) -> AuthError:
    return AuthError(422, "/problems/validation", "Request validation failed", "invalid fields", errors)


def body_of() -> dict:
    data = request.get_json(silent=False)
    if not isinstance(data, dict):
        raise invalid([{"field": "body", "message": "must be a JSON object"}])
    return data


def text(data: dict, field: str, low: int, high: int, errors: list, optional: bool = False) -> str | None:
    value = data.get(field)
    if value is None and optional:
        return None
    if not isinstance(value, str) or not low <= len(value) <= high:
        errors.append({"field": field, "message": f"must be a string of {low} to {high} characters"})
    return value


def note_view(row: dict) -> dict:
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.items()}


def who():
    return acc.caller(g.conn, request.headers.get("Authorization", ""))


def register_routes(app: Flask) -> None:  # noqa: C901 (one flat list of small routes)
    @app.post("/auth/register")
    def register():
        data, errors = body_of(), []
        email = data.get("email")
        if not isinstance(email, str) or len(email) > 254 or not EMAIL.match(email):
            errors.append({"field": "email", "message": "must be an email address"})
        password = text(data, "password", 12, 128, errors)
        if errors:
            raise invalid(errors)
        try:
            with g.conn.transaction():
                row = g.conn.execute(
                    "INSERT INTO users (email, password) VALUES (%s, %s) RETURNING id, email, role, registered_at",
                    (email, cred.hash_password(password)),
                ).fetchone()
        except Exception as exc:
            if getattr(exc, "sqlstate", None) == "23505":
                raise AuthError(409, "/problems/conflict", "Email taken", "this email is registered") from None
            raise
        return acc.user_view(row), 201

    @app.post("/auth/login")
    def login():
        data = body_of()
        errors: list = []
        email = (text(data, "email", 1, 254, errors) or "").lower()
        password = text(data, "password", 1, 1024, errors) or ""
        if errors:
            raise invalid(errors)
        if acc.is_locked(g.conn, email):
            raise AuthError(429, "/problems/throttled", "Too many attempts", "try again in 15 minutes")
        user = acc.authenticate(g.conn, email, password)
        if user is None:
            g.conn.execute("INSERT INTO failed_logins (email) VALUES (%s)", (email,))
            raise acc.unauthorized("wrong email or password")
        g.conn.execute("DELETE FROM failed_logins WHERE email = %s", (email,))
        return acc.new_family(g.conn, user["id"])

    @app.post("/auth/refresh")
    def refresh():
        data, errors = body_of(), []
        token = text(data, "refresh_token", 1, 200, errors)
        if errors:
            raise invalid(errors)
        pair = acc.rotate(g.conn, token)
        if pair is None:
            raise acc.unauthorized("the refresh token is not valid")
        return pair

    @app.post("/auth/logout")
    def logout():
        me = who()
        g.conn.execute("UPDATE token_families SET revoked = true WHERE id = %s", (me["family"],))
        return "", 204

    @app.get("/me")
    def me():
        return acc.user_view(who())

    @app.get("/admin/users")
    def users():
        if who()["role"] != "admin":
            raise AuthError(403, "/problems/forbidden", "Forbidden", "admins only")
        rows = g.conn.execute("SELECT id, email, role, registered_at FROM users ORDER BY id").fetchall()
        return {"items": [acc.user_view(r) for r in rows]}

    @app.post("/auth/password-reset")
    def ask_reset():
        data, errors = body_of(), []
        email = text(data, "email", 1, 254, errors)
        if errors:
            raise invalid(errors)
        user = g.conn.execute("SELECT id, email FROM users WHERE lower(email) = lower(%s)", (email,)).fetchone()
        if user:
            token, digest = cred.opaque()
            g.conn.execute(
                "INSERT INTO reset_tokens (sha256, user_id, expires_at) VALUES (%s, %s, now() + interval '30 minutes')",
                (digest, user["id"]),
            )
            g.conn.execute(
                "INSERT INTO outbox (recipient, body) VALUES (%s, %s)",
                (user["email"], "Forgot your password? Open /reset?token=" + token + " within 30 minutes."),
            )
        return "", 202

    @app.post("/auth/password-reset/confirm")
    def confirm_reset():
        data, errors = body_of(), []
        token = text(data, "token", 1, 200, errors)
        password = text(data, "new_password", 12, 128, errors)
        if errors:
            raise invalid(errors)
        row = g.conn.execute(
            "UPDATE reset_tokens SET used = true WHERE sha256 = %s AND NOT used AND expires_at > now() "
            "RETURNING user_id",
            (cred.sha256(token),),
        ).fetchone()
        if row is None:
            raise AuthError(400, "/problems/bad-token", "Bad token", "unknown, used or expired reset token")
        g.conn.execute("UPDATE users SET password = %s WHERE id = %s", (cred.hash_password(password), row["user_id"]))
        g.conn.execute("UPDATE token_families SET revoked = true WHERE user_id = %s", (row["user_id"],))
        return "", 204

    register_note_routes(app)


def register_note_routes(app: Flask) -> None:
    def mine(note_id: int, sql: str, params: tuple = ()) -> dict:
        row = g.conn.execute(sql, (*params, note_id, who()["id"])).fetchone()
        if row is None:
            raise AuthError(404, "/problems/not-found", "Not found", f"no note {note_id}")
        return note_view(row)

    @app.post("/notes")
    def create_note():
        owner = who()
        data, errors = body_of(), []
        title = text(data, "title", 1, 200, errors)
        body = text(data, "body", 0, 10_000, errors, optional=True) or ""
        if errors:
            raise invalid(errors)
        row = g.conn.execute(
            "INSERT INTO notes (owner_id, title, body) VALUES (%s, %s, %s) "
            "RETURNING id, title, body, created_at, updated_at",
            (owner["id"], title, body),
        ).fetchone()
        return note_view(row), 201, {"Location": f"/notes/{row['id']}"}

    @app.get("/notes")
    def list_notes():
        rows = g.conn.execute(
            "SELECT id, title, body, created_at, updated_at FROM notes WHERE owner_id = %s "
            "ORDER BY created_at DESC, id DESC LIMIT 500",
            (who()["id"],),
        ).fetchall()
        return {"items": [note_view(r) for r in rows]}

    @app.get("/notes/<int:note_id>")
    def read_note(note_id: int):
        return mine(
            note_id, "SELECT id, title, body, created_at, updated_at FROM notes WHERE id = %s AND owner_id = %s"
        )

    @app.patch("/notes/<int:note_id>")
    def edit_note(note_id: int):
        who()
        data, errors = body_of(), []
        title = text(data, "title", 1, 200, errors, optional=True)
        body = text(data, "body", 0, 10_000, errors, optional=True)
        if errors:
            raise invalid(errors)
        return mine(
            note_id,
            "UPDATE notes SET title = coalesce(%s, title), body = coalesce(%s, body), updated_at = now() "
            "WHERE id = %s AND owner_id = %s RETURNING id, title, body, created_at, updated_at",
            (title, body),
        )

    @app.delete("/notes/<int:note_id>")
    def delete_note(note_id: int):
        mine(
            note_id,
            "DELETE FROM notes WHERE id = %s AND owner_id = %s RETURNING id, title, body, created_at, updated_at",
        )
        return "", 204


def create_app() -> Flask:
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = 64 * 1024
    pool = open_pool()

    @app.before_request
    def open_transaction() -> None:
        # One transaction per request, committed after the answer is decided, errors answered included:
        # a failed login or a detected token reuse must be recorded even though the answer is 401.
        g.scope = pool.connection()
        g.conn = g.scope.__enter__()

    @app.teardown_request
    def close_transaction(exc: BaseException | None) -> None:
        scope = g.pop("scope", None)
        if scope is not None:
            scope.__exit__(type(exc) if exc else None, exc, None)

    @app.errorhandler(AuthError)
    def on_auth_error(err: AuthError):
        return problem(err.status, err.kind, err.title, err.detail, err.errors if err.status == 422 else None)

    @app.errorhandler(BadRequest)
    def on_bad_json(err: BadRequest):
        return problem(400, "/problems/malformed-json", "Malformed JSON", "the body is not valid JSON")

    @app.errorhandler(HTTPException)
    def on_http(err: HTTPException):
        return problem(err.code or 500, "about:blank", err.name, err.description or err.name)

    @app.errorhandler(Exception)
    def on_crash(err: Exception):
        app.logger.error("unhandled %s", type(err).__name__)
        return problem(500, "about:blank", "Internal Server Error", "something went wrong on our side")

    @app.get("/health")
    def health():
        g.conn.execute("SELECT 1")
        return {"status": "ok"}

    register_routes(app)
    return app
