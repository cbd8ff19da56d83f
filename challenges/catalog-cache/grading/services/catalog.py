"""The slow catalog upstream of the catalog-cache challenge (standard library only).

Public port ($PORT), what the candidate's service calls:
  GET /products/<id>   200 {"id", "name", "price", "version"} with Cache-Control: max-age=N and an ETag,
                       after LATENCY_MS; 404 for an id outside 1..1000; 500 while a fault is set.
  GET /health          200 at once (readiness).

Control socket ($ASSAY_CONTROL_SOCKET), the hidden tests only:
  GET  /calls            the call log: [{"path", "status"}], oldest first
  POST /reset            forget calls and changes, clear the fault, default latency and max-age
  POST /config           {"latency_ms": int, "max_age": int}
  POST /fault            {"status": 500} to fail every product request, {"status": null} to recover
  GET  /products/<id>    the current record, without a call or latency
  POST /change           {"id": int, "notify": bool}: a new price and version; with notify, POSTs
                         {"product_id": id} to the candidate's /invalidate and answers its status
"""

import json
import os
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from socketserver import ThreadingUnixStreamServer

DEFAULTS = {"latency_ms": int(os.environ.get("LATENCY_MS", "250")), "max_age": 30}
CANDIDATE = os.environ.get("CANDIDATE_URL", "http://127.0.0.1:8080")
STATE = {"calls": [], "versions": {}, "fault": None, **DEFAULTS}
LOCK = threading.Lock()


def record(product_id):
    version = STATE["versions"].get(product_id, 1)
    price = 1000 + product_id * 7 + (version - 1) * 100
    return {"id": product_id, "name": f"Product {product_id}", "price": price, "version": version}


def product_id(path):
    tail = path[len("/products/") :] if path.startswith("/products/") else ""
    return int(tail) if tail.isdigit() and 1 <= int(tail) <= 1000 else None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body, headers=()):
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return json.loads(self.rfile.read(length) or b"{}")


class Public(Handler):
    def do_GET(self):
        if self.path == "/health":
            return self.answer(200, {"ok": True})
        if not self.path.startswith("/products/"):
            return self.answer(404, {"detail": "not found"})
        with LOCK:
            fault, latency, max_age = STATE["fault"], STATE["latency_ms"], STATE["max_age"]
        time.sleep(latency / 1000)
        found = product_id(self.path)
        status = fault or (200 if found else 404)
        with LOCK:
            STATE["calls"].append({"path": self.path, "status": status})
            current = record(found) if found else None
        if status != 200:
            return self.answer(status, {"detail": "catalog error" if fault else "no such product"})
        etag = f'"v{current["version"]}"'
        if self.headers.get("If-None-Match") == etag:
            return self.answer(304, None, [("ETag", etag), ("Cache-Control", f"max-age={max_age}")])
        self.answer(200, current, [("ETag", etag), ("Cache-Control", f"max-age={max_age}")])

    def do_POST(self):
        self.answer(404, {"detail": "not found"})


class Control(Handler):
    def address_string(self):
        return "control"

    def do_GET(self):
        with LOCK:
            if self.path == "/calls":
                return self.answer(200, list(STATE["calls"]))
            found = product_id(self.path)
            if found:
                return self.answer(200, record(found))
        self.answer(404, {"detail": "not found"})

    def do_POST(self):
        payload = self.body()
        with LOCK:
            if self.path == "/reset":
                STATE.update({"calls": [], "versions": {}, "fault": None, **DEFAULTS})
                return self.answer(200, {"reset": True})
            if self.path == "/config":
                STATE.update({k: int(payload[k]) for k in ("latency_ms", "max_age") if k in payload})
                return self.answer(200, {k: STATE[k] for k in ("latency_ms", "max_age")})
            if self.path == "/fault":
                STATE["fault"] = payload.get("status")
                return self.answer(200, {"fault": STATE["fault"]})
            if self.path == "/change":
                changed = int(payload["id"])
                STATE["versions"][changed] = STATE["versions"].get(changed, 1) + 1
                current = record(changed)
        if self.path == "/change":
            notified = notify(changed) if payload.get("notify") else None
            return self.answer(200, {"product": current, "invalidate_status": notified})
        self.answer(404, {"detail": "not found"})


def notify(changed):
    """The invalidation signal: the candidate's answer status, or the error's name."""
    request = urllib.request.Request(
        f"{CANDIDATE}/invalidate",
        data=json.dumps({"product_id": changed}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError as error:
        return type(error).__name__


def main():
    control = ThreadingUnixStreamServer(os.environ["ASSAY_CONTROL_SOCKET"], Control)
    threading.Thread(target=control.serve_forever, daemon=True).start()
    server = ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Public)
    server.daemon_threads = True
    server.serve_forever()


if __name__ == "__main__":
    main()
