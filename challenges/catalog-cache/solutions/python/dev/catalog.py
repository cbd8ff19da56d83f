"""A stand-in for the catalog, to run locally: `python3 dev/catalog.py` (port 9200, or $PORT).

Like the real one it is slow (LATENCY_MS, default 300), answers Cache-Control: max-age (MAX_AGE,
default 5) and an ETag, and answers 500 for ids listed in FAIL_IDS. Every ten seconds the price of
product 7 changes and, when NOTIFY_URL is set (e.g. http://127.0.0.1:8000), it POSTs the
invalidation {"product_id": 7} there. It prints every call it answers.
"""

import http.client
import json
import os
import threading
import time
from urllib.parse import urlsplit
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LATENCY = int(os.environ.get("LATENCY_MS", "300")) / 1000
MAX_AGE = int(os.environ.get("MAX_AGE", "5"))
FAIL = {int(i) for i in os.environ.get("FAIL_IDS", "").split(",") if i}
VERSIONS = {}


def record(pid):
    version = VERSIONS.get(pid, 1)
    return {"id": pid, "name": f"Product {pid}", "price": 1000 + pid * 7 + (version - 1) * 100, "version": version}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/health":
            return self.reply(200, {"ok": True})
        tail = self.path.removeprefix("/products/")
        if tail == self.path or not tail.isdigit():
            return self.reply(404, {"detail": "not found"})
        time.sleep(LATENCY)
        pid = int(tail)
        if pid in FAIL:
            return self.reply(500, {"detail": "catalog error"})
        if not 1 <= pid <= 1000:
            return self.reply(404, {"detail": "no such product"})
        self.reply(200, record(pid), {"Cache-Control": f"max-age={MAX_AGE}", "ETag": f'"v{record(pid)["version"]}"'})

    def reply(self, status, body, headers=None):
        data = json.dumps(body).encode()
        self.send_response(status)
        for name, value in {"Content-Type": "application/json", **(headers or {})}.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def change_product_7():
    while True:
        time.sleep(10)
        VERSIONS[7] = VERSIONS.get(7, 1) + 1
        target = os.environ.get("NOTIFY_URL")
        if target:
            body = json.dumps({"product_id": 7})
            address = urlsplit(target)
            connection = http.client.HTTPConnection(address.hostname, address.port or 80, timeout=5)
            try:
                connection.request("POST", "/invalidate", body, {"Content-Type": "application/json"})
                connection.getresponse().read()
            except OSError as error:
                print(f"invalidation failed: {error}")


threading.Thread(target=change_product_7, daemon=True).start()
ThreadingHTTPServer(("127.0.0.1", int(os.environ.get("PORT", "9200"))), Handler).serve_forever()
