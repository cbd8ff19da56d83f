"""Conventions checked once across routes, and what no answer may ever contain.

The behaviours these decorate (a route refuses a request without a token, a non-author is refused)
are checked route by route elsewhere and accept any refusal; here the exact convention is judged once.
"""

import re

import pytest

pytestmark = pytest.mark.skill("api_design")

# What a stack trace or a database error looks like in Python, Node.js, Java and Go services.
INTERNALS = re.compile(
    # Bodies are usually JSON, where quotes and newlines arrive escaped (\" and \n).
    r'Traceback \(most recent call last\)|File \\?"[^"\\]+\\?", line \d+|(?:\n|\\n)\s+at [\w$.<>]+ \(|node_modules/'
    r"|\.js:\d+:\d+|psycopg|SQLSTATE|syntax error at or near|goroutine \d+|\tat [\w$.]+\(",
)


def _routes_needing_a_user(api, register, write):
    """(method, path, json body) of every route the brief says needs a user."""
    owner = register()
    slug = write(owner)["slug"]
    return [
        ("GET", "/api/user", None),
        ("PUT", "/api/user", {"user": {"bio": "x"}}),
        ("GET", "/api/articles/feed", None),
        ("POST", "/api/articles", {"article": {"title": "t", "description": "d", "body": "b", "tagList": []}}),
        ("PUT", f"/api/articles/{slug}", {"article": {"body": "x"}}),
        ("DELETE", f"/api/articles/{slug}", None),
        ("POST", f"/api/articles/{slug}/favorite", None),
        ("POST", f"/api/articles/{slug}/comments", {"comment": {"body": "x"}}),
        ("POST", f"/api/profiles/{owner['username']}/follow", None),
    ]


@pytest.mark.weight(3)
def test_missing_or_invalid_token_is_401_across_routes(api, register, write):
    """Every route that needs a user answers 401 (not 403) without a token or with an invalid one"""
    wrong = []
    for method, path, body in _routes_needing_a_user(api, register, write):
        for header in ({}, {"Authorization": "Token not.a.valid-jwt"}):
            resp = api.request(method, path, json=body, headers=header)
            if resp.status_code != 401:
                token = "an invalid token" if header else "no token"
                wrong.append(f"{method} {path} with {token}: {resp.status_code}")
    assert not wrong, "the brief asks for 401 when there is no valid token; got " + "; ".join(wrong)


def _malformed_requests(register, write):
    """Requests a careless or hostile client sends: wrong types, missing envelopes, broken JSON."""
    user = register()
    slug = write(user)["slug"]
    headers = {"Authorization": f"Token {user['token']}"}
    return [
        ("POST", "/api/users", {"content": b"{not json", "headers": {"Content-Type": "application/json"}}),
        ("POST", "/api/users", {"json": {"user": "alice"}}),
        ("POST", "/api/users", {"json": {"user": {"username": 5, "email": [], "password": {}}}}),
        ("POST", "/api/users/login", {"json": {"user": None}}),
        ("POST", "/api/articles", {"json": {"article": None}, "headers": headers}),
        (
            "POST",
            "/api/articles",
            {"json": {"article": {"title": ["x"], "description": 1, "body": True}}, "headers": headers},
        ),
        ("PUT", f"/api/articles/{slug}", {"json": {"article": "x"}, "headers": headers}),
        ("PUT", "/api/user", {"json": {"user": {"email": 12}}, "headers": headers}),
        ("POST", f"/api/articles/{slug}/comments", {"json": {"comment": {"body": 7}}, "headers": headers}),
        ("GET", "/api/articles", {"params": {"limit": "ten", "offset": "x"}}),
    ]


@pytest.mark.weight(2)
def test_malformed_input_is_not_a_server_error(api, register, write):
    """Malformed bodies and parameters are refused with a 4xx, never a 500"""
    failing = []
    for method, path, kwargs in _malformed_requests(register, write):
        resp = api.request(method, path, **kwargs)
        if resp.status_code >= 500:
            sent = kwargs.get("json", kwargs.get("params", "broken JSON"))
            failing.append(f"{method} {path} ({str(sent)[:60]}): {resp.status_code}")
    assert not failing, "bad input must be refused, not crash the service: " + "; ".join(failing)


@pytest.mark.skill("security")
@pytest.mark.severity("critical")
@pytest.mark.weight(3)
def test_errors_never_reveal_a_stack_trace(api, register, write):
    """No answer to malformed input carries a stack trace, source paths or database error text"""
    leaking = []
    for method, path, kwargs in _malformed_requests(register, write):
        resp = api.request(method, path, **kwargs)
        found = INTERNALS.search(resp.text)
        if found:
            leaking.append(f"{method} {path} answered {resp.status_code} with {found.group(0)!r}")
    assert not leaking, "an error answer shows the service's internals to any caller: " + "; ".join(leaking)
