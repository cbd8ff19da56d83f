"""A sample of the platform's checks (the hidden suite has many more)."""

from conftest import PASSWORD, bearer


def test_health(api):
    assert api.get("/health").status_code == 200


def test_me_needs_a_token(api):
    assert api.get("/me").status_code == 401


def test_login_and_me(api, user):
    email, tokens = user()
    assert tokens["token_type"] == "Bearer"
    assert api.get("/me", headers=bearer(tokens)).json()["email"] == email


def test_wrong_password_is_401(api, user):
    email, _ = user()
    assert api.post("/auth/login", json={"email": email, "password": PASSWORD + "x"}).status_code == 401


def test_refresh_token_works_once(api, user):
    _, tokens = user()
    assert api.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]}).status_code == 200
    assert api.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]}).status_code == 401


def test_another_users_note_is_404(api, user):
    _, alice = user()
    _, bob = user()
    note = api.post("/notes", json={"title": "diary", "body": "private"}, headers=bearer(alice)).json()
    assert api.get(f"/notes/{note['id']}", headers=bearer(bob)).status_code == 404
