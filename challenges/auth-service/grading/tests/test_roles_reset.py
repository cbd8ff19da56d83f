"""Roles, password reset."""

import pytest


def _promote(db, email):
    db.execute("UPDATE users SET role = 'admin' WHERE lower(email) = lower(%s)", (email,))


@pytest.mark.skill("security")
@pytest.mark.severity("high")
@pytest.mark.weight(3)
def test_admin_route_is_forbidden_to_users(api, login, refused):
    """GET /admin/users is refused for a user"""
    refused(api.get("/admin/users", headers=login().auth), "the caller is not an admin")


@pytest.mark.skill("api_design")
@pytest.mark.weight(1)
def test_admin_route_answers_403_to_users_and_401_without_token(api, login, expect):
    """GET /admin/users: 403 for a user, 401 without a token"""
    expect(api.get("/admin/users", headers=login().auth), 403, "authenticated but not allowed")
    expect(api.get("/admin/users"), 401, "not authenticated")


@pytest.mark.skill("server_logic")
@pytest.mark.weight(2)
def test_admin_lists_users(api, login, register, db, succeeded):
    """An admin (made in the database as the brief says) lists the users, without secrets"""
    email = register()
    _promote(db, email)
    admin = login(email)
    resp = api.get("/admin/users", headers=admin.auth)
    succeeded(resp, "the caller is an admin")
    items = resp.json().get("items") or []
    assert email in [u.get("email") for u in items], "the admin's own account must be listed"
    leaked = sorted({k for u in items for k in u if "pass" in k.lower() or "hash" in k.lower()})
    assert not leaked, f"the user list carries {leaked}: a user has id, email, role, created_at only"


@pytest.mark.skill("security")
@pytest.mark.severity("high")
@pytest.mark.weight(4)
def test_reset_token_works_once(api, register, reset_token, succeeded, refused):
    """A reset token sets the new password once; the old password stops working"""
    email = register()
    token = reset_token(email)
    new = "a brand new passphrase"
    succeeded(api.post("/auth/password-reset/confirm", json={"token": token, "new_password": new}), "a fresh token")
    succeeded(api.post("/auth/login", json={"email": email, "password": new}), "the new password")
    refused(api.post("/auth/login", json={"email": email, "password": "correct horse battery staple"}), "the old one")
    again = api.post("/auth/password-reset/confirm", json={"token": token, "new_password": "yet another passphrase"})
    refused(again, "a reset token works once")


@pytest.mark.skill("security")
@pytest.mark.weight(2)
def test_reset_ends_every_session(api, login, reset_token, succeeded, refused):
    """After a password reset, the user's existing sessions end"""
    session = login()
    token = reset_token(session.email)
    succeeded(
        api.post("/auth/password-reset/confirm", json={"token": token, "new_password": "a brand new passphrase"}),
        "a fresh token",
    )
    refused(api.get("/me", headers=session.auth), "sessions opened with the old password must end")


@pytest.mark.skill("security")
@pytest.mark.weight(2)
def test_reset_request_does_not_reveal_accounts(api, register, new_email, expect):
    """Asking for a reset answers 202 for unknown and known emails alike"""
    expect(api.post("/auth/password-reset", json={"email": register()}), 202, "a known email")
    expect(api.post("/auth/password-reset", json={"email": new_email()}), 202, "an unknown email, the same answer")


@pytest.mark.skill("api_design")
@pytest.mark.weight(1)
def test_a_bad_reset_token_is_400(api, register, expect):
    """An unknown reset token is 400"""
    register()
    body = {"token": "not-a-real-token", "new_password": "a brand new passphrase"}
    expect(api.post("/auth/password-reset/confirm", json=body), 400, "the token is unknown")
