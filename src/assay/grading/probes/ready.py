"""Wait until the candidate's service answers HTTP, or its process dies, or time runs out.

Usage: python -m assay.grading.probes.ready URL TIMEOUT_SECONDS SERVICE_PID
Prints {"ready": bool, "seconds": float, "status": int|null, "reason": str}.
"""

from __future__ import annotations

import http.client
import json
import os
import sys
import time
from urllib.parse import urlsplit


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie is dead for our purpose.
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ", 1)[1][0] != "Z"
    except OSError:
        return False


def probe(url: str, timeout: float, pid: int) -> dict[str, object]:
    parts = urlsplit(url)
    started = time.monotonic()
    reason = "no answer"
    while time.monotonic() - started < timeout:
        if pid and not _alive(pid):
            return {"ready": False, "seconds": time.monotonic() - started, "status": None, "reason": "exited"}
        connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port or 80, timeout=2)
        try:
            connection.request("GET", parts.path or "/")
            status = connection.getresponse().status
            if status < 500:
                return {"ready": True, "seconds": time.monotonic() - started, "status": status, "reason": "answered"}
            reason = f"answered {status}"
        except OSError as error:
            reason = f"{error.__class__.__name__}"
        finally:
            connection.close()
        time.sleep(0.1)
    return {"ready": False, "seconds": time.monotonic() - started, "status": None, "reason": f"timeout ({reason})"}


if __name__ == "__main__":
    print(json.dumps(probe(sys.argv[1], float(sys.argv[2]), int(sys.argv[3]))))
