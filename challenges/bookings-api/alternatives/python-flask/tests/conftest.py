"""The tests talk HTTP to a running service: BASE_URL, or 127.0.0.1:$PORT (8000 by default)."""

import os
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    base_url = os.environ.get("BASE_URL") or f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"
    with httpx.Client(base_url=base_url, timeout=10) as http:
        yield http


@pytest.fixture
def room(client: httpx.Client) -> dict[str, Any]:
    resp = client.post("/rooms", json={"name": f"Room {uuid.uuid4().hex[:10]}", "capacity": 6})
    assert resp.status_code == 201, resp.text
    return resp.json()


@pytest.fixture
def slot() -> Callable[[int, int], tuple[str, str]]:
    """slot(9, 10) -> (starts_at, ends_at) at those hours of a day far ahead, different per test."""
    day = datetime.now(UTC).date() + timedelta(days=500 + uuid.uuid4().int % 2000)

    def make(start: int, end: int) -> tuple[str, str]:
        return f"{day}T{start:02d}:00:00Z", f"{day}T{end:02d}:00:00Z"

    return make
