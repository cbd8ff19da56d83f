"""Network namespaces for a run: loopback-only, or loopback + slirp4netns.

A named namespace (`ip netns add`) outlives any single process, so the
candidate's service, the private databases and the trusted test runner can
meet on its 127.0.0.1 even though they start at different times.
"""

from __future__ import annotations

import os
import select
import subprocess
from dataclasses import dataclass
from pathlib import Path

NETNS_DIR = Path("/run/netns")
IP = "/usr/sbin/ip"
SLIRP = "/usr/bin/slirp4netns"
NSENTER = "/usr/bin/nsenter"
SLIRP_DNS = "10.0.2.3"


class NetworkError(RuntimeError):
    """A namespace or slirp4netns could not be set up."""


def _ip(*args: str) -> None:
    proc = subprocess.run([IP, *args], capture_output=True, text=True)
    if proc.returncode != 0:
        raise NetworkError(f"ip {' '.join(args)}: {proc.stderr.strip()}")


@dataclass
class NetNamespace:
    """A named network namespace with only `lo` up.

    Invariant: until `destroy()`, `path` names a live namespace; after it, the
    name is free again. Nothing here routes anywhere but loopback unless a
    `Slirp` is attached.
    """

    name: str

    @property
    def path(self) -> Path:
        return NETNS_DIR / self.name

    @classmethod
    def create(cls, name: str) -> NetNamespace:
        _ip("netns", "add", name)
        ns = cls(name)
        try:
            _ip("-n", name, "link", "set", "lo", "up")
        except NetworkError:
            ns.destroy()
            raise
        return ns

    def enter_argv(self) -> list[str]:
        """Prefix that runs a command in this namespace (and nothing else)."""
        return [NSENTER, f"--net={self.path}", "--"]

    def destroy(self) -> None:
        if self.path.exists():
            subprocess.run([IP, "netns", "del", self.name], capture_output=True)


class Slirp:
    """User-mode networking (slirp4netns) into a namespace, for the setup stage.

    `--disable-host-loopback` stops the sandbox from reaching services bound
    to the host's 127.0.0.1 (the platform's PostgreSQL and Redis). The sandbox
    sees 10.0.2.100/24, gateway 10.0.2.2, DNS 10.0.2.3.
    """

    def __init__(self, ns: NetNamespace, timeout: float = 5.0) -> None:
        ready_r, ready_w = os.pipe()
        argv = [
            SLIRP,
            "--configure",
            "--mtu=65520",
            "--disable-host-loopback",
            # Not --enable-sandbox: its pivot_root propagates through the shared
            # /run/netns mount and unmounts the namespace we attach to.
            "--enable-seccomp",
            f"--ready-fd={ready_w}",
            "--netns-type=path",
            str(ns.path),
            "tap0",
        ]
        self._proc = subprocess.Popen(
            argv,
            pass_fds=(ready_w,),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        os.close(ready_w)
        try:
            self._wait_ready(ready_r, timeout)
        finally:
            os.close(ready_r)

    def _wait_ready(self, fd: int, timeout: float) -> None:
        readable, _, _ = select.select([fd], [], [], timeout)
        if not readable or os.read(fd, 1) != b"1":
            self.stop()
            err = self._proc.stderr.read().decode(errors="replace") if self._proc.stderr else ""
            raise NetworkError(f"slirp4netns did not come up: {err.strip()}")

    def stop(self) -> None:
        if self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        if self._proc.stderr:
            self._proc.stderr.close()
