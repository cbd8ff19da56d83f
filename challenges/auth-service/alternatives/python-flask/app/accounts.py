"""Users, logins, token families. Functions take a connection; the routes own the transactions."""

import uuid

from app import credentials as cred

MAX_FAILURES = 5
WINDOW = "15 minutes"
USER_FIELDS = "id, email, role, registered_at"


class AuthError(Exception):
    def __init__(self, status: int, kind: str, title: str, detail: str, errors: list | None = None) -> None:
        super().__init__(detail)
        self.status, self.kind, self.title, self.detail, self.errors = status, kind, title, detail, errors


def unauthorized(detail: str) -> AuthError:
    return AuthError(401, "/problems/unauthorized", "Not authenticated", detail)


def user_view(row: dict) -> dict:
    return {"id": row["id"], "email": row["email"], "role": row["role"], "created_at": row["registered_at"].isoformat()}


def is_locked(conn, email: str) -> bool:
    failures = conn.execute(
        "SELECT count(*) AS n FROM failed_logins WHERE email = %s AND failed_at > now() - %s::interval",
        (email, WINDOW),
    ).fetchone()["n"]
    return failures >= MAX_FAILURES


def authenticate(conn, email: str, password: str) -> dict | None:
    user = conn.execute("SELECT id, password FROM users WHERE lower(email) = %s", (email,)).fetchone()
    valid = cred.check_password(password, user["password"] if user else cred.UNKNOWN_USER_HASH)
    return user if user and valid else None


def new_family(conn, user_id: int) -> dict:
    family = uuid.uuid4()
    conn.execute("INSERT INTO token_families (id, user_id) VALUES (%s, %s)", (family, user_id))
    return token_pair(conn, user_id, family)


def token_pair(conn, user_id: int, family: uuid.UUID) -> dict:
    refresh, digest = cred.opaque()
    conn.execute("INSERT INTO refresh_tokens (family_id, sha256) VALUES (%s, %s)", (family, digest))
    return {
        "access_token": cred.access_token(user_id, family),
        "refresh_token": refresh,
        "token_type": "Bearer",
        "expires_in": cred.ACCESS_TTL,
    }


def rotate(conn, refresh: str) -> dict | None:
    """The next pair, or None; a replaced token presented again revokes its family."""
    row = conn.execute(
        "SELECT t.id, t.replaced, f.id AS family, f.user_id, f.revoked FROM refresh_tokens t "
        "JOIN token_families f ON f.id = t.family_id WHERE t.sha256 = %s FOR UPDATE OF t, f",
        (cred.sha256(refresh),),
    ).fetchone()
    if row is None or row["revoked"]:
        return None
    if row["replaced"]:
        conn.execute("UPDATE token_families SET revoked = true WHERE id = %s", (row["family"],))
        return None
    conn.execute("UPDATE refresh_tokens SET replaced = true WHERE id = %s", (row["id"],))
    return token_pair(conn, row["user_id"], row["family"])


def caller(conn, header: str) -> dict:
    """The user behind a Bearer access token whose family is still alive."""
    scheme, _, token = header.partition(" ")
    claims = cred.read_access_token(token.strip()) if scheme.lower() == "bearer" and token.strip() else None
    if claims is None:
        raise unauthorized("a valid Bearer access token is required")
    row = conn.execute(
        "SELECT u.id, u.email, u.role, u.registered_at, f.id AS family FROM token_families f "
        "JOIN users u ON u.id = f.user_id WHERE f.id = %s AND NOT f.revoked AND u.id = %s",
        (claims["fam"], int(claims["sub"])),
    ).fetchone()
    if row is None:
        raise unauthorized("this session has ended")
    return row
