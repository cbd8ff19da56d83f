"""The candidate's worker process (``[worker] command`` in assay.toml), and the control the hidden tests have on it.

The worker runs in the same sandbox, limits, network namespace and environment as the service. The hidden
tests kill it (SIGKILL, its whole process tree) and start it again through a unix socket only the grader's
side can reach, to check that jobs survive a crash.

Every start and kill happens on one supervisor thread that lives until the grading ends: a sandboxed process
dies with the thread that started it (bubblewrap's --die-with-parent), so a worker started from a short-lived
request thread would die with that request.
"""

from __future__ import annotations

import contextlib
import json
import socketserver
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

from assay.grading.sandbox import ProcessResult, SandboxProcess

LOG_LINES_PER_RUN = 25
LOG_LINES = 80


class WorkerSupervisor:
    """Starts the worker, kills and restarts it on request, and keeps the end of each run's log."""

    def __init__(self, spawn: Callable[[], SandboxProcess], socket_path: Path) -> None:
        self._spawn = spawn
        self.socket_path = socket_path
        self._current: SandboxProcess | None = None
        self._lock = threading.Lock()
        self._log: list[str] = []
        self._reaped: set[int] = set()  # ids of the runs whose log is kept already
        self.starts = 0
        self.kills = 0
        self.crashes: list[str] = []  # how each run the grader did not end ended, in a reviewer's words
        self.spawn_error: str | None = None
        self._first = threading.Event()
        self._server = _ControlServer(str(socket_path), _ControlHandler)
        self._server.supervisor = self
        self._thread = threading.Thread(target=self._serve, name="candidate-worker", daemon=True)

    def launch(self) -> None:
        """Start the supervisor thread; it starts the worker, then answers the hidden tests."""
        self._thread.start()

    def first_run(self, grace_seconds: float) -> ProcessResult | None:
        """How the first run ended if it ended within `grace_seconds` of its start; None while it keeps running."""
        self._first.wait()
        proc = self._current
        if proc is None:
            return None
        with contextlib.suppress(TimeoutError):
            result = proc.wait(timeout=grace_seconds)
            self._reap(proc, result, None)
            return result
        return None

    def running(self) -> bool:
        proc = self._current
        return proc is not None and proc.alive()

    def close(self) -> str:
        """Stop the worker and the control socket; the log of every run, oldest first."""
        if self._thread.is_alive():
            self._server.shutdown()
            self._thread.join()
        self._server.server_close()
        self.socket_path.unlink(missing_ok=True)
        return self.log()

    def log(self) -> str:
        return "\n".join("\n".join(self._log).splitlines()[-LOG_LINES:])

    # -- on the supervisor thread ----------------------------------------

    def _serve(self) -> None:
        # Serve whatever happens to the first start: `close()` waits for serve_forever to have run.
        try:
            self.start()
        finally:
            self._first.set()
            try:
                self._server.serve_forever(poll_interval=0.1)
            finally:
                self._stop_current()

    def _stop_current(self) -> None:
        proc = self._current
        if proc is not None and proc.alive():
            self._reap(proc, proc.stop(grace_seconds=2), "stopped at the end of the grading")
        elif proc is not None:
            self._reap(proc, proc.wait(), None)

    def start(self) -> bool:
        """Start the worker unless it runs already; False when it could not be started at all."""
        if self.running():
            return True
        if self._current is not None:  # a run that ended on its own: keep its log before the next one
            self._reap(self._current, self._current.wait(), None)
        try:
            proc = self._spawn()
        except (OSError, RuntimeError) as error:  # the sandbox refused: the platform's fault, told in the stage
            self.spawn_error = f"{error.__class__.__name__}: {error}"
            return False
        with self._lock:
            self._current, self.starts = proc, self.starts + 1
            self._log.append(f"[worker started (run {self.starts})]")
        return True

    def kill(self) -> None:
        proc = self._current
        if proc is not None and proc.alive():
            self.kills += 1
            self._reap(proc, proc.kill(), "killed by the grader (SIGKILL)")

    def _reap(self, proc: SandboxProcess, result: ProcessResult, by_grader: str | None) -> None:
        """Keep the end of a finished run's log once, with how it ended: `by_grader` says how the grader ended
        it, None when it ended on its own (a crash, whatever its exit code: a worker is meant to keep running)."""
        with self._lock:
            if id(proc) in self._reaped:
                return
            self._reaped.add(id(proc))
            how = by_grader or f"exited on its own: it {result.explain()}"
            if by_grader is None:
                self.crashes.append(how)
            tail = log_tail(result, LOG_LINES_PER_RUN)
            self._log.extend([tail, f"[worker {how}]"] if tail else [f"[worker {how}]"])

    def status(self) -> dict[str, Any]:
        proc = self._current
        if proc is not None and not proc.alive():
            self._reap(proc, proc.wait(), None)
        return {"running": self.running(), "starts": self.starts, "kills": self.kills, "crashes": len(self.crashes)}


def log_tail(result: ProcessResult, lines: int) -> str:
    text = "\n".join(part for part in (result.stdout.rstrip(), result.stderr.rstrip()) if part)
    return "\n".join(text.splitlines()[-lines:])


class _ControlServer(socketserver.UnixStreamServer):
    supervisor: WorkerSupervisor


class _ControlHandler(BaseHTTPRequestHandler):
    """`GET /status`, `POST /kill`, `POST /start`: each answers the status as JSON."""

    server: _ControlServer

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self._answer(200 if self.path == "/status" else 404)

    def do_POST(self) -> None:
        supervisor = self.server.supervisor
        if self.path == "/kill":
            supervisor.kill()
        elif self.path == "/start":
            if not supervisor.start():
                return self._answer(500, {"error": supervisor.spawn_error})
        else:
            return self._answer(404)
        self._answer(200)

    def _answer(self, status: int, extra: dict[str, Any] | None = None) -> None:
        body = json.dumps({**self.server.supervisor.status(), **(extra or {})}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
