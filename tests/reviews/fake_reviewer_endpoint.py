"""A FAKE OpenAI-compatible chat-completions server, started by the tests on loopback.

It stands in for a third-party model provider the tests cannot reach; it is not part of Assay. It answers
``POST /v1/chat/completions`` the way a model server would, in one of several modes, and records every
request it got (body, headers, when) so the tests can see what left the machine.
"""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

# What the fake does with each request:
#   good               a narrative citing the first finding (if any) and the first file it was sent
#   bogus_citation     as good, plus one item citing a finding and a file that do not exist
#   slow               answers after SLOW_SECONDS (longer than the tests' timeout)
#   error_then_good    500 on the first request, then as good
#   rate_limited       429 with Retry-After: RETRY_AFTER on the first request, then as good
#   malformed          a chat completion whose text is not JSON
#   always_error       503 every time
MODES = ("good", "bogus_citation", "slow", "error_then_good", "rate_limited", "malformed", "always_error")
SLOW_SECONDS = 3.0
RETRY_AFTER = 1
USAGE = {"prompt_tokens": 1200, "completion_tokens": 300, "total_tokens": 1500}
_FILE = re.compile(r'<file path="([^"]+)">')
_FINDING = re.compile(r'"id": "(F\d+)"')


@dataclass
class Received:
    body: dict[str, Any]
    headers: dict[str, str]
    at: float


@dataclass
class FakeReviewerEndpoint:
    mode: str = "good"
    requests: list[Received] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def base_url(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    @property
    def prompts(self) -> list[str]:
        return [m["content"] for r in self.requests for m in r.body["messages"] if m["role"] == "user"]

    def start(self) -> FakeReviewerEndpoint:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", "0"))
                body = json.loads(self.rfile.read(length) or b"{}")
                fake.requests.append(Received(body, dict(self.headers), time.monotonic()))
                status, headers, answer = fake.answer(len(fake.requests), body)
                if fake.mode == "slow":
                    time.sleep(SLOW_SECONDS)
                data = answer.encode()
                try:
                    self.send_response(status)
                    for name, value in {"Content-Type": "application/json", **headers}.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (the slow mode)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    def answer(self, number: int, body: dict[str, Any]) -> tuple[int, dict[str, str], str]:
        if self.mode == "always_error" or (self.mode == "error_then_good" and number == 1):
            return 503 if self.mode == "always_error" else 500, {}, '{"error": {"message": "overloaded"}}'
        if self.mode == "rate_limited" and number == 1:
            return 429, {"Retry-After": str(RETRY_AFTER)}, '{"error": {"message": "slow down"}}'
        if self.mode == "malformed":
            return 200, {}, _completion("Here is my review: the code is {not json")
        return 200, {}, _completion(json.dumps(self.narrative(body)))

    def narrative(self, body: dict[str, Any]) -> dict[str, Any]:
        prompt = next(m["content"] for m in body["messages"] if m["role"] == "user")
        files = _FILE.findall(prompt)
        first_file = files[0] if files else "README.md"
        finding = next(iter(_FINDING.findall(prompt)), first_file)  # a finding when the report has one
        answer: dict[str, Any] = {
            "strengths": [
                {"text": f"The handlers in {first_file} are short and <b>readable</b>.", "citations": [first_file]}
            ],
            "risks": [{"text": f"{finding} points at error handling worth a look.", "citations": [finding]}],
            "interview_questions": [
                {
                    "text": "Walk me through what happens when the request body is invalid.",
                    "citations": [finding, f"{first_file}:3"],
                }
            ],
        }
        if self.mode == "bogus_citation":
            answer["risks"].append({"text": "SQL injection in the billing module.", "citations": ["F99", "billing.py"]})
        return answer


def _completion(text: str) -> str:
    message = {"role": "assistant", "content": text}
    return json.dumps(
        {"id": "fake-1", "object": "chat.completion", "choices": [{"index": 0, "message": message}], "usage": USAGE}
    )
