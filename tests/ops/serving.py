"""Run the real `assay serve` in a subprocess with its own var/ folder (and so its own SQLite)."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ASSAY = str(Path(sys.executable).with_name("assay"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def clean_env(var_dir: Path, **extra: str) -> dict[str, str]:
    """The caller's environment without Assay's settings, so the subprocess uses SQLite under ``var_dir``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSAY_") and k not in ("DATABASE_URL", "REDIS_URL")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return {**env, "ASSAY_VAR_DIR": str(var_dir), "COLUMNS": "120", **extra}


@dataclass
class Server:
    url: str
    process: subprocess.Popen[str]
    log: Path

    def output(self) -> str:
        return self.log.read_text()

    def demo_credentials(self) -> tuple[str, str]:
        text = self.output()
        email = re.search(r"email:\s+(\S+@\S+)", text)
        password = re.search(r"password:\s+(\S+)", text)
        assert email and password, f"no demo account printed:\n{text}"
        return email.group(1), password.group(1)

    def wait_for(self, path: str, status: int = 200, timeout: float = 120) -> httpx.Response:
        deadline = time.monotonic() + timeout
        last: object = None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"assay serve exited with {self.process.returncode}:\n{self.output()}")
            try:
                response = httpx.get(self.url + path, timeout=2)
                if response.status_code == status:
                    return response
                last = response.status_code
            except httpx.TransportError as error:
                last = error
            time.sleep(0.2)
        raise AssertionError(f"{path} never answered {status} (last: {last!r}):\n{self.output()}")


@contextmanager
def assay_serve(
    var_dir: Path, *args: str, ready_timeout: float = 120, port: int | None = None, **env: str
) -> Iterator[Server]:
    """Serve on a free port (or ``port``: a restart where browsers reconnect). Unless ``ASSAY_LIBRARY_DIR`` is
    given, the challenge library is an empty folder: what these tests check does not depend on the library,
    and loading it would only slow them down."""
    port = port or free_port()
    var_dir.mkdir(parents=True, exist_ok=True)
    if "ASSAY_LIBRARY_DIR" not in env:
        (var_dir / "empty-library").mkdir(exist_ok=True)
        env["ASSAY_LIBRARY_DIR"] = str(var_dir / "empty-library")
    log = var_dir / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [ASSAY, "serve", "--port", str(port), *args],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=clean_env(var_dir, **env),
            text=True,
        )
    server = Server(url=f"http://127.0.0.1:{port}", process=process, log=log)
    try:
        # Migrating a fresh database and loading the library can take a minute on a busy machine.
        server.wait_for("/healthz", timeout=ready_timeout)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
