"""Helpers for the realworld-api hidden tests: unique users and articles, auth headers, status checks.

Every test registers its own users and writes its own articles with unique names and tags, so the
tests do not depend on each other, on their order, or on an empty database.

Setups use the brief's canonical requests (its examples, with the optional fields a typical client
sends). The first registration, article and comment of a run are made once in session fixtures: when
one of them fails, every test that needs it is reported as blocked by that one behaviour (the fixture
fails with the same message for each), instead of each test failing again for the same reason.
"""

import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

PASSWORD = "s3cret-Passw0rd"  # noqa: S105 (test data)
REFUSALS = (400, 401, 403, 404, 405, 409, 422)
TOKEN_REFUSALS = (401, 403)


def describe(resp: httpx.Response) -> str:
    body = resp.text[:300].replace("\n", " ")
    return f"{resp.request.method} {resp.request.url.raw_path.decode()} returned {resp.status_code} ({body!r})"


def token_header(user: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Token {user['token']}"}


def new_name(prefix: str = "u") -> str:
    return f"{prefix}{uuid.uuid4().hex[:12]}"


def body_of(resp: httpx.Response) -> Any:
    try:
        return resp.json()
    except ValueError:
        return None


def inner(resp: httpx.Response, key: str) -> dict[str, Any] | None:
    body = body_of(resp)
    value = body.get(key) if isinstance(body, dict) else None
    return value if isinstance(value, dict) else None


def unwrap(resp: httpx.Response, key: str) -> dict[str, Any]:
    """The object inside the spec's envelope, e.g. {"user": {...}} -> {...}, or a clear failure."""
    value = inner(resp, key)
    assert value is not None, f'{describe(resp)}; expected the envelope {{"{key}": {{...}}}}'
    return value


# --- the brief's canonical requests ---------------------------------------------------------


def registration(name: str, password: str = PASSWORD) -> dict[str, Any]:
    return {"user": {"username": name, "email": f"{name}@example.com", "password": password}}


def article_request(**fields: Any) -> dict[str, Any]:
    """The brief's example article, with a unique title and the tagList a typical client sends."""
    body = {
        "title": f"How to train your dragon {new_name('t')}",
        "description": "Ever wonder how?",
        "body": "You have to believe",
        "tagList": ["dragons", "training"],
    }
    return {"article": {**body, **fields}}


def _register(client: httpx.Client, password: str = PASSWORD) -> tuple[httpx.Response, dict[str, Any] | None]:
    resp = client.post("/api/users", json=registration(new_name("user"), password))
    user = inner(resp, "user") if resp.status_code in (200, 201) else None
    if user is None or not user.get("token"):
        return resp, None
    return resp, {**user, "password": password}


def _publish(client: httpx.Client, user: dict[str, Any], **fields: Any) -> tuple[httpx.Response, dict[str, Any] | None]:
    resp = client.post("/api/articles", json=article_request(**fields), headers=token_header(user))
    article = inner(resp, "article") if resp.status_code in (200, 201) else None
    return resp, article if article and article.get("slug") else None


def _comment(
    client: httpx.Client, user: dict[str, Any], slug: str, text: str
) -> tuple[httpx.Response, dict[str, Any] | None]:
    resp = client.post(f"/api/articles/{slug}/comments", json={"comment": {"body": text}}, headers=token_header(user))
    comment = inner(resp, "comment") if resp.status_code in (200, 201) else None
    return resp, comment if comment and "id" in comment else None


def _setup_failure(what: str, resp: httpx.Response) -> str:
    body = resp.text[:200].replace("\n", " ")
    return (
        f"could not {what} with the brief's example request: "
        f"{resp.request.method} {resp.request.url.path} answered {resp.status_code} ({body!r})"
    )


# --- session canaries: one root cause per broken basic behaviour ------------------------------


@pytest.fixture(scope="session")
def setup_client(base_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, timeout=10) as client:
        yield client


@pytest.fixture(scope="session")
def can_register(setup_client: httpx.Client) -> dict[str, Any]:
    """A user registered with the brief's example request; if this fails, tests needing users are blocked."""
    resp, user = _register(setup_client)
    if user is None:
        pytest.fail(_setup_failure("register a user", resp), pytrace=False)
    return user


@pytest.fixture(scope="session")
def can_publish(setup_client: httpx.Client, can_register: dict[str, Any]) -> dict[str, Any]:
    """An article created with the brief's example request; if this fails, tests needing articles are blocked."""
    resp, article = _publish(setup_client, can_register)
    if article is None:
        pytest.fail(_setup_failure("create an article", resp), pytrace=False)
    return article


@pytest.fixture(scope="session")
def can_comment(setup_client: httpx.Client, can_register: dict[str, Any], can_publish: dict[str, Any]) -> None:
    """A comment added with the brief's example request; if this fails, tests needing comments are blocked."""
    resp, comment = _comment(setup_client, can_register, can_publish["slug"], "Thank you so much!")
    if comment is None:
        pytest.fail(_setup_failure("add a comment", resp), pytrace=False)


# --- factories used inside tests ----------------------------------------------------------------


@pytest.fixture
def auth() -> Callable[[dict[str, Any]], dict[str, str]]:
    """auth(user) -> the spec's header {"Authorization": "Token <jwt>"}."""
    return token_header


@pytest.fixture
def unique() -> Callable[[str], str]:
    return new_name


@pytest.fixture
def expect() -> Callable[..., None]:
    def check(resp: httpx.Response, status: int | tuple[int, ...], why: str) -> None:
        wanted = status if isinstance(status, tuple) else (status,)
        assert resp.status_code in wanted, f"{describe(resp)}; expected {' or '.join(map(str, wanted))}: {why}"

    return check


@pytest.fixture
def register(api: httpx.Client, can_register: dict[str, Any]) -> Callable[..., dict[str, Any]]:
    """Register a fresh user; returns the user object plus the password it was registered with."""

    def make(password: str = PASSWORD) -> dict[str, Any]:
        resp, user = _register(api, password)
        # Any success will do here: the status code itself is checked by its own test.
        assert user is not None, f"could not register another user to test with: {describe(resp)}"
        return user

    return make


@pytest.fixture
def write(api: httpx.Client, can_publish: dict[str, Any]) -> Callable[..., dict[str, Any]]:
    """Publish an article as `user` (the brief's example, fields overridable); returns the article object."""

    def make(user: dict[str, Any], **fields: Any) -> dict[str, Any]:
        resp, article = _publish(api, user, **fields)
        assert article is not None, f"could not create another article to test with: {describe(resp)}"
        return article

    return make


@pytest.fixture
def comment_on(api: httpx.Client, can_comment: None) -> Callable[..., dict[str, Any]]:
    """comment_on(user, slug, text) -> the comment object, or a failure naming the response."""

    def make(user: dict[str, Any], slug: str, text: str) -> dict[str, Any]:
        resp, comment = _comment(api, user, slug, text)
        assert comment is not None, f"could not add a comment to test with: {describe(resp)}"
        return comment

    return make


@pytest.fixture
def follow(api: httpx.Client) -> Callable[[dict[str, Any], dict[str, Any]], None]:
    """follow(me, other): `me` follows `other`, or a failure naming the response."""

    def make(me: dict[str, Any], other: dict[str, Any]) -> None:
        resp = api.post(f"/api/profiles/{other['username']}/follow", headers=token_header(me))
        assert resp.status_code in (200, 201), f"could not follow a user to test the feed: {describe(resp)}"

    return make


@pytest.fixture
def favorite(api: httpx.Client) -> Callable[[dict[str, Any], str], None]:
    """favorite(user, slug): `user` favorites the article, or a failure naming the response."""

    def make(user: dict[str, Any], slug: str) -> None:
        resp = api.post(f"/api/articles/{slug}/favorite", headers=token_header(user))
        assert resp.status_code in (200, 201), f"could not favorite an article to test with: {describe(resp)}"

    return make


@pytest.fixture
def rejected() -> Callable[[httpx.Response], None]:
    """Check a 422 with the spec's error envelope {"errors": {"<field or body>": ["message", ...]}}."""

    def check(resp: httpx.Response) -> None:
        assert resp.status_code == 422, f"{describe(resp)}; expected 422: the input is invalid"
        body = body_of(resp)
        errors = body.get("errors") if isinstance(body, dict) else None
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


@pytest.fixture
def refused() -> Callable[[httpx.Response, str], None]:
    """Check that a request was refused with any client error; the exact status is checked elsewhere."""

    def check(resp: httpx.Response, why: str) -> None:
        assert resp.status_code in REFUSALS, f"{describe(resp)}; expected a refusal (a 4xx answer): {why}"

    return check


def slug_list(resp: httpx.Response) -> list[str]:
    body = body_of(resp)
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
