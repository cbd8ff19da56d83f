"""Helpers for the ledger-api hidden tests: accounts to test with, status checks, concurrent bursts.

Every test opens its own accounts (with unique owners), so the tests do not depend on each other,
on their order, or on a fresh database.
"""

import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

# The grader's process limit leaves room for this many threads; the brief promises "up to 16 at a time".
PARALLEL = 16


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
def succeeded() -> Callable[[httpx.Response, str], None]:
    """Any success will do: the exact status is its own api_design check."""

    def check(resp: httpx.Response, why: str) -> None:
        assert 200 <= resp.status_code < 300, f"{describe(resp)}; expected a success: {why}"

    return check


@pytest.fixture
def refused() -> Callable[[httpx.Response, str], None]:
    """Any refusal will do (400, 404, 409, 422...): the exact status is its own api_design check."""

    def check(resp: httpx.Response, why: str) -> None:
        assert 400 <= resp.status_code < 500, f"{describe(resp)}; expected the request to be refused: {why}"

    return check


@pytest.fixture
def open_account(api: httpx.Client) -> Callable[..., dict[str, Any]]:
    """A factory of accounts; its setup first opens one with the brief's example request."""
    probe = api.post("/accounts", json={"owner": f"Alice {uuid.uuid4().hex[:8]}", "initial_balance": 10000})
    if probe.status_code not in (200, 201):
        pytest.fail(f"could not open an account with the brief's example request: {describe(probe)}", pytrace=False)

    def make(balance: int = 10000, owner: str | None = None) -> dict[str, Any]:
        body = {"owner": owner or f"owner {uuid.uuid4().hex[:12]}", "initial_balance": balance}
        resp = api.post("/accounts", json=body)
        assert resp.status_code in (200, 201), f"could not open an account to test with: {describe(resp)}"
        return resp.json()

    return make


@pytest.fixture
def transfer(api: httpx.Client, open_account: Callable[..., dict[str, Any]]) -> Callable[..., httpx.Response]:
    """POST /transfers; its setup first makes one transfer with the brief's example request."""
    a, b = open_account(), open_account()
    probe = api.post("/transfers", json={"from_account_id": a["id"], "to_account_id": b["id"], "amount": 2500})
    if probe.status_code not in (200, 201):
        pytest.fail(f"could not make a transfer with the brief's example request: {describe(probe)}", pytrace=False)

    def send(source: Any, target: Any, amount: Any, key: str | None = None) -> httpx.Response:
        body = {"from_account_id": source, "to_account_id": target, "amount": amount}
        return api.post("/transfers", json=body, headers={"Idempotency-Key": key} if key else {})

    return send


@pytest.fixture
def balance_of(api: httpx.Client) -> Callable[[Any], int]:
    def read(account_id: Any) -> int:
        resp = api.get(f"/accounts/{account_id}")
        assert resp.status_code == 200, f"could not read the account back: {describe(resp)}"
        return resp.json()["balance"]

    return read


@pytest.fixture
def burst() -> Callable[[list[Callable[[], httpx.Response]]], list[httpx.Response]]:
    """Run the calls PARALLEL at a time; return their responses in order."""

    def attempt(call: Callable[[], httpx.Response]) -> httpx.Response | httpx.TransportError:
        try:
            return call()
        except httpx.TransportError as exc:
            return exc

    def run(calls: list[Callable[[], httpx.Response]]) -> list[httpx.Response]:
        with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
            answers = list(pool.map(attempt, calls))
        lost = [a for a in answers if isinstance(a, httpx.TransportError)]
        if lost:
            pytest.fail(
                f"{len(lost)} of {len(calls)} concurrent requests ({PARALLEL} at a time) got no answer "
                f"({type(lost[0]).__name__}: {lost[0]}); a transfer may wait for another, but not for 10 seconds",
                pytrace=False,
            )
        return answers  # type: ignore[return-value]

    return run


def field_errors(resp: httpx.Response) -> list[str]:
    """The field names of a 422 problem body; [] if the body does not follow the documented shape."""
    try:
        errors = resp.json().get("errors")
    except ValueError:
        return []
    if not isinstance(errors, list):
        return []
    return [str(e.get("field")) for e in errors if isinstance(e, dict)]
