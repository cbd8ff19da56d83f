"""Products API in front of the slow catalog: standard library only, an in-process cache."""

import json
import os
import re
from http.client import HTTPConnection
from urllib.parse import urlsplit
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cache import Cache, CatalogUnavailable, NotFound

CATALOG_URL = os.environ.get("ASSAY_SERVICE_CATALOG_URL", "http://127.0.0.1:9200")
PRODUCT = re.compile(r"^/products/(\d+)$")
MAX_AGE = re.compile(r"max-age=(\d+)")


CATALOG = urlsplit(CATALOG_URL)


def fetch(product_id):
    """(product or None, max-age) from the catalog; CatalogUnavailable when it fails."""
    connection = HTTPConnection(CATALOG.hostname, CATALOG.port or 80, timeout=3)
    try:
        connection.request("GET", f"/products/{product_id}")
        resp = connection.getresponse()
        body = resp.read()
    except OSError as error:
        raise CatalogUnavailable(str(error)) from error
    finally:
        connection.close()
    if resp.status == 404:
        return None, 0
    if resp.status != 200:
        raise CatalogUnavailable(f"catalog answered {resp.status}")
    match = MAX_AGE.search(resp.getheader("Cache-Control") or "")
    return json.loads(body), int(match.group(1)) if match else 0


CACHE = Cache(fetch)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body=None, content_type="application/json"):
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def problem(self, status, title):
        self.reply(status, {"title": title, "status": status}, "application/problem+json")

    def do_GET(self):
        match = PRODUCT.match(self.path)
        if self.path == "/health":
            return self.reply(200, {"status": "ok"})
        if not match:
            return self.problem(404, "Not found")
        try:
            self.reply(200, CACHE.read(int(match.group(1))))
        except NotFound:
            self.problem(404, "No such product")
        except CatalogUnavailable:
            self.problem(503, "The catalog is unavailable and no recent copy is cached")

    def do_POST(self):
        if self.path != "/invalidate":
            return self.problem(404, "Not found")
        try:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
        except ValueError:
            return self.problem(400, "The body is not JSON")
        if not isinstance(body, dict) or not isinstance(body.get("product_id"), int):
            return self.problem(422, "product_id must be an integer")
        CACHE.invalidate(body["product_id"])
        self.reply(204)


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler)
    server.daemon_threads = True
    server.serve_forever()
