"""Helpers for the bookings-api hidden tests: unique data per test, times, status checks.

Every test makes its own rooms (with unique names) on its own random future day, so the
tests do not depend on each other, on their order, or on a fresh database.
"""

import random
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest


@pytest.fixture
def unique() -> Callable[[str], str]:
    def make(prefix: str = "room") -> str:
        return f"{prefix}-{uuid.uuid4().hex[:12]}"

    return make


@pytest.fixture
def day() -> datetime:
    """Midnight UTC of a random day 1 to 9 years ahead: always in the future, rarely shared."""
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return today + timedelta(days=random.randint(400, 3300))  # noqa: S311 (test data, not secrets)


@pytest.fixture
def at(day: datetime) -> Callable[[str], str]:
    """at("09:30") -> "YYYY-MM-DDT09:30:00Z" on this test's day; at("+1d 09:00") for the next day."""

    def make(clock: str) -> str:
        offset = 0
        if clock.startswith("+"):
            days, clock = clock[1:].split("d ", 1)
            offset = int(days)
        hours, minutes = (int(x) for x in clock.split(":"))
        moment = day + timedelta(days=offset, hours=hours, minutes=minutes)
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")

    return make


def describe(resp: httpx.Response) -> str:
    body = resp.text[:300].replace("\n", " ")
    return f"{resp.request.method} {resp.request.url.raw_path.decode()} returned {resp.status_code} ({body!r})"


@pytest.fixture
def expect() -> Callable[..., None]:
    def check(resp: httpx.Response, status: int | tuple[int, ...], why: str) -> None:
        wanted = status if isinstance(status, tuple) else (status,)
        assert resp.status_code in wanted, f"{describe(resp)}; expected {' or '.join(map(str, wanted))}: {why}"

    return check


def _probe_failed(what: str, resp: httpx.Response) -> None:
    """Fail the fixture's setup: every check using it is then blocked by this one behaviour."""
    pytest.fail(f"could not {what} with the brief's example request: {describe(resp)}", pytrace=False)


def _succeeded(resp: httpx.Response, why: str) -> None:
    assert 200 <= resp.status_code < 300, f"{describe(resp)}; expected a success: {why}"


def _refused(resp: httpx.Response, why: str) -> None:
    assert 400 <= resp.status_code < 500, f"{describe(resp)}; expected the request to be refused: {why}"


@pytest.fixture
def succeeded() -> Callable[[httpx.Response, str], None]:
    """Any success will do: the exact status is its own api_design check."""
    return _succeeded


@pytest.fixture
def refused() -> Callable[[httpx.Response, str], None]:
    """Any refusal will do (400, 404, 409, 412, 422...): the exact status is its own api_design check."""
    return _refused


@pytest.fixture
def make_room(api: httpx.Client, unique: Callable[[str], str]) -> Callable[..., dict[str, Any]]:
    """A factory of rooms; its setup first creates one room with the brief's example request."""
    probe = api.post("/rooms", json={"name": unique("Atlas"), "capacity": 8})
    if probe.status_code not in (200, 201):
        _probe_failed("create a room", probe)

    def make(**fields: Any) -> dict[str, Any]:
        body = {"name": unique("room"), "capacity": 10, **fields}
        resp = api.post("/rooms", json=body)
        assert resp.status_code in (200, 201), f"could not create a room to test with: {describe(resp)}"
        return resp.json()

    return make


@pytest.fixture
def make_booking(
    api: httpx.Client, make_room: Callable[..., dict[str, Any]], at: Callable[[str], str]
) -> Callable[..., dict[str, Any]]:
    """A factory of bookings; its setup first books a room with the brief's example request (attendees too)."""
    room = make_room()
    example = {"room_id": room["id"], "title": "Planning", "starts_at": at("09:00"), "ends_at": at("10:00")}
    probe = api.post("/bookings", json={**example, "attendees": 6})
    if probe.status_code not in (200, 201):
        _probe_failed("book a room", probe)

    def make(room_id: Any, start: str, end: str, **fields: Any) -> dict[str, Any]:
        body = {"room_id": room_id, "title": "Planning", "starts_at": at(start), "ends_at": at(end), "attendees": 2}
        resp = api.post("/bookings", json={**body, **fields})
        assert resp.status_code in (200, 201), f"could not create a booking to test with: {describe(resp)}"
        return resp.json()

    return make


@pytest.fixture
def etag_of(api: httpx.Client) -> Callable[[str], str]:
    """The current ETag of a resource; a missing ETag fails the check that needs it."""

    def read(path: str) -> str:
        resp = api.get(path)
        tag = resp.headers.get("etag")
        assert tag, f"{describe(resp)} without an ETag header; GET must send one for If-Match"
        return tag

    return read


def field_errors(resp: httpx.Response) -> list[str]:
    """The field names of a 422 problem body; [] if the body does not follow the documented shape."""
    try:
        errors = resp.json().get("errors")
    except ValueError:
        return []
    if not isinstance(errors, list):
        return []
    return [str(e.get("field")) for e in errors if isinstance(e, dict)]


@pytest.fixture
def field_names() -> Callable[[httpx.Response], list[str]]:
    return field_errors


@pytest.fixture
def invalid(expect: Callable[..., None]) -> Callable[[httpx.Response, str], None]:
    """Check a 422 whose problem body names `field` in errors[].field."""

    def check(resp: httpx.Response, field: str) -> None:
        expect(resp, 422, f"the request is invalid in field {field!r}")
        names = field_errors(resp)
        assert any(field in name for name in names), (
            f"{describe(resp)}; expected errors[] to name the field {field!r} "
            f'(documented shape: {{"errors": [{{"field": "{field}", "message": "..."}}]}}), got fields {names}'
        )

    return check


def parse_time(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


@pytest.fixture
def same_instant() -> Callable[[str, str], bool]:
    return lambda a, b: parse_time(a) == parse_time(b)
