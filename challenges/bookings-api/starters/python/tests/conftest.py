"""Public tests: they call a running service at BASE_URL (default http://127.0.0.1:$PORT, PORT 8000).

Run the service in one terminal (`make run`) and the tests in another (`make test`).
They are a small sample of the checks the platform runs; passing them is a start, not the goal.
"""

import os
import random
import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest


@pytest.fixture
def api():
    base_url = os.environ.get("BASE_URL") or f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"
    with httpx.Client(base_url=base_url, timeout=10) as client:
        yield client


@pytest.fixture
def at():
    """at("09:00") -> an RFC 3339 UTC time on a random day well in the future."""
    day = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=random.randint(400, 3000))

    def make(clock: str) -> str:
        hours, minutes = (int(x) for x in clock.split(":"))
        return (day + timedelta(hours=hours, minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%SZ")

    return make


@pytest.fixture
def room(api):
    resp = api.post("/rooms", json={"name": f"room-{uuid.uuid4().hex[:12]}", "capacity": 8})
    assert resp.status_code == 201, resp.text
    return resp.json()
