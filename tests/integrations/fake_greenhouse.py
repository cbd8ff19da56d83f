"""A fake of Greenhouse's side of the Assessment Partner API (Greenhouse cannot be reached from here).

It plays the two parts Greenhouse plays, in the shapes Greenhouse's partner documentation gives: it calls
Assay's four endpoints with the organization's key as the HTTP Basic user name, and it receives the PATCH
of a test's status on the URL it handed over with ``send_test``.
"""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.test import Client


@dataclass
class FakeGreenhouse:
    key: str = ""
    base_url: str = ""
    patches: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (path, body) received
    status: int = 200  # what its PATCH endpoint answers

    def callback_url(self, application_id: int) -> str:
        return f"{self.base_url}/v1/partner/tests/{application_id}"

    def _client(self, key: str | None = None) -> Client:
        token = base64.b64encode(f"{key if key is not None else self.key}:".encode()).decode()
        return Client(headers={"Authorization": f"Basic {token}"})

    def list_tests(self, key: str | None = None) -> Any:
        return self._client(key).get("/greenhouse/list_tests")

    def send_test(self, test_id: str, email: str, application_id: int = 1001, key: str | None = None) -> Any:
        body = {
            "partner_test_id": test_id,
            "candidate": {
                "first_name": "Cara",
                "last_name": "Candidate",
                "email": email,
                "resume_url": "https://greenhouse.example/resumes/1.pdf",
                "phone_numbers": [{"value": "555-0100", "type": "mobile"}],
                "greenhouse_profile_url": f"https://app.greenhouse.example/people/{application_id}",
                "greenhouse_application_id": application_id,
            },
            "url": self.callback_url(application_id),
        }
        return self._client(key).post("/greenhouse/send_test", json.dumps(body), content_type="application/json")

    def test_status(self, partner_interview_id: str, key: str | None = None) -> Any:
        return self._client(key).get("/greenhouse/test_status", {"partner_interview_id": partner_interview_id})

    def response_error(self, body: dict[str, Any], key: str | None = None) -> Any:
        return self._client(key).post("/greenhouse/response_error", json.dumps(body), content_type="application/json")


@pytest.fixture
def greenhouse() -> Iterator[FakeGreenhouse]:
    fake = FakeGreenhouse()

    class Handler(BaseHTTPRequestHandler):
        def do_PATCH(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            fake.patches.append((self.path, json.loads(body)))
            self.send_response(fake.status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.base_url = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
