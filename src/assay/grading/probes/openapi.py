"""Read the OpenAPI document the candidate's service serves: the operations it lists, nothing else.

Usage: python -m assay.grading.probes.openapi URL
Prints {"status": int|null, "operations": [[METHOD, path], ...]} (no operations when there is no document).
"""

from __future__ import annotations

import http.client
import json
import sys
from urllib.parse import urlsplit

MAX_BYTES = 2 * 1024 * 1024
METHODS = ("get", "post", "put", "patch", "delete")


def operations(document: object) -> list[list[str]]:
    paths = document.get("paths") if isinstance(document, dict) else None
    if not isinstance(paths, dict):
        return []
    found = []
    for path, item in paths.items():
        if isinstance(path, str) and isinstance(item, dict):
            found += [[method.upper(), path] for method in METHODS if method in item]
    return found


def fetch(url: str) -> dict[str, object]:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port or 80, timeout=10)
    try:
        connection.request("GET", parts.path or "/")
        response = connection.getresponse()
        body = response.read(MAX_BYTES + 1)
    except (OSError, http.client.HTTPException):
        return {"status": None, "operations": []}
    finally:
        connection.close()
    try:
        document = json.loads(body) if response.status == 200 and len(body) <= MAX_BYTES else None
    except ValueError:
        document = None
    return {"status": response.status, "operations": operations(document)}


if __name__ == "__main__":
    print(json.dumps(fetch(sys.argv[1])))
