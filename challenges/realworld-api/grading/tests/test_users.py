"""Users: registration, login, the current user, and what the API must never reveal."""

import base64
import json

import pytest

pytestmark = pytest.mark.skill("api_design")


@pytest.mark.weight(3)
def test_register_returns_201_with_user_and_token(api, unique, expect, json_of):
    """Registering answers 201 with {"user": {email, token, username, bio, image}}"""
    name = unique("user")
    resp = api.post(
        "/api/users", json={"user": {"username": name, "email": f"{name}@example.com", "password": "pa55word!"}}
    )
    expect(resp, 201, "POST /api/users creates a user and must answer 201 Created")
    user = json_of(resp, "user")
    assert user.get("username") == name and user.get("email") == f"{name}@example.com", (
        f"the registered user {user} does not echo username and email"
    )
    assert isinstance(user.get("token"), str) and user["token"].count(".") == 2, (
        f"the user must carry a JWT in `token` (three dot-separated parts), got {user.get('token')!r}"
    )
    assert "bio" in user and "image" in user, f"the user object must have bio and image (null when unset): {user}"


@pytest.mark.weight(2)
@pytest.mark.parametrize(
    "fields",
    [
        {"email": "{n}@example.com", "password": "pa55word!"},
        {"username": "{n}", "password": "pa55word!"},
        {"username": "{n}", "email": "{n}@example.com"},
        {"username": "{n}", "email": "not-an-email", "password": "pa55word!"},
        {"username": "{n}", "email": "{n}@example.com", "password": "short"},
    ],
    ids=["no-username", "no-email", "no-password", "bad-email", "short-password"],
)
def test_invalid_registration_is_422(api, unique, rejected, fields):
    """Invalid registrations are 422 with the {"errors": {...}} envelope"""
    name = unique("user")
    user = {k: v.format(n=name) for k, v in fields.items()}
    rejected(api.post("/api/users", json={"user": user}))


@pytest.mark.skill("server_logic")
@pytest.mark.weight(2)
@pytest.mark.parametrize("taken", ["username", "email"])
def test_taken_username_or_email_is_refused(api, register, unique, refused, taken):
    """A username or email that is already taken is refused, and no second account is made"""
    first = register()
    name = unique("user")
    fields = {"username": name, "email": f"{name}@example.com", "password": "pa55word!", taken: first[taken]}
    refused(api.post("/api/users", json={"user": fields}), f"the {taken} is already taken")
    login = api.post("/api/users/login", json={"user": {"email": fields["email"], "password": "pa55word!"}})
    assert login.status_code >= 400, (
        f"the refused registration still made an account that logs in: {login.text[:200]!r}"
    )


@pytest.mark.weight(1)
def test_taken_email_is_422_with_the_error_envelope(api, register, unique, rejected):
    """A taken email is answered 422 with the error envelope (the brief's status for it)"""
    first = register()
    name = unique("user")
    rejected(
        api.post("/api/users", json={"user": {"username": name, "email": first["email"], "password": "pa55word!"}})
    )


@pytest.mark.weight(2)
def test_login_returns_the_user_with_a_token(api, register, expect, json_of):
    """Logging in with the right password answers 200 with the user and a token that works"""
    user = register()
    resp = api.post("/api/users/login", json={"user": {"email": user["email"], "password": user["password"]}})
    expect(resp, 200, "the email and password are right")
    logged_in = json_of(resp, "user")
    assert logged_in.get("username") == user["username"], f"login returned another user: {logged_in}"
    me = api.get("/api/user", headers={"Authorization": f"Token {logged_in.get('token')}"})
    expect(me, 200, "the token returned by login must authenticate GET /api/user")


@pytest.mark.skill("security")
@pytest.mark.weight(2)
@pytest.mark.parametrize("case", ["wrong-password", "unknown-email"])
def test_login_with_bad_credentials_is_refused(api, register, unique, refused, case):
    """Logging in with a wrong password or an unknown email is refused and hands out no token"""
    user = register()
    email = user["email"] if case == "wrong-password" else f"{unique('nobody')}@example.com"
    resp = api.post("/api/users/login", json={"user": {"email": email, "password": "wrong-password-1"}})
    refused(resp, "the credentials are wrong")
    try:
        body = resp.json()
    except ValueError:
        body = None
    assert not (isinstance(body, dict) and "user" in body), "a failed login must not hand out a user or a token"


def test_wrong_password_is_401(api, register, expect):
    """A login with a wrong password answers 401 (the brief's status for it)"""
    user = register()
    resp = api.post("/api/users/login", json={"user": {"email": user["email"], "password": "wrong-password-1"}})
    expect(resp, 401, "the brief answers wrong credentials with 401")


@pytest.mark.weight(2)
def test_current_user_with_token(api, register, auth, expect, json_of):
    """GET /api/user with `Authorization: Token <jwt>` returns that user"""
    user = register()
    resp = api.get("/api/user", headers=auth(user))
    expect(resp, 200, "the token is valid")
    assert json_of(resp, "user").get("username") == user["username"], "GET /api/user returned another user"


