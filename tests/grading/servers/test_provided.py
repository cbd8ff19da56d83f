"""A challenge's provided service runs on the run's loopback, sandboxed as its own uid: the candidate
reaches its public port but never its call log, and it reaches nothing of the host."""

from __future__ import annotations

import json
import os
import textwrap
import time
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from assay.challenges.package import ChallengePackage, load_package
from assay.grading.hidden.provided import ProvidedService
from assay.grading.sandbox import SandboxError, SandboxRun
from assay.grading.servers import RunningProvided, start_provided

FIXTURE = Path(__file__).parents[1] / "fixtures" / "tiny-upstream"
SETTINGS = Path(__file__).parents[3] / "src" / "assay" / "settings.py"


@pytest.fixture(scope="module")
def package() -> ChallengePackage:
    return load_package(FIXTURE)


def control(upstream: RunningProvided) -> ProvidedService:
    return ProvidedService(upstream.service.name, upstream.url, str(upstream.control_socket))


def candidate(run: SandboxRun, code: str) -> dict:
    """Run candidate code in the run's sandbox; its last line of output is JSON."""
    result = run.run(["python3", "-c", textwrap.dedent(code)])
    assert result.ok, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_candidate_reaches_the_service_and_the_grader_reads_its_call_log(
    run: SandboxRun, package: ChallengePackage
) -> None:
    upstream = start_provided(run, package.root, package.provided[0])
    answer = candidate(
        run,
        """
        import json, urllib.request
        print(urllib.request.urlopen("http://127.0.0.1:9100/quote/ACME", timeout=5).read().decode())
        """,
    )
    assert answer == {"symbol": "ACME", "price": 42}
    assert control(upstream).calls() == [{"method": "GET", "path": "/quote/ACME"}]
    control(upstream).reset()
    assert control(upstream).calls() == []


def test_candidate_can_neither_read_nor_reset_the_call_log(run: SandboxRun, package: ChallengePackage) -> None:
    upstream = start_provided(run, package.root, package.provided[0])
    socket_path = str(upstream.control_socket)
    answer = candidate(
        run,
        f"""
        import glob, json, os, socket, urllib.error, urllib.request
        base = "http://127.0.0.1:9100"
        urllib.request.urlopen(base + "/quote/ACME", timeout=5).read()
        tried = {{}}
        found = glob.glob("/run/assay-sandbox/**/*.sock", recursive=True)
        for path in [{socket_path!r}, "/state/control.sock", *found]:
            s = socket.socket(socket.AF_UNIX)
            try:
                s.connect(path)
                s.sendall(b"POST /reset HTTP/1.0\\r\\n\\r\\n")
                tried[path] = s.recv(100).decode()
            except OSError as error:
                tried[path] = type(error).__name__
        for verb, path in [("POST", "/reset"), ("GET", "/calls")]:
            try:
                urllib.request.urlopen(urllib.request.Request(base + path, method=verb), timeout=5)
                tried[verb + path] = "answered"
            except urllib.error.HTTPError as error:
                tried[verb + path] = error.code
        print(json.dumps(tried))
        """,
    )
    assert answer == {
        socket_path: "FileNotFoundError",
        "/state/control.sock": "FileNotFoundError",
        "POST/reset": 404,
        "GET/calls": 404,
    }
    # The candidate's call is still in the log: nothing it tried reset it.
    assert control(upstream).calls() == [{"method": "GET", "path": "/quote/ACME"}]


HOOK_RECEIVER = """
import hashlib, hmac, os
from http.server import BaseHTTPRequestHandler, HTTPServer

class Hook(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        key = os.environ["ASSAY_SERVICE_QUOTES_SECRET"].encode()
        good = hmac.compare_digest(hmac.new(key, body, hashlib.sha256).hexdigest(), self.headers["X-Signature"])
        answer = (b"signed by the run's upstream: " if good else b"bad signature: ") + body
        self.send_response(200 if good else 401)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

HTTPServer(("127.0.0.1", 8080), Hook).serve_forever()
"""


def test_provided_service_calls_the_candidate_back_signed_with_the_secret_they_share(
    run: SandboxRun, package: ChallengePackage
) -> None:
    upstream = start_provided(run, package.root, package.provided[0], candidate_url="http://127.0.0.1:8080")
    assert upstream.secret, "every run has a secret shared by the candidate and the provided service"
    receiver = run.spawn(["python3", "-c", HOOK_RECEIVER], env={"ASSAY_SERVICE_QUOTES_SECRET": upstream.secret})
    answer: dict = {"status": None}
    for _ in range(100):  # the receiver takes a moment to listen
        answer = control(upstream).control("POST", "/notify", {})
        if answer["status"] is not None or not receiver.alive():
            break
        time.sleep(0.05)
    assert answer == {"status": 200, "body": "signed by the run's upstream: hello"}

    other = start_provided(run, package.root, replace(package.provided[0], name="again", port=9101))
    assert other.secret != upstream.secret, "a secret is new for every service started"


def test_provided_service_reaches_no_platform_file_and_no_network(
    run: SandboxRun, package: ChallengePackage, tmp_path: Path
) -> None:
    redis = urlsplit(os.environ.get("ASSAY_TEST_REDIS_URL", "redis://127.0.0.1:6379"))
    # A file of the run's candidate, and one the platform keeps only for root.
    (run.workspace / "secret.txt").write_text("the candidate's work")
    files = [str(SETTINGS), "/etc/shadow", str(run.workspace / "secret.txt"), "/workspace/secret.txt"]
    hosts = [["127.0.0.1", redis.port or 6379], ["1.1.1.1", 53], ["10.0.2.2", 80]]
    service = replace(package.provided[0], env={"PROBE_TARGETS": json.dumps({"files": files, "hosts": hosts})})
    start_provided(run, package.root, service)
    answer = candidate(
        run,
        """
        import urllib.request
        print(urllib.request.urlopen("http://127.0.0.1:9100/probe", timeout=15).read().decode())
        """,
    )
    assert "read" not in answer["files"].values(), answer
    assert "connected" not in answer["hosts"].values(), answer
    assert answer["uid"] not in (0, run.uid, run.services_uid)


def test_a_service_that_exits_during_start_up_is_reported_with_its_output(
    run: SandboxRun, package: ChallengePackage
) -> None:
    crashing = replace(package.provided[0], command=("crash.py",))
    with pytest.raises(SandboxError, match=r"'quotes' .*exited during start-up.*no licence for this run"):
        start_provided(run, package.root, crashing, timeout=10)
