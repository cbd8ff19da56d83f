"""Helpers shared by the sandbox tests (imported by name: tests dirs are not packages)."""

from __future__ import annotations

import socket
from pathlib import Path

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
