"""Private PostgreSQL and Redis for one run, on the run's loopback only.

Each runs in its own bubblewrap sandbox as the run's services uid, inside the
run's network namespace, so the candidate reaches it at 127.0.0.1 and nothing
else on the host can. Trusted platform code reaches PostgreSQL through its
unix socket, which lives in the run directory on the host side.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shlex
import shutil
import socket
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from assay.grading.sandbox import Limits, SandboxError, SandboxProcess, SandboxRun

from .plans import PlanLog, QueryPlan

PG_BIN = Path("/usr/lib/postgresql/15/bin")
REDIS_SERVER = "/usr/bin/redis-server"
PG_MOUNT = "/services/pg"
REDIS_MOUNT = "/services/redis"
SERVICE_LIMITS = Limits(wall_seconds=3600, cpu_seconds=3600, memory_mb=512, processes=64, output_kb=32)

_PG_CONF = f"""
listen_addresses = '127.0.0.1'
port = 5432
unix_socket_directories = '{PG_MOUNT}/sock'
shared_preload_libraries = 'pg_stat_statements,auto_explain'
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 16MB
max_connections = 40
dynamic_shared_memory_type = mmap
max_wal_size = 64MB
log_min_messages = warning
# Query plans for database inspection: every plannable statement's plan, as
# JSON, into a file the host reads after the run. auto_explain logs at LOG,
# which log_min_messages ranks above WARNING, so it is not filtered out.
auto_explain.log_min_duration = 0
auto_explain.log_format = json
# Nested statements would include every foreign-key check of a bulk insert: gigabytes of log, nothing to learn.
auto_explain.log_nested_statements = off
logging_collector = on
log_destination = 'jsonlog'
log_directory = '{PG_MOUNT}/log'
log_filename = 'postgresql.log'
log_rotation_age = 0
log_rotation_size = 0
"""

# Only trusted code can reach the socket (it is not bound into candidate
# sandboxes); over TCP only the app role, with its password, gets in.
_PG_HBA = """
local all all trust
host app app 127.0.0.1/32 scram-sha-256
host all all all reject
"""


@dataclass
class PrivatePostgres:
    """A running private PostgreSQL with an empty database `app`.

    Invariant: reachable only from the run's network namespace (TCP) and from
    the host through `host_socket_dir` (trusted side).
    """

    process: SandboxProcess
    host_socket_dir: Path
    user: str = "app"
    # Reachable only inside the run's own namespace, so a fixed password leaks nothing.
    password: str = "app"  # noqa: S105
    dbname: str = "app"
    _log: PlanLog | None = field(default=None, repr=False)

    @property
    def database_url(self) -> str:
        return f"postgresql://{self.user}:{self.password}@127.0.0.1:5432/{self.dbname}"

    def trusted_conninfo(self, user: str = "postgres") -> str:
        """libpq conninfo for platform code on the host (psycopg.connect(...))."""
        return f"host={self.host_socket_dir} port=5432 dbname={self.dbname} user={user}"

    @property
    def host_log_file(self) -> Path:
        """The server log (JSON lines), readable by the host during and after the run."""
        return self.host_socket_dir.parent / "log" / "postgresql.json"

    def plans(self, user: str | None = None, *, sync: bool = True) -> list[QueryPlan]:
        """Plans logged by auto_explain since start (or the last `reset_statistics()`).

        Each is {"query", "plan", "duration_ms", "user"}; `user` filters by
        the role that ran the statement ("app" for the candidate's own).
        The log is written asynchronously; with `sync`, a marker is logged
        through the trusted socket first and awaited, so every statement
        that completed before the call is included.
        """
        if sync:
            self._sync_log()
        return self._plan_log().read(user)

    def _sync_log(self, timeout: float = 2.0) -> None:
        import psycopg  # the platform's driver; imported here so the package loads without it

        marker = f"assay-log-sync-{uuid.uuid4().hex}"
        with psycopg.connect(self.trusted_conninfo(), autocommit=True) as conn:
            conn.execute(f"DO $$ BEGIN RAISE LOG '{marker}'; END $$")
        needle = marker.encode()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._plan_log().contains(needle):
                return
            time.sleep(0.005)

    def reset_statistics(self) -> None:
        """Forget pg_stat_statements and the plans logged so far (trusted socket)."""
        import psycopg

        with psycopg.connect(self.trusted_conninfo(), autocommit=True) as conn:
            conn.execute("SELECT pg_stat_statements_reset()")
        self._plan_log().mark()

    def log_plans(self, enabled: bool) -> None:
        """Turn plan logging on or off for new statements (e.g. off during the load probe)."""
        import psycopg

        value = 0 if enabled else -1
        with psycopg.connect(self.trusted_conninfo(), autocommit=True) as conn:
            conn.execute(f"ALTER SYSTEM SET auto_explain.log_min_duration = {value}")
            conn.execute("SELECT pg_reload_conf()")

    def _plan_log(self) -> PlanLog:
        if self._log is None:
            self._log = PlanLog(self.host_log_file)
        return self._log

    def stop(self) -> None:
        self.process.stop(grace_seconds=2)


@dataclass
class PrivateRedis:
    process: SandboxProcess
    host_socket: Path

    @property
    def redis_url(self) -> str:
        return "redis://127.0.0.1:6379/0"

    def stop(self) -> None:
        self.process.stop(grace_seconds=1)


def _in_sandbox(run: SandboxRun, work: Path, argv: list[str], stdin: str = "") -> None:
    """Run a PostgreSQL tool as the services uid in the run's sandbox, `work` at PG_MOUNT."""
    command = " ".join(shlex.quote(a) for a in argv)
    if stdin:
        command = f"printf %s {shlex.quote(stdin)} | {command}"
    result = run.run(command, limits=SERVICE_LIMITS.with_wall(60), service_dirs={work: PG_MOUNT}, cwd="/")
    if not result.ok:
        raise SandboxError(f"{argv[0]} failed: {result.explain()}: {result.stderr[-2000:]}")


def _build_template(run: SandboxRun, target: Path) -> None:
    """initdb + app role/database + pg_stat_statements, then store it owned by root."""
    work = _service_dir(run, "pg-template")
    data = f"{PG_MOUNT}/data"
    _in_sandbox(
        run,
        work,
        [
            str(PG_BIN / "initdb"),
            "-D",
            data,
            "-U",
            "postgres",
            "--auth=trust",
            "--no-sync",
            "-E",
            "UTF8",
            "--locale=C",
            "--wal-segsize=1",
            "--no-instructions",
        ],
    )
    with open(work / "data" / "postgresql.conf", "a") as conf:
        conf.write(_PG_CONF)
    (work / "data" / "pg_hba.conf").write_text(_PG_HBA)
    single = [str(PG_BIN / "postgres"), "--single", "-D", data, "-c", "shared_preload_libraries="]
    _in_sandbox(
        run, work, [*single, "postgres"], "CREATE ROLE app LOGIN PASSWORD 'app';\nCREATE DATABASE app OWNER app;\n"
    )
    _in_sandbox(run, work, [*single, "app"], "CREATE EXTENSION pg_stat_statements;\n")
    staging = target.with_name(f"{target.name}.tmp-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(work / "data", staging, symlinks=True)
    _chown_tree(staging, 0)
    staging.rename(target)
    shutil.rmtree(work)


def ensure_pg_template(run: SandboxRun, cache_dir: Path) -> Path:
    """The initialised data directory every run copies; built once per cache dir.

    A lock file serialises concurrent workers building it for the first time.
    """
    cache_dir.mkdir(parents=True, exist_ok=True)
    # Named after its configuration, so a changed configuration builds a new one.
    digest = hashlib.sha256((_PG_CONF + _PG_HBA).encode()).hexdigest()[:10]
    target = cache_dir / f"pg15-template-{digest}"
    if target.exists():
        return target
    with open(cache_dir / f"{target.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not target.exists():
            _build_template(run, target)
    return target


def _chown_tree(root: Path, uid: int) -> None:
    os.chown(root, uid, uid)
    for dirpath, dirnames, filenames in os.walk(root):
        for name in [*dirnames, *filenames]:
            os.lchown(os.path.join(dirpath, name), uid, uid)


def _service_dir(run: SandboxRun, name: str) -> Path:
    path = run.services_dir / name
    path.mkdir(mode=0o700)
    os.chown(path, run.services_uid, run.services_uid)
    return path


def _wait(check: Callable[[], bool], proc: SandboxProcess, what: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    pause = 0.002
    while not check():
        if not proc.alive():
            result = proc.stop(0)
            raise SandboxError(f"{what} exited during start-up: {result.stderr[-1000:]}")
        if time.monotonic() > deadline:
            result = proc.stop(0)
            raise SandboxError(f"{what} not ready after {timeout}s: {result.stderr[-1000:]}")
        time.sleep(pause)
        pause = min(pause * 1.5, 0.05)


def _pg_ready(data: Path) -> bool:
    try:
        lines = (data / "postmaster.pid").read_text().splitlines()
    except OSError:
        return False
    return len(lines) >= 8 and lines[7].strip() == "ready"


def start_postgres(
    run: SandboxRun, cache_dir: Path, *, limits: Limits = SERVICE_LIMITS, timeout: float = 15.0
) -> PrivatePostgres:
    """Copy the template, start PostgreSQL in the run's namespace, wait until ready."""
    template = ensure_pg_template(run, cache_dir)
    pg_dir = _service_dir(run, "pg")
    data = pg_dir / "data"
    shutil.copytree(template, data, symlinks=True)
    _chown_tree(data, run.services_uid)
    (pg_dir / "sock").mkdir(mode=0o700)
    os.chown(pg_dir / "sock", run.services_uid, run.services_uid)
    proc = run.spawn(
        [str(PG_BIN / "postgres"), "-D", f"{PG_MOUNT}/data"], limits=limits, service_dirs={pg_dir: PG_MOUNT}
    )
    _wait(lambda: _pg_ready(data), proc, "PostgreSQL", timeout)
    return PrivatePostgres(process=proc, host_socket_dir=pg_dir / "sock")


def _redis_ping(path: Path) -> bool:
    try:
        with socket.socket(socket.AF_UNIX) as sock:
            sock.settimeout(0.5)
            sock.connect(str(path))
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def start_redis(run: SandboxRun, *, limits: Limits = SERVICE_LIMITS, timeout: float = 10.0) -> PrivateRedis:
    """Start a throwaway Redis (no persistence) on the run's 127.0.0.1:6379."""
    redis_dir = _service_dir(run, "redis")
    argv = [
        REDIS_SERVER,
        "--bind",
        "127.0.0.1",
        "--port",
        "6379",
        "--save",
        "",
        "--appendonly",
        "no",
        "--daemonize",
        "no",
        "--dir",
        REDIS_MOUNT,
        "--unixsocket",
        f"{REDIS_MOUNT}/redis.sock",
        "--unixsocketperm",
        "700",
    ]
    proc = run.spawn(argv, limits=limits, service_dirs={redis_dir: REDIS_MOUNT})
    sock = redis_dir / "redis.sock"
    _wait(lambda: _redis_ping(sock), proc, "Redis", timeout)
    return PrivateRedis(process=proc, host_socket=sock)
