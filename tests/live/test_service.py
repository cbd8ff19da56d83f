"""The candidate's service started in the sandbox, and the request panel: a request reaches that service only,
its answer reaches both participants, and bad input (a URL, another host, a huge body) is refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pycrdt import Map

from tests.grading.conftest import require_sandbox
from tests.live.conftest import Room, post_form, seed, signed_in
from tests.live.yclient import Participant
from tests.ops.serving import Server

Live = tuple[Server, dict[str, Any]]
SERVER = """import json, os
from http.server import BaseHTTPRequestHandler, HTTPServer


class Echo(BaseHTTPRequestHandler):
    def answer(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        seen = {"method": self.command, "path": self.path, "body": body, "probe": self.headers.get("X-Probe", "")}
        data = json.dumps(seen).encode()
        self.send_response(201 if self.command == "POST" else 200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = answer


HTTPServer(("127.0.0.1", int(os.environ["PORT"])), Echo).serve_forever()
"""


def _workspace(dest: Path) -> Path:
    dest.mkdir(parents=True)
    (dest / "server.py").write_text(SERVER)
    (dest / "assay.toml").write_text('setup = "true"\nstart = "python3 server.py"\ntest = "true"\n')
    return dest


def _service(participant: Participant) -> dict[str, str]:
    return {k: str(v) for k, v in participant.doc.get("service", type=Map).items()}


def _requests(participant: Participant) -> dict[str, Any]:
    return {
        k: {f: v[f] for f in ("request", "status", "body")}
        for k, v in participant.doc.get("requests", type=Map).items()
    }


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ({"method": "GET", "path": "http://169.254.169.254/latest/meta-data"}, "not a URL, not another host"),
        ({"method": "GET", "path": "//example.com/x"}, "not a URL, not another host"),
        ({"method": "GET", "path": "items"}, "not a URL, not another host"),
        ({"method": "GET", "path": "/a b"}, "not a URL, not another host"),
        ({"method": "CONNECT", "path": "/"}, "Pick one of GET"),
        ({"method": "POST", "path": "/", "body": "x" * (64 * 1024 + 1)}, "The body is over 64 KB"),
        ({"method": "GET", "path": "/", "headers": {"X-Bad": "a\r\nHost: evil"}}, "is not valid"),
        ({"method": "GET", "path": "/"}, "The service is not running: start it first."),
    ],
)
def test_bad_requests_are_refused_with_a_clear_message(live: Live, body: dict[str, Any], says: str) -> None:
    server, seeded = live
    room = Room(server, seeded["candidate"])
    answer = room.client.post(room.config["requestUrl"], json=body, headers={"X-CSRFToken": room.csrf})
    assert answer.status_code in (409, 422), answer.text
    assert says in answer.json()["detail"]


@pytest.mark.sandbox
def test_the_service_starts_in_the_sandbox_and_answers_the_request_panel(live: Live, tmp_path: Path) -> None:
    require_sandbox()
    server, _ = live
    seeded = seed(server, server.log.parent, _workspace(tmp_path / "files"))
    room = Room(server, seeded["candidate"])
    interviewer = Participant(server.url, seeded["session"], seeded["interviewer"])
    candidate = Participant(server.url, seeded["session"], seeded["candidate"])
    candidate.until(lambda: "server.py" in candidate.files())

    started = room.client.post(room.config["serviceUrl"], json={"action": "start"}, headers={"X-CSRFToken": room.csrf})
    assert started.status_code == 202, started.text
    for participant in (interviewer, candidate):
        participant.until(lambda p=participant: _service(p).get("state") not in (None, "starting"), timeout=90)
        assert _service(participant)["state"] == "running", _service(participant)

    request = {"method": "POST", "path": "/items?page=2", "headers": {"X-Probe": "yes"}, "body": "<b>hi</b>"}
    answer = room.client.post(room.config["requestUrl"], json=request, headers={"X-CSRFToken": room.csrf})
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == 201
    assert '"path": "/items?page=2"' in answer.json()["body"] and '"probe": "yes"' in answer.json()["body"]
    for participant in (interviewer, candidate):
        participant.until(lambda p=participant: "1" in _requests(p))
        shown = _requests(participant)["1"]
        assert shown["request"] == "POST /items?page=2" and shown["status"] == "201"
        assert '"body": "<b>hi</b>"' in shown["body"]

    owner = signed_in(server)
    assert post_form(owner, f"/live/{seeded['session']}/end/").status_code == 302
    after = room.client.post(room.config["requestUrl"], json=request, headers={"X-CSRFToken": room.csrf})
    assert after.status_code == 404  # the link, and the service with it, ended with the session


SERVER_WITH_SERVICES = """import json, os, socket
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import urlsplit


def reaches(url, greeting, expected):
    address = urlsplit(url)
    with socket.create_connection((address.hostname, address.port), timeout=5) as sock:
        if not greeting:
            return True
        sock.sendall(greeting)
        return sock.recv(16).startswith(expected)


class Services(BaseHTTPRequestHandler):
    def do_GET(self):
        seen = {
            "postgres": reaches(os.environ["DATABASE_URL"], b"", b""),
            "redis": reaches(os.environ["REDIS_URL"], b"PING\\r\\n", b"+PONG"),
        }
        data = json.dumps(seen).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


HTTPServer(("127.0.0.1", int(os.environ["PORT"])), Services).serve_forever()
"""


@pytest.mark.sandbox
def test_the_service_gets_the_private_database_and_cache_its_assay_toml_declares(live: Live, tmp_path: Path) -> None:
    require_sandbox()
    server, _ = live
    files = tmp_path / "files"
    files.mkdir()
    (files / "server.py").write_text(SERVER_WITH_SERVICES)
    config = 'setup = "true"\nstart = "python3 server.py"\ntest = "true"\nservices = ["postgres", "redis"]\n'
    (files / "assay.toml").write_text(config)
    seeded = seed(server, server.log.parent, files)
    room = Room(server, seeded["candidate"])
    candidate = Participant(server.url, seeded["session"], seeded["candidate"])
    candidate.until(lambda: "server.py" in candidate.files())

    started = room.client.post(room.config["serviceUrl"], json={"action": "start"}, headers={"X-CSRFToken": room.csrf})
    assert started.status_code == 202, started.text
    candidate.until(lambda: _service(candidate).get("state") not in (None, "starting"), timeout=90)
    assert _service(candidate)["state"] == "running", _service(candidate)
    assert "private, empty postgres and redis" in _service(candidate)["note"]

    answer = room.client.post(
        room.config["requestUrl"], json={"method": "GET", "path": "/"}, headers={"X-CSRFToken": room.csrf}
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == 200
    assert '"postgres": true' in answer.json()["body"] and '"redis": true' in answer.json()["body"]

    stopped = room.client.post(room.config["serviceUrl"], json={"action": "stop"}, headers={"X-CSRFToken": room.csrf})
    assert stopped.status_code in (200, 202), stopped.text
    candidate.until(lambda: _service(candidate).get("state") == "stopped")