@pytest.mark.skill("security")
@pytest.mark.weight(2)
@pytest.mark.parametrize(
    "header",
    [None, "Token not-a-jwt", pytest.param("Token tampered", marks=pytest.mark.severity("critical"))],
    ids=["missing", "garbage", "tampered"],
)
def test_current_user_without_a_valid_token_is_refused(api, register, expect, header):
    """GET /api/user without a valid token is refused, 401 or 403 (missing, malformed, or forged)"""
    if header == "Token tampered":
        # Keep the header and signature of a real token, but claim a different user in the payload.
        head, payload, signature = register()["token"].split(".")
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        claims = {k: (v + 1 if isinstance(v, int) and k not in ("exp", "iat") else v) for k, v in claims.items()}
        claims["username"] = "admin"
        forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
        header = f"Token {head}.{forged}.{signature}"
    resp = api.get("/api/user", headers={"Authorization": header} if header else {})
    expect(resp, (401, 403), "a request without a valid token must not be treated as any user")
    assert '"user"' not in resp.text, "the refused request still answered a user"


@pytest.mark.skill("server_logic")
@pytest.mark.weight(2)
def test_update_user_changes_only_given_fields(api, register, auth, expect, json_of):
    """PUT /api/user changes bio and image and keeps the other fields"""
    user = register()
    resp = api.put(
        "/api/user", json={"user": {"bio": "I like tests", "image": "https://example.com/me.png"}}, headers=auth(user)
    )
    expect(resp, 200, "a valid update of the current user")
    updated = json_of(resp, "user")
    assert updated.get("bio") == "I like tests" and updated.get("image") == "https://example.com/me.png", (
        f"PUT /api/user did not store bio and image: {updated}"
    )
    assert updated.get("username") == user["username"] and updated.get("email") == user["email"], (
        f"PUT /api/user with only bio and image changed username or email: {updated}"
    )
    again = json_of(api.get("/api/user", headers=auth(user)), "user")
    assert again.get("bio") == "I like tests", "the new bio was not kept: GET /api/user shows the old one"


@pytest.mark.skill("security")
@pytest.mark.weight(2)
def test_changed_password_is_the_one_that_works(api, register, auth, expect):
    """After PUT /api/user with a new password, only the new password logs in"""
    user = register()
    resp = api.put("/api/user", json={"user": {"password": "brand-new-pass"}}, headers=auth(user))
    expect(resp, 200, "changing one's own password")
    old = api.post("/api/users/login", json={"user": {"email": user["email"], "password": user["password"]}})
    expect(old, (400, 401, 403, 422), "the old password must stop working after a password change")
    new = api.post("/api/users/login", json={"user": {"email": user["email"], "password": "brand-new-pass"}})
    expect(new, 200, "the new password must log in")


@pytest.mark.skill("security")
@pytest.mark.severity("critical")
@pytest.mark.weight(3)
def test_password_is_never_returned(api, register, auth, write):
    """No answer ever contains the password or its hash"""
    user = register(password="Visible-Secret-77")
    me = api.get("/api/user", headers=auth(user))
    login = api.post("/api/users/login", json={"user": {"email": user["email"], "password": "Visible-Secret-77"}})
    profile = api.get(f"/api/profiles/{user['username']}")
    article = write(user)
    for resp in (me, login, profile):
        assert "Visible-Secret-77" not in resp.text, f"{resp.request.url.path} sends the password back"
        assert "$2" not in resp.text and "argon2" not in resp.text and "password" not in resp.text.lower(), (
            f"{resp.request.url.path} sends a password field or hash: {resp.text[:300]!r}"
        )
    assert "password" not in json.dumps(article).lower(), f"the article's author carries a password field: {article}"


def _stored_rows(db, email):
    """The users row holding this email, as {column: value} (found without knowing the schema)."""
    tables = db.execute(
        "SELECT table_schema, table_name FROM information_schema.columns "
        "WHERE column_name = 'email' AND table_schema NOT IN ('pg_catalog', 'information_schema')"
    ).fetchall()
    for schema, table in tables:
        cur = db.execute(f'SELECT * FROM "{schema}"."{table}" WHERE email = %s', (email,))  # noqa: S608 (names from the catalog)
        row = cur.fetchone()
        if row is not None:
            return {col.name: value for col, value in zip(cur.description, row, strict=True)}
    raise AssertionError(f"no table with an `email` column holds the registered user {email}")


@pytest.mark.skill("security")
@pytest.mark.severity("critical")
@pytest.mark.weight(4)
def test_passwords_are_stored_with_a_salted_hash(register, db):
    """Passwords are stored hashed with a salt: never in plain text, and two equal passwords store differently"""
    first, second = register(password="Same-Pass-4-Both"), register(password="Same-Pass-4-Both")
    one, two = _stored_rows(db, first["email"]), _stored_rows(db, second["email"])
    for column, value in one.items():
        assert not (isinstance(value, str) and "Same-Pass-4-Both" in value), (
            f"the users table stores the password in plain text (column {column!r})"
        )
    skip = {"email", "username", "bio", "image"}
    same = [
        c for c, v in one.items() if c not in skip and isinstance(v, str | bytes) and len(v) >= 16 and two.get(c) == v
    ]
    assert not same, (
        f"two users with the same password store the same value in {same}: the password is hashed without a "
        "salt (or with a fast, unsalted digest); use bcrypt, scrypt or argon2"
    )
