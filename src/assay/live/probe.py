"""One HTTP request to the candidate's service on the sandbox's own loopback, run inside its network namespace.

Usage: python -m assay.live.probe PORT METHOD PATH HEADERS_JSON BODY
Prints one JSON line: {"status", "reason", "headers", "body", "truncated"} or {"error": "..."}.
It connects to 127.0.0.1 only: the path is a path, never a URL, and the namespace has no other network.
"""

from __future__ import annotations

import http.client
import json
import sys

MAX_RESPONSE_BYTES = 64 * 1024


def send(port: int, method: str, path: str, headers: dict[str, str], body: str) -> dict[str, object]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, body=body.encode() if body else None, headers=headers)
        response = connection.getresponse()
        data = response.read(MAX_RESPONSE_BYTES + 1)
    except OSError as error:
        return {"error": f"The service did not answer: {error.__class__.__name__}: {error}"}
    except http.client.HTTPException as error:
        return {"error": f"The service's answer is not HTTP: {error.__class__.__name__}"}
    finally:
        connection.close()
    return {
        "status": response.status,
        "reason": response.reason,
        "headers": [[name, value] for name, value in response.getheaders()],
        "body": data[:MAX_RESPONSE_BYTES].decode("utf-8", errors="replace"),
        "truncated": len(data) > MAX_RESPONSE_BYTES,
    }


if __name__ == "__main__":
    port, method, path, headers, body = sys.argv[1:6]
    print(json.dumps(send(int(port), method, path, json.loads(headers), body)))
