"""The API on the standard library's HTTP server."""

import json
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import store

r = store.connect()
LIMITS = {"amount": (1, 1_000_000), "receipt_ms": (0, 5000), "fail_times": (0, 100)}


def invalid(body):
    """The first rule a job body breaks, or None."""
    if not isinstance(body, dict):
        return "the body must be a JSON object"
    account = body.get("account")
    if not isinstance(account, str) or not 1 <= len(account) <= 64:
        return "account must be 1 to 64 characters"
    for field, (low, high) in LIMITS.items():
        value = body.get(field, 0 if field != "amount" else None)
        if type(value) is not int or not low <= value <= high:
            return f"{field} must be a whole number from {low} to {high}"
    return None


class Api(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send(self, status, body, headers=()):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        parts = self.path.strip("/").split("/")
        if parts == ["health"]:
            return self.send(200, {"ok": True})
        if len(parts) == 2 and parts[0] == "jobs":
            job = store.read(r, parts[1])
            return self.send(200, job) if job else self.send(404, {"error": "no such job"})
        if len(parts) == 2 and parts[0] == "accounts":
            return self.send(200, {"account": parts[1], "balance": store.balance(r, parts[1])})
        self.send(404, {"error": "not found"})

    def do_POST(self):
        if self.path != "/jobs":
            return self.send(404, {"error": "not found"})
        try:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"null")
        except ValueError:
            return self.send(400, {"error": "the body is not JSON"})
        problem = invalid(body)
        if problem:
            return self.send(422, {"error": problem})
        job = {k: body.get(k, 0) for k in ("account", "amount", "receipt_ms", "fail_times")}
        job_id = store.submit(r, job)
        url = f"/jobs/{job_id}"
        self.send(202, {"id": job_id, "status": "queued", "status_url": url}, [("Location", url)])


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(os.environ.get("PORT", "8000"))), Api).serve_forever()
