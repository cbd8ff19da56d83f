"""Helpers for the realworld-api hidden tests: unique users and articles, auth headers, status checks.

Every test registers its own users and writes its own articles with unique names and tags, so the
tests do not depend on each other, on their order, or on an empty database.
"""

import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest

PASSWORD = "s3cret-Passw0rd"  # noqa: S105 (test data)


def describe(resp: httpx.Response) -> str:
    body = resp.text[:300].replace("\n", " ")
    return f"{resp.request.method} {resp.request.url.raw_path.decode()} returned {resp.status_code} ({body!r})"


def token_header(user: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Token {user['token']}"}


@pytest.fixture
def auth() -> Callable[[dict[str, Any]], dict[str, str]]:
    """auth(user) -> the spec's header {"Authorization": "Token <jwt>"}."""
    return token_header


@pytest.fixture
def unique() -> Callable[[str], str]:
    def make(prefix: str = "u") -> str:
        return f"{prefix}{uuid.uuid4().hex[:12]}"

    return make


@pytest.fixture
def expect() -> Callable[..., None]:
    def check(resp: httpx.Response, status: int | tuple[int, ...], why: str) -> None:
        wanted = status if isinstance(status, tuple) else (status,)
        assert resp.status_code in wanted, f"{describe(resp)}; expected {' or '.join(map(str, wanted))}: {why}"

    return check


def unwrap(resp: httpx.Response, key: str) -> dict[str, Any]:
    """The object inside the spec's envelope, e.g. {"user": {...}} -> {...}, or a clear failure."""
    try:
        body = resp.json()
    except ValueError:
        body = None
    inner = body.get(key) if isinstance(body, dict) else None
    assert isinstance(inner, dict), f'{describe(resp)}; expected the envelope {{"{key}": {{...}}}}'
    return inner


@pytest.fixture
def register(api: httpx.Client, unique: Callable[[str], str]) -> Callable[..., dict[str, Any]]:
    """Register a fresh user; returns the user object plus the password it was registered with."""

    def make(password: str = PASSWORD) -> dict[str, Any]:
        name = unique("user")
        body = {"user": {"username": name, "email": f"{name}@example.com", "password": password}}
        resp = api.post("/api/users", json=body)
        # Any success will do here: the status code itself is checked by its own test.
        assert resp.status_code in (200, 201), f"could not register a user to test with: {describe(resp)}"
        user = unwrap(resp, "user")
        assert user.get("token"), f"registration returned no token: {describe(resp)}"
        return {**user, "password": password}

    return make


@pytest.fixture
def write(api: httpx.Client, unique: Callable[[str], str]) -> Callable[..., dict[str, Any]]:
    """Publish an article as `user`; returns the article object."""

    def make(user: dict[str, Any], **fields: Any) -> dict[str, Any]:
        body = {"title": f"How to {unique('t')}", "description": "A short summary", "body": "The text.", **fields}
        resp = api.post("/api/articles", json={"article": body}, headers=token_header(user))
        assert resp.status_code in (200, 201), f"could not create an article to test with: {describe(resp)}"
        article = unwrap(resp, "article")
        assert article.get("slug"), f"the created article has no slug: {describe(resp)}"
        return article

    return make


@pytest.fixture
def rejected() -> Callable[[httpx.Response], None]:
    """Check a 422 with the spec's error envelope {"errors": {"<field or body>": ["message", ...]}}."""

    def check(resp: httpx.Response) -> None:
        assert resp.status_code == 422, f"{describe(resp)}; expected 422: the input is invalid"
        try:
            errors = resp.json().get("errors")
        except (ValueError, AttributeError):
            errors = None
        well_formed = (
            isinstance(errors, dict)
            and errors
            and all(isinstance(v, list) and v and all(isinstance(m, str) for m in v) for v in errors.values())
        )
        assert well_formed, (
            f'{describe(resp)}; expected the error envelope {{"errors": {{"body": ["message"]}}}} '
            "(an object of lists of strings)"
        )

    return check


def slug_list(resp: httpx.Response) -> list[str]:
    body = resp.json()
    assert isinstance(body, dict) and isinstance(body.get("articles"), list), (
        f'{describe(resp)}; expected {{"articles": [...], "articlesCount": n}}'
    )
    return [a.get("slug") for a in body["articles"]]


@pytest.fixture
def slugs() -> Callable[[httpx.Response], list[str]]:
    """The slugs of a {"articles": [...]} answer, in order."""
    return slug_list


@pytest.fixture
def json_of() -> Callable[[httpx.Response, str], dict[str, Any]]:
    """json_of(resp, "user") -> the object inside the envelope, or a failure naming the response."""
    return unwrap
