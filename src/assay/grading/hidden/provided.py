"""The hidden tests' handle on a grader-provided service: its URL and its control interface.

The control interface is HTTP over the unix socket the service listens on (`$ASSAY_CONTROL_SOCKET`
inside its sandbox). Conventions every provided service of the library follows, so tests read alike:
`GET /calls` (the call log: a JSON list, oldest first), `POST /reset` (forget calls, restore data),
anything else the challenge's tests need (`POST /fault`, `POST /change`...).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

CONTROL_TIMEOUT = 10.0


class ProvidedService:
    """One provided service of this run, as the hidden tests see it."""

    def __init__(self, name: str, url: str, control_socket: str) -> None:
        self.name, self.url, self.control_socket = name, url, control_socket

    def control(self, method: str, path: str, payload: Any = None) -> Any:
        """One request to the control interface; its JSON answer (None for an empty body)."""
        transport = httpx.HTTPTransport(uds=self.control_socket)
        with httpx.Client(transport=transport, base_url="http://control", timeout=CONTROL_TIMEOUT) as client:
            response = client.request(method, path, json=payload)
        response.raise_for_status()
        return response.json() if response.content else None

    def calls(self) -> list[dict[str, Any]]:
        """The call log: what the candidate's service asked of this service, oldest first."""
        answer = self.control("GET", "/calls")
        return answer if isinstance(answer, list) else []

    def reset(self) -> None:
        self.control("POST", "/reset")


def load(path: str | None) -> dict[str, ProvidedService]:
    """The grader's `--assay-provided` file: {name: {"url", "control_socket"}}."""
    if not path:
        return {}
    described = json.loads(Path(path).read_text())
    return {name: ProvidedService(name, d["url"], d["control_socket"]) for name, d in described.items()}
