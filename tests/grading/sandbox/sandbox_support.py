"""Helpers shared by the sandbox tests (imported by name: tests dirs are not packages)."""

from __future__ import annotations

import functools
import os
import socket
from pathlib import Path

import pytest

from assay.grading.sandbox import Limits

TEST_LIMITS = Limits(
    wall_seconds=10, cpu_seconds=5, memory_mb=128, processes=64, file_size_mb=64, disk_mb=64, output_kb=16
)


def processes_of(uid: int) -> list[int]:
    """Live host pids whose real uid is `uid` (to prove nothing of a run survives)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        # A zombie holds no resources and cannot run; it only waits to be reaped.
        if int(fields["Uid"].split()[0]) == uid and fields["State"].split()[0] not in ("Z", "X"):
            found.append(int(entry.name))
    return found


class HostListener:
    """A TCP listener on the host's loopback, recording whether anyone connected."""

    def __init__(self, port: int = 0) -> None:
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.sock.listen(8)
        self.sock.setblocking(False)
        self.port = self.sock.getsockname()[1]

    def accepted(self) -> bool:
        try:
            conn, _ = self.sock.accept()
        except BlockingIOError:
            return False
        conn.close()
        return True

    def close(self) -> None:
        self.sock.close()


@functools.cache
def _unreachable(host: str) -> str | None:
    """Why ``host`` cannot be reached over HTTPS from here, or None; a few seconds at most, asked once."""
    try:
        socket.create_connection((host, 443), timeout=3).close()
    except OSError as error:
        return f"{host} is unreachable from this machine ({error})"
    return None


def require_registry(host: str) -> None:
    """Skip when the package registry at ``host`` is truly out of reach; under CI (CI=true) that is a failure.

    Setup reaching PyPI and npm is part of what the platform does, so these tests run by default.
    """
    reason = _unreachable(host)
    if reason is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but {reason}")
    pytest.skip(reason)
