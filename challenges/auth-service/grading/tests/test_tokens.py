"""Access tokens, refresh rotation, reuse detection, logout."""

import pytest


@pytest.mark.skill("security")
@pytest.mark.weight(3)
@pytest.mark.parametrize(
    "header", ["", "Bearer", "Bearer not-a-token", "Basic dXNlcjpwYXNz"], ids=["none", "empty", "garbage", "basic"]
)
def test_protected_routes_need_a_valid_token(api, login, header, expect):
    """GET /me without a valid access token is 401"""
    login()
    headers = {"Authorization": header} if header else {}
    expect(api.get("/me", headers=headers), 401, "no valid access token")


@pytest.mark.skill("security")
@pytest.mark.severity("critical")
@pytest.mark.weight(3)
def test_a_tampered_token_is_refused(api, login, expect):
    """An access token with one character changed is 401"""
    session = login()
    token = session.access
    middle = len(token) // 2
    swapped = token[:middle] + ("A" if token[middle] != "A" else "B") + token[middle + 1 :]
    expect(api.get("/me", headers={"Authorization": f"Bearer {swapped}"}), 401, "the token was altered")


@pytest.mark.skill("api_design")
@pytest.mark.weight(2)
def test_me_answers_the_callers_user(api, login, expect):
    """GET /me answers the logged-in user"""
    session = login()
    resp = api.get("/me", headers=session.auth)
    expect(resp, 200, "a valid access token")
    assert resp.json().get("email") == session.email, f"/me answered another user: {resp.json()}"


@pytest.mark.skill("security")
@pytest.mark.weight(4)
def test_refresh_rotates_the_tokens(api, login, succeeded):
    """Refreshing answers a new pair; the new access token works"""
    session = login()
    resp = api.post("/auth/refresh", json={"refresh_token": session.refresh})
    succeeded(resp, "a fresh refresh token")
    body = resp.json()
    assert body.get("refresh_token") and body["refresh_token"] != session.refresh, "refresh must rotate the token"
    succeeded(api.get("/me", headers={"Authorization": f"Bearer {body.get('access_token')}"}), "the new access token")


@pytest.mark.skill("security")
@pytest.mark.severity("high")
@pytest.mark.weight(4)
def test_a_refresh_token_works_once(api, login, refused, succeeded):
    """A used refresh token is refused"""
    session = login()
    succeeded(api.post("/auth/refresh", json={"refresh_token": session.refresh}), "the first use")
    refused(api.post("/auth/refresh", json={"refresh_token": session.refresh}), "the refresh token was already used")


def _reuse(api, login, succeeded, refused):
    """Log in, refresh once, then present the first refresh token again; return the newer pair."""
    session = login()
    first = api.post("/auth/refresh", json={"refresh_token": session.refresh})
    succeeded(first, "the first use")
    refused(api.post("/auth/refresh", json={"refresh_token": session.refresh}), "reuse of a used refresh token")
    return first.json()


@pytest.mark.skill("security")
@pytest.mark.severity("high")
@pytest.mark.weight(7)
def test_reuse_revokes_the_familys_refresh_tokens(api, login, refused, succeeded):
    """Reusing a refresh token revokes its family: the newer refresh token stops working"""
    newer = _reuse(api, login, succeeded, refused)
    refused(
        api.post("/auth/refresh", json={"refresh_token": newer["refresh_token"]}),
        "after a reuse, the refresh tokens of the family are revoked (someone else may hold the stolen one)",
    )


@pytest.mark.skill("security")
@pytest.mark.severity("high")
@pytest.mark.weight(7)
def test_reuse_revokes_the_familys_access_tokens(api, login, refused, succeeded):
    """Reusing a refresh token revokes its family: the newer access token stops working"""
    newer = _reuse(api, login, succeeded, refused)
    refused(
        api.get("/me", headers={"Authorization": f"Bearer {newer['access_token']}"}),
        "after a reuse, the access tokens of the family are revoked",
    )


@pytest.mark.skill("security")
@pytest.mark.weight(2)
def test_reuse_leaves_other_sessions_alone(api, login, succeeded):
    """Reuse in one family does not end the user's other sessions"""
    session = login()
    other = login(session.email)
    succeeded(api.post("/auth/refresh", json={"refresh_token": session.refresh}), "the first use")
    api.post("/auth/refresh", json={"refresh_token": session.refresh})
    succeeded(api.get("/me", headers=other.auth), "another login of the same user is another family")


@pytest.mark.skill("security")
@pytest.mark.severity("high")
@pytest.mark.weight(4)
def test_logout_ends_the_session(api, login, succeeded, refused):
    """After logout, the session's access and refresh tokens are refused"""
    session = login()
    succeeded(api.post("/auth/logout", headers=session.auth), "a logged-in user logs out")
    refused(api.get("/me", headers=session.auth), "the access token of a logged-out session")
    refused(api.post("/auth/refresh", json={"refresh_token": session.refresh}), "the refresh token after logout")


@pytest.mark.skill("api_design")
@pytest.mark.weight(1)
def test_logout_answers_204(api, login, expect):
    """Logout is 204"""
    expect(api.post("/auth/logout", headers=login().auth), 204, "logout has nothing to answer")


@pytest.mark.skill("api_design")
@pytest.mark.weight(1)
def test_unauthenticated_errors_are_problem_details(api, login):
    """A 401 is application/problem+json"""
    login()
    resp = api.get("/me")
    assert resp.headers.get("content-type", "").startswith("application/problem+json"), (
        f"a 401 must be problem details, got {resp.headers.get('content-type')!r}"
    )
