"""Our own checks beyond the public sample: reuse detection, logout, throttling."""

from conftest import PASSWORD, bearer


def test_reuse_revokes_the_family(api, user):
    _, tokens = user()
    newer = api.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]}).json()
    assert api.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]}).status_code == 401
    assert api.post("/auth/refresh", json={"refresh_token": newer["refresh_token"]}).status_code == 401
    assert api.get("/me", headers=bearer(newer)).status_code == 401


def test_logout_ends_the_session(api, user):
    _, tokens = user()
    assert api.post("/auth/logout", headers=bearer(tokens)).status_code == 204
    assert api.get("/me", headers=bearer(tokens)).status_code == 401


def test_throttled_after_five_failures(api, user):
    email, _ = user()
    for _ in range(5):
        assert api.post("/auth/login", json={"email": email, "password": "wrong password!"}).status_code == 401
    assert api.post("/auth/login", json={"email": email, "password": PASSWORD}).status_code == 429
