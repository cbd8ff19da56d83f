"""A y-websocket participant in Python (pycrdt + websockets), for the socket tests and the benchmark.

It speaks the same protocol as the browser's provider: answers the room's sync step 1, sends its own,
applies what arrives, and sends its own edits as updates.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable
from typing import Any

from pycrdt import (
    Doc,
    Map,
    Text,
    YMessageType,
    YSyncMessageType,
    create_sync_message,
    create_update_message,
    handle_sync_message,
)
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect


def socket_url(base: str, session: int, token: str) -> str:
    return f"{base.replace('http', 'ws', 1)}/live/{session}/socket?token={token}"


class Participant:
    def __init__(self, base: str, session: int, token: str, origin: str | None = None) -> None:
        self.doc: Doc = Doc()
        with warnings.catch_warnings():  # websockets prefers a `with` block; a participant outlives one call here
            warnings.simplefilter("ignore", DeprecationWarning)
            self.socket: ClientConnection = connect(
                socket_url(base, session, token), origin=origin or base, open_timeout=10, max_size=None
            )  # type: ignore[arg-type]
        self.socket.send(create_sync_message(self.doc))
        self.close_code: int | None = None
        self.received: list[bytes] = []  # every message the room sent, as it came

    def files(self) -> dict[str, str]:
        return {name: str(text) for name, text in self.doc.get("files", type=Map).items()}

    def runs(self) -> dict[str, Any]:
        return {k: {"state": v["state"], "output": str(v["output"])} for k, v in self.doc.get("runs", type=Map).items()}

    def type_into(self, name: str, text: str) -> None:
        """Append ``text`` to a file (creating it), and send the change as the browser would."""
        before = self.doc.get_state()
        files = self.doc.get("files", type=Map)
        with self.doc.transaction():
            if name not in files:
                files[name] = Text()
            target = files[name]
            target.insert(len(target), text)
        self.socket.send(create_update_message(self.doc.get_update(before)))

    def pump(self, seconds: float = 0.05) -> None:
        """Read and apply whatever arrives within ``seconds``."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                message = self.socket.recv(timeout=left)
            except TimeoutError:
                return
            except ConnectionClosed as closed:
                self.close_code = closed.rcvd.code if closed.rcvd else None
                raise
            if isinstance(message, bytes):
                self.received.append(message)
            if isinstance(message, bytes) and message[0] == YMessageType.SYNC:
                reply = handle_sync_message(message[1:], self.doc)
                if reply is not None and message[1] == YSyncMessageType.SYNC_STEP1:
                    self.socket.send(reply)

    def until(self, condition: Callable[[], bool], timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"not reached in {timeout}s; files: {sorted(self.files())}; runs: {self.runs()}")
            self.pump()

    def closed_with(self, timeout: float = 10) -> int | None:
        """Read until the room closes this connection; its close code."""
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                self.pump(0.2)
        except ConnectionClosed:
            return self.close_code
        raise AssertionError("the room kept the connection open")

    def close(self) -> None:
        self.socket.close()
