"""The candidate's service in a live session: started in the grading's sandbox on the workspace's current
files (``start`` of its assay.toml, on $PORT), with the private PostgreSQL and Redis its assay.toml declares
(empty, as in a grading), and the HTTP requests the request panel sends to it.

A request reaches that sandbox's loopback only: a platform probe joins the run's network namespace, which has
no other network, and connects to 127.0.0.1 with a path (never a URL). A service lives in the process that
started it, at most SERVICE_SECONDS, and stops when the session ends or another one is started.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assay.challenges.package import parse_repo_config
from assay.errors import Conflict, InvalidInput
from assay.grading.depcache import DependencyCache
from assay.grading.pipeline import cache_dir
from assay.grading.sandbox import Limits, SandboxError, SandboxProcess, SandboxRun
from assay.grading.servers import PrivatePostgres, PrivateRedis, start_postgres, start_redis
from assay.grading.trusted import clean_env
from assay.live import documents

PORT = 8080
SERVICE_SECONDS = 30 * 60
READY_SECONDS = 60
MAX_BODY_BYTES = 64 * 1024
MAX_HEADERS = 30
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
LOG = ".assay-service-output"
SERVICE_LIMITS = Limits(wall_seconds=SERVICE_SECONDS, cpu_seconds=600, memory_mb=1024, processes=256, disk_mb=1536)
PROBE_LIMITS = Limits(wall_seconds=20, cpu_seconds=10)
_PATH = re.compile(r"/[!-~]*")  # printable ASCII without spaces; a leading "//" is refused separately
_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")


@dataclass
class Running:
    sandbox: SandboxRun
    process: SandboxProcess
    servers: list[PrivatePostgres | PrivateRedis] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)  # one request at a time per service

    def close(self) -> None:
        _close(self.sandbox, self.servers)


def _close(sandbox: SandboxRun, servers: list[PrivatePostgres | PrivateRedis]) -> None:
    for server in servers:
        server.stop()
    sandbox.close()


_services: dict[int, Running] = {}
_guard = threading.Lock()


@dataclass(frozen=True)
class Outcome:
    ready: bool
    why: str
    log: str = ""


def start(session_id: int, stack: str, files: dict[str, str]) -> Outcome:
    """Start (or restart) the session's service on ``files``; blocks until it answers or gives up."""
    stop(session_id)
    command, ready, wanted = _start_command(files)
    sandbox = SandboxRun(limits=SERVICE_LIMITS)
    sandbox.start()
    servers: list[PrivatePostgres | PrivateRedis] = []
    try:
        with tempfile.TemporaryDirectory(prefix="assay-live-service-") as scratch:
            documents.write_files(files, Path(scratch))
            sandbox.copy_source(Path(scratch))
        env = {**DependencyCache(cache_dir() / "deps").attach(sandbox, stack), "PORT": str(PORT)}
        try:
            env |= _start_servers(sandbox, wanted, servers)
        except SandboxError as error:
            _close(sandbox, servers)
            return Outcome(False, f"Assay could not start the service's {' and '.join(wanted)}: {error}")
        quoted = command.replace("'", "'\"'\"'")
        process = sandbox.spawn(f"exec >{LOG} 2>&1; exec sh -c '{quoted}'", limits=SERVICE_LIMITS, env=env)
        answer = _probe(
            sandbox,
            "assay.grading.probes.ready",
            f"http://127.0.0.1:{PORT}{ready}",
            str(READY_SECONDS),
            str(process.pid),
        )
    except BaseException:
        _close(sandbox, servers)
        raise
    if not answer.get("ready"):
        log = _log_tail(sandbox)
        _close(sandbox, servers)
        said = "exited" if answer.get("reason") == "exited" else f"did not answer on $PORT ({answer.get('reason')})"
        return Outcome(False, f"The service {said}. The last lines it printed are below.", log)
    with _guard:
        _services[session_id] = Running(sandbox, process, servers)
    with_servers = f" beside a private, empty {' and '.join(wanted)}" if wanted else ""
    return Outcome(
        True, f"The service runs `{command}`{with_servers} and answered GET {ready} with {answer.get('status')}."
    )


