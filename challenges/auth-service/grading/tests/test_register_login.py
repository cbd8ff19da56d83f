"""Registration and login: statuses, shapes, no enumeration, throttling."""

import pytest
from conftest import PASSWORD


@pytest.mark.skill("api_design")
@pytest.mark.weight(2)
def test_register_returns_201_and_the_user(api, new_email, expect):
    """POST /auth/register answers 201 with the user: id, email, role user, created_at"""
    email = new_email()
    resp = api.post("/auth/register", json={"email": email, "password": PASSWORD})
    expect(resp, 201, "registering creates a user")
    body = resp.json()
    assert {"id", "email", "role", "created_at"} <= set(body), f"the user lacks documented fields: {body}"
    assert (body["email"], body["role"]) == (email, "user"), f"a new user has role 'user': {body}"


@pytest.mark.skill("server_logic")
@pytest.mark.weight(2)
def test_email_is_unique_regardless_of_case(api, register, refused):
    """Registering an email again, in other case, is refused"""
    email = register()
    refused(api.post("/auth/register", json={"email": email.upper(), "password": PASSWORD}), "the email is taken")


@pytest.mark.skill("api_design")
@pytest.mark.weight(1)
def test_taken_email_answers_409(api, register, expect):
    """A taken email is 409"""
    email = register()
    expect(api.post("/auth/register", json={"email": email, "password": PASSWORD}), 409, "the email is taken")


@pytest.mark.skill("api_design")
@pytest.mark.weight(2)
@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "not-an-email", "password": PASSWORD}, "email"),
        ({"password": PASSWORD}, "email"),
        ({"email": "x@example.com", "password": "short"}, "password"),
        ({"email": "x@example.com", "password": 123456789012345}, "password"),
    ],
    ids=["email-without-at", "email-missing", "password-too-short", "password-not-a-string"],
)
def test_invalid_registration_is_422_naming_the_field(api, body, field, expect):
    """An invalid registration is 422 with errors[] naming the field"""
    resp = api.post("/auth/register", json=body)
    expect(resp, 422, f"the field {field!r} is invalid")
    errors = resp.json().get("errors") or []
    assert any(field in str(e.get("field")) for e in errors if isinstance(e, dict)), (
        f"errors[] must name the field {field!r}: {errors}"
    )


@pytest.mark.skill("api_design")
@pytest.mark.weight(2)
def test_login_answers_a_token_pair(api, register, expect):
    """Login answers 200 with access_token, refresh_token, token_type Bearer and expires_in"""
    email = register()
    resp = api.post("/auth/login", json={"email": email, "password": PASSWORD})
    expect(resp, 200, "the password is right")
    body = resp.json()
    assert {"access_token", "refresh_token", "token_type", "expires_in"} <= set(body), f"login answered {body}"
    assert str(body["token_type"]).lower() == "bearer", f"token_type must be Bearer, got {body['token_type']!r}"
    assert isinstance(body["expires_in"], int) and 0 < body["expires_in"] <= 900, (
        f"an access token lives at most 15 minutes; expires_in is {body['expires_in']!r}"
    )


@pytest.mark.skill("security")
@pytest.mark.weight(3)
def test_wrong_password_and_unknown_email_look_the_same(api, register, expect, new_email):
    """A wrong password and an unknown email both answer 401, with the same body"""
    email = register()
    wrong = api.post("/auth/login", json={"email": email, "password": "not the password at all"})
    unknown = api.post("/auth/login", json={"email": new_email(), "password": "not the password at all"})
    expect(wrong, 401, "the password is wrong")
    expect(unknown, 401, "no such account; answering otherwise tells an attacker which emails have accounts")
    strip = lambda r: {k: v for k, v in r.json().items() if k not in ("instance", "trace_id")}  # noqa: E731
    assert strip(wrong) == strip(unknown), (
        f"the answers differ and reveal the account: {wrong.text!r} vs {unknown.text!r}"
    )


@pytest.mark.skill("security")
@pytest.mark.severity("high")
@pytest.mark.weight(8)
def test_login_is_throttled_after_five_failures(api, register, refused, succeeded):
    """After 5 failed logins for an email, even the right password is refused; other emails still log in"""
    email, other = register(), register()
    for attempt in range(5):
        resp = api.post("/auth/login", json={"email": email, "password": f"wrong password {attempt}"})
        refused(resp, "the password is wrong")
    blocked = api.post("/auth/login", json={"email": email, "password": PASSWORD})
    assert blocked.status_code != 200 and 400 <= blocked.status_code < 500, (
        f"after 5 failed logins the right password answered {blocked.status_code}; logins for that email must be "
        "refused for 15 minutes, or passwords can be guessed without limit"
    )
    succeeded(api.post("/auth/login", json={"email": other, "password": PASSWORD}), "another email is not throttled")


@pytest.mark.skill("security")
@pytest.mark.severity("high")
@pytest.mark.weight(6)
def test_throttling_counts_an_email_in_any_case(api, register):
    """Failures under ADA@EXAMPLE.COM and ada@example.com count for one account"""
    email = register()
    for attempt in range(5):
        variant = email.upper() if attempt % 2 else email
        api.post("/auth/login", json={"email": variant, "password": f"wrong password {attempt}"})
    blocked = api.post("/auth/login", json={"email": email, "password": PASSWORD})
    assert blocked.status_code != 200 and 400 <= blocked.status_code < 500, (
        f"5 failed logins alternating the case of the email, then the right password answered {blocked.status_code}: "
        "emails are case-insensitive, so changing the case must not reset the throttle"
    )


@pytest.mark.skill("api_design")
@pytest.mark.weight(1)
def test_throttled_login_answers_429(api, register, expect):
    """A throttled login answers 429"""
    email = register()
    for attempt in range(5):
        api.post("/auth/login", json={"email": email, "password": f"wrong password {attempt}"})
    expect(api.post("/auth/login", json={"email": email, "password": PASSWORD}), 429, "the email is throttled")


@pytest.mark.skill("security")
@pytest.mark.weight(2)
def test_a_successful_login_resets_the_failure_count(api, register, succeeded):
    """Four failures, a success, four failures: the user can still log in"""
    email = register()
    for round_ in range(2):
        for attempt in range(4):
            api.post("/auth/login", json={"email": email, "password": f"wrong {round_}{attempt}"})
        succeeded(api.post("/auth/login", json={"email": email, "password": PASSWORD}), "fewer than 5 in a row")
