"""A challenge's own upstream services, started for one run on its loopback.

Each runs in a bubblewrap sandbox of its own as the run's provided uid (never the candidate's, never
the platform's servers' uid), inside the run's network namespace: the candidate's service reaches it
at 127.0.0.1:PORT, nothing outside the run can. It sees the system's programs, its package folder
read-only at /service and a private state folder at /state, nothing else of the host.

The control interface (call log, reset, faults to inject) is an HTTP server on a unix socket in the
state folder, `$ASSAY_CONTROL_SOCKET`. That folder belongs to the provided uid and is bound into no
other sandbox, so only the trusted side (the hidden tests) can reach it.
"""

from __future__ import annotations

import os
import secrets
import shlex
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from assay.challenges.provided import SERVICES_DIR, ProvidedService
from assay.grading.sandbox import Limits, SandboxError, SandboxProcess, SandboxRun

SERVICE_MOUNT = "/service"
STATE_MOUNT = "/state"
CONTROL_SOCKET = "control.sock"
# The platform's own interpreter for `.py` services: the system's, which every sandbox sees under /usr.
PYTHON = "/usr/bin/python3"
# Threads count as processes: an upstream must survive the burst of a candidate without a cache (a stampede).
PROVIDED_LIMITS = Limits(wall_seconds=3600, cpu_seconds=600, memory_mb=256, processes=256, output_kb=32)


@dataclass
class RunningProvided:
    """A started provided service. `control_socket` is a host path: trusted code only."""

    service: ProvidedService
    process: SandboxProcess
    control_socket: Path
    # Shared with the candidate's service only (a webhook signing key, an API key): new for every run.
    secret: str = ""

    @property
    def url(self) -> str:
        return self.service.url

    def describe(self) -> dict[str, str]:
        """What the hidden tests receive for it (see the plugin's `provided` fixture)."""
        return {"url": self.url, "control_socket": str(self.control_socket)}

    def stop(self) -> None:
        self.process.stop(grace_seconds=1)


def _argv(service: ProvidedService) -> list[str]:
    program, *args = service.command
    inside = f"{SERVICE_MOUNT}/{program}"
    return [PYTHON, "-u", inside, *args] if program.endswith(".py") else [inside, *args]


def _state_dir(run: SandboxRun, name: str) -> Path:
    path = run.dir / "provided" / name
    path.parent.mkdir(mode=0o711, exist_ok=True)
    path.mkdir(mode=0o700)
    os.chown(path, run.provided_uid, run.provided_uid)
    return path


def start_provided(
    run: SandboxRun,
    package_root: Path,
    service: ProvidedService,
    *,
    candidate_url: str = "",
    limits: Limits = PROVIDED_LIMITS,
    # As long as the candidate's own readiness: services start beside setup, which may take the cores.
    timeout: float = 60.0,
) -> RunningProvided:
    """Start one provided service and wait until it answers GET `ready` on its port.

    It learns the candidate's address (`ASSAY_CANDIDATE_URL`, to deliver webhooks) and a secret of this
    run that the candidate's service receives too (`ASSAY_SERVICE_<NAME>_SECRET` on both sides)."""
    secret = secrets.token_urlsafe(24)
    folder = run.bind_host(package_root / SERVICES_DIR, readonly=True)
    state = _state_dir(run, service.name)
    env = {
        **service.env,
        "PORT": str(service.port),
        "ASSAY_CONTROL_SOCKET": f"{STATE_MOUNT}/{CONTROL_SOCKET}",
        "HOME": STATE_MOUNT,
        "PYTHONDONTWRITEBYTECODE": "1",
        "ASSAY_CANDIDATE_URL": candidate_url,
        service.secret_env_var: secret,
    }
    proc = run.spawn_tool(
        _argv(service),
        uid=run.provided_uid,
        writable={state: STATE_MOUNT},
        readonly={folder: SERVICE_MOUNT},
        env=env,
        limits=limits,
        cwd=SERVICE_MOUNT,
    )
    _wait_ready(run, service, proc, timeout)
    return RunningProvided(service=service, process=proc, control_socket=state / CONTROL_SOCKET, secret=secret)


def _wait_ready(run: SandboxRun, service: ProvidedService, proc: SandboxProcess, timeout: float) -> None:
    """The platform's readiness probe, run in the run's network namespace (where the port is)."""
    url = f"{service.url}{service.ready}"
    argv = [sys.executable, "-m", "assay.grading.probes.ready", url, str(timeout), str(proc.pid)]
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONDONTWRITEBYTECODE": "1"}
    started = time.monotonic()
    result = run.run_trusted(argv, env=env, limits=Limits(wall_seconds=timeout + 5, output_kb=16))
    if proc.alive() and '"ready": true' in result.stdout:
        return
    took = time.monotonic() - started
    why = "exited during start-up" if not proc.alive() else f"did not answer GET {service.ready} after {took:.0f}s"
    stopped = proc.stop(0)
    tail = stopped.stderr[-1000:] or stopped.stdout[-1000:]
    raise SandboxError(f"provided service {service.name!r} ({shlex.join(service.command)}) {why}: {tail}")
