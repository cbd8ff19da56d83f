"""Public tests: they call a running service at BASE_URL (default http://127.0.0.1:$PORT, PORT 8000).

Run the service in one terminal (`make run`) and the tests in another (`make test`).
They are a small sample of the checks the platform runs; passing them is a start, not the goal.
"""

import os

import httpx
import pytest


@pytest.fixture
def api():
    base_url = os.environ.get("BASE_URL") or f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"
    with httpx.Client(base_url=base_url, timeout=10) as client:
        yield client
