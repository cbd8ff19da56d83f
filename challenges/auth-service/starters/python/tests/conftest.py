"""Public tests: they call a running service at BASE_URL (default http://127.0.0.1:$PORT, PORT 8000).

Run the service in one terminal (`make run`) and the tests in another (`make test`).
They are a small sample of the checks the platform runs; passing them is a start, not the goal.
"""

import os
import uuid

import httpx
import pytest

PASSWORD = "correct horse battery"


@pytest.fixture
def api():
    base_url = os.environ.get("BASE_URL") or f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"
    with httpx.Client(base_url=base_url, timeout=10) as client:
        yield client


@pytest.fixture
def user(api):
    """Register and log in a new user; returns (email, tokens)."""

    def make():
        email = f"user-{uuid.uuid4().hex[:10]}@example.com"
        assert api.post("/auth/register", json={"email": email, "password": PASSWORD}).status_code == 201
        resp = api.post("/auth/login", json={"email": email, "password": PASSWORD})
        assert resp.status_code == 200, resp.text
        return email, resp.json()

    return make


def bearer(tokens):
    return {"Authorization": f"Bearer {tokens['access_token']}"}
