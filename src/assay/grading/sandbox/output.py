"""Bounded capture of a child's output.

A candidate may write gigabytes to stdout; we keep only a tail in memory and
count the rest, so capture costs O(tail) memory and no disk at all.
"""

from __future__ import annotations

import os
import threading

_CHUNK = 1 << 20


class TailBuffer:
    """Keeps the last `limit` bytes written to it and the total count.

    Invariant: len(self.tail()) <= limit; `total` counts every byte fed.
    Thread-safe: a pump thread feeds while the owner may read a snapshot.
    """

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._buf = bytearray()
        self._lock = threading.Lock()
        self.total = 0

    def feed(self, data: bytes) -> None:
        with self._lock:
            self.total += len(data)
            if len(data) >= self._limit:
                self._buf = bytearray(data[-self._limit :])
                return
            self._buf += data
            overflow = len(self._buf) - self._limit
            if overflow > 0:
                del self._buf[:overflow]

    def tail(self) -> bytes:
        with self._lock:
            return bytes(self._buf)

    def text(self) -> str:
        # Candidate output is arbitrary bytes; never fail a report on decoding.
        return self.tail().decode("utf-8", errors="replace")


def pump(fd: int, buffer: TailBuffer) -> threading.Thread:
    """Start a daemon thread draining `fd` into `buffer` until EOF; closes fd."""

    def drain() -> None:
        try:
            while chunk := os.read(fd, _CHUNK):
                buffer.feed(chunk)
        except OSError:
            pass
        finally:
            os.close(fd)

    thread = threading.Thread(target=drain, name=f"sandbox-pump-{fd}", daemon=True)
    thread.start()
    return thread