def _start_command(files: dict[str, str]) -> tuple[str, str, tuple[str, ...]]:
    """The workspace's start command, the path that says it is ready (its healthcheck, or /), and the
    services it declares."""
    with tempfile.TemporaryDirectory(prefix="assay-live-") as scratch:
        (Path(scratch) / "assay.toml").write_text(files.get("assay.toml", ""))
        try:
            config = parse_repo_config(Path(scratch) / "assay.toml")
            command, ready, wanted = config.start, config.healthcheck or "/", config.services
        except Exception:  # noqa: BLE001 - a broken assay.toml is the participants' to fix, said below
            command, ready, wanted = "", "/", ()
    if not command:
        raise InvalidInput("The workspace's assay.toml declares no start command.")
    return command, ready, wanted


def _start_servers(
    sandbox: SandboxRun, wanted: tuple[str, ...], servers: list[PrivatePostgres | PrivateRedis]
) -> dict[str, str]:
    """Start what the service declares in its sandbox; the environment that reaches them. Each server is
    added to ``servers`` as soon as it runs, so a failure part way still stops the ones started."""
    env = {}
    if "postgres" in wanted:
        postgres = start_postgres(sandbox, cache_dir() / "postgres")
        servers.append(postgres)
        env["DATABASE_URL"] = postgres.database_url
    if "redis" in wanted:
        redis = start_redis(sandbox)
        servers.append(redis)
        env["REDIS_URL"] = redis.redis_url
    return env


def _probe(sandbox: SandboxRun, module: str, *args: str) -> dict[str, Any]:
    result = sandbox.run_trusted([sys.executable, "-m", module, *args], limits=PROBE_LIMITS, env=clean_env())
    lines = result.stdout.strip().splitlines()
    try:
        answer = json.loads(lines[-1]) if lines else None
    except json.JSONDecodeError:
        answer = None
    return answer if isinstance(answer, dict) else {"error": "The request could not be sent."}


def _log_tail(sandbox: SandboxRun, lines: int = 30) -> str:
    path = sandbox.workspace / LOG
    text = path.read_bytes()[-16_384:].decode("utf-8", errors="replace") if path.exists() else ""
    return "\n".join(text.splitlines()[-lines:])


def stop(session_id: int) -> bool:
    """Stop the session's service, if this process runs one; True if it did."""
    with _guard:
        running = _services.pop(session_id, None)
    if running is None:
        return False
    running.close()
    return True


def is_running(session_id: int) -> bool:
    with _guard:
        running = _services.get(session_id)
    return running is not None and running.process.alive()


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: str


def parse_request(data: object) -> Request:
    """The request panel's input, checked: a method, a path (never a URL or another host), headers, a body."""
    if not isinstance(data, dict):
        raise InvalidInput("Send a JSON object.")
    method = str(data.get("method", "GET")).upper()
    if method not in METHODS:
        raise InvalidInput(f"Pick one of {', '.join(METHODS)}.", fields={"method": ["Unknown method."]})
    path = str(data.get("path", ""))
    if not _PATH.fullmatch(path) or path.startswith("//"):
        raise InvalidInput(
            "Give a path on the service, such as /items?page=2: not a URL, not another host.",
            fields={"path": ["A path starting with a single /, without spaces."]},
        )
    headers = _headers(data.get("headers") or {})
    body = data.get("body") or ""
    if not isinstance(body, str):
        raise InvalidInput("The body is text.", fields={"body": ["Text."]})
    if len(body.encode()) > MAX_BODY_BYTES:
        raise InvalidInput(f"The body is over {MAX_BODY_BYTES // 1024} KB.", fields={"body": ["Too large."]})
    return Request(method, path, headers, body)


def _headers(raw: object) -> dict[str, str]:
    if not isinstance(raw, dict) or len(raw) > MAX_HEADERS:
        raise InvalidInput(f"Headers are at most {MAX_HEADERS} names and values.", fields={"headers": ["Invalid."]})
    headers = {}
    for name, value in raw.items():
        value = str(value)
        if not _TOKEN.fullmatch(str(name)) or any(c in value for c in "\r\n\0") or len(value) > 8192:
            raise InvalidInput(f"The header {str(name)[:40]!r} is not valid.", fields={"headers": ["Invalid."]})
        if str(name).lower() == "host":
            continue  # the service is reached by its loopback whatever a Host header says
        headers[str(name)] = value
    return headers


def send(session_id: int, request: Request) -> dict[str, Any]:
    """Send ``request`` to the session's running service; its answer, or what went wrong."""
    with _guard:
        running = _services.get(session_id)
    if running is None or not running.process.alive():
        raise Conflict("The service is not running: start it first.")
    with running.lock:
        args = [str(PORT), request.method, request.path, json.dumps(request.headers), request.body]
        return _probe(running.sandbox, "assay.live.probe", *args)
