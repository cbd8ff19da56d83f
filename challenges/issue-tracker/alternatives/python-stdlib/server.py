"""The issue tracker on the standard library alone: `python3 server.py` (PORT, default 8000)."""

import os
from http.server import ThreadingHTTPServer

from tracker.http import Handler

if __name__ == "__main__":
    port = int(os.environ.get("PORT", "8000"))
    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
