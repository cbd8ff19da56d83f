"""Helpers for the auth-service hidden tests: users, sessions, status checks.

Every test registers its own users (unique emails), so the tests do not depend on each other, on
their order, or on a fresh database.
"""

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

PASSWORD = "correct horse battery staple"


def describe(resp: httpx.Response) -> str:
    body = resp.text[:300].replace("\n", " ")
    return f"{resp.request.method} {resp.request.url.raw_path.decode()} returned {resp.status_code} ({body!r})"


@pytest.fixture
def expect() -> Callable[..., None]:
    def check(resp: httpx.Response, status: int | tuple[int, ...], why: str) -> None:
        wanted = status if isinstance(status, tuple) else (status,)
        assert resp.status_code in wanted, f"{describe(resp)}; expected {' or '.join(map(str, wanted))}: {why}"

    return check


@pytest.fixture
def refused() -> Callable[[httpx.Response, str], None]:
    """Any refusal will do (400, 401, 403, 404...): the exact status is its own api_design check."""

    def check(resp: httpx.Response, why: str) -> None:
        assert 400 <= resp.status_code < 500, f"{describe(resp)}; expected the request to be refused: {why}"

    return check


@pytest.fixture
def succeeded() -> Callable[[httpx.Response, str], None]:
    def check(resp: httpx.Response, why: str) -> None:
        assert 200 <= resp.status_code < 300, f"{describe(resp)}; expected a success: {why}"

    return check


@dataclass
class Session:
    email: str
    password: str
    access: str
    refresh: str

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access}"}


def _email() -> str:
    return f"user-{uuid.uuid4().hex[:12]}@example.com"


@pytest.fixture
def new_email() -> Callable[[], str]:
    return _email


@pytest.fixture
def register(api: httpx.Client) -> Callable[..., str]:
    """Register a user (returns the email); setup first registers one with the brief's example request."""
    probe = api.post("/auth/register", json={"email": _email(), "password": PASSWORD})
    if probe.status_code not in (200, 201):
        pytest.fail(f"could not register with the brief's example request: {describe(probe)}", pytrace=False)

    def make(password: str = PASSWORD) -> str:
        email = _email()
        resp = api.post("/auth/register", json={"email": email, "password": password})
        assert resp.status_code in (200, 201), f"could not register a user to test with: {describe(resp)}"
        return email

    return make


@pytest.fixture
def login(api: httpx.Client, register: Callable[..., str]) -> Callable[..., Session]:
    """Log a user in (registering one when no email is given); setup first logs in as the brief shows."""
    email = register()
    probe = api.post("/auth/login", json={"email": email, "password": PASSWORD})
    if probe.status_code != 200 or not {"access_token", "refresh_token"} <= set(probe.json()):
        pytest.fail(f"could not log in with the brief's example request: {describe(probe)}", pytrace=False)

    def make(email: str | None = None, password: str = PASSWORD) -> Session:
        email = email or register(password)
        resp = api.post("/auth/login", json={"email": email, "password": password})
        assert resp.status_code == 200, f"could not log in to test with: {describe(resp)}"
        body = resp.json()
        return Session(email, password, body["access_token"], body["refresh_token"])

    return make


@pytest.fixture
def make_note(api: httpx.Client, login: Callable[..., Session]) -> Callable[..., dict[str, Any]]:
    """Create a note for a session; setup first creates one with the brief's example request."""
    probe = api.post("/notes", json={"title": "Groceries", "body": "eggs"}, headers=login().auth)
    if probe.status_code not in (200, 201):
        pytest.fail(f"could not create a note with the brief's example request: {describe(probe)}", pytrace=False)

    def make(session: Session, title: str = "Secret plans") -> dict[str, Any]:
        resp = api.post("/notes", json={"title": title, "body": f"body of {title}"}, headers=session.auth)
        assert resp.status_code in (200, 201), f"could not create a note to test with: {describe(resp)}"
        return resp.json()

    return make


TOKEN = re.compile(r"token=([A-Za-z0-9_\-.~%+/=]+)")


@pytest.fixture
def reset_token(api: httpx.Client, db: Any) -> Callable[[str], str]:
    """Ask for a password reset and read the token from the newest outbox email to the address."""

    def ask(email: str) -> str:
        resp = api.post("/auth/password-reset", json={"email": email})
        assert resp.status_code == 202, f"could not ask for a password reset as the brief shows: {describe(resp)}"
        rows = db.execute("SELECT body FROM outbox WHERE recipient = %s", (email,)).fetchall()
        tokens = [m.group(1) for (body,) in rows for m in [TOKEN.search(str(body))] if m]
        assert tokens, f"no row in the table outbox for {email} has a body with token=<reset token> (found {rows})"
        return tokens[-1]

    return ask
