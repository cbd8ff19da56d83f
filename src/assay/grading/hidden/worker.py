"""The hidden tests' handle on the candidate's worker process (``[worker] command`` in assay.toml).

The grader's side starts the worker; over a unix socket only the hidden tests reach, a test may kill it (SIGKILL,
its whole process tree, as a crash would), start it again, and ask whether it runs.
"""

from __future__ import annotations

from typing import Any

import httpx

CONTROL_TIMEOUT = 30.0


class WorkerControl:
    """The worker of this run, as the hidden tests see it."""

    def __init__(self, control_socket: str) -> None:
        self.control_socket = control_socket

    def _request(self, method: str, path: str) -> dict[str, Any]:
        transport = httpx.HTTPTransport(uds=self.control_socket)
        with httpx.Client(transport=transport, base_url="http://worker", timeout=CONTROL_TIMEOUT) as client:
            response = client.request(method, path)
        answer: dict[str, Any] = response.json()
        if response.status_code >= 400:
            raise RuntimeError(f"the grader could not {path.strip('/')} the worker: {answer.get('error')}")
        return answer

    def status(self) -> dict[str, Any]:
        """``{"running": bool, "starts": n, "kills": n, "crashes": n}``."""
        return self._request("GET", "/status")

    def running(self) -> bool:
        return bool(self.status()["running"])

    def kill(self) -> None:
        """SIGKILL the worker's whole process tree now; returns once no process of it is left."""
        self._request("POST", "/kill")

    def start(self) -> None:
        """Start the worker again (nothing happens when it runs already)."""
        self._request("POST", "/start")
