import os
import uuid

import pytest

if not os.environ.get("DATABASE_URL"):
    pytest.skip("these tests need DATABASE_URL (a PostgreSQL database)", allow_module_level=True)

from conduit import create_app  # noqa: E402 (needs the environment checked above)


@pytest.fixture(scope="session")
def client():
    return create_app().test_client()


@pytest.fixture
def user(client):
    name = f"u{uuid.uuid4().hex[:10]}"
    body = {"user": {"username": name, "email": f"{name}@example.com", "password": "long-enough-1"}}
    resp = client.post("/api/users", json=body)
    assert resp.status_code == 201, resp.get_data(as_text=True)
    return resp.get_json()["user"]


def auth(user):
    return {"Authorization": f"Token {user['token']}"}
