"""A service that answers every request and meanwhile keeps eight processes spinning on the CPU."""

import http.server
import os

for _ in range(8):
    if os.fork() == 0:
        while True:
            pass


class Answer(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")

    do_POST = do_PUT = do_PATCH = do_DELETE = do_GET


http.server.ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Answer).serve_forever()
