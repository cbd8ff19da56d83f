"""What the stages of one grading share while it runs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assay import stacks
from assay.grading.report import Report, StageReport
from assay.grading.sandbox import Limits, SandboxProcess, SandboxRun
from assay.grading.servers import PrivatePostgres, PrivateRedis, RunningProvided

if TYPE_CHECKING:
    from assay.challenges.package import ChallengePackage, RepoConfig
    from assay.grading.candidate_worker import WorkerSupervisor

SERVICE_PORT = 8080
EventSink = Callable[[str, str], None]


@dataclass(frozen=True)
class StageLimits:
    """Limits per stage. Setup may download; the service lives through the test stages."""

    setup: Limits = Limits(wall_seconds=300, cpu_seconds=300, memory_mb=2048, processes=256, disk_mb=1536)
    service: Limits = Limits(wall_seconds=900, cpu_seconds=600, memory_mb=1024, processes=256, disk_mb=1536)
    candidate_tests: Limits = Limits(wall_seconds=180, cpu_seconds=180, memory_mb=1024, processes=256, disk_mb=1536)
    trusted: Limits = Limits(wall_seconds=300, cpu_seconds=300, memory_mb=1024, processes=64, output_kb=256)
    readiness_seconds: float = 60.0


@dataclass
class GradingContext:
    package: ChallengePackage
    stack: str
    source: Path
    sandbox: SandboxRun
    report: Report
    scratch: Path
    cache_dir: Path
    limits: StageLimits = field(default_factory=StageLimits)
    config: RepoConfig | None = None
    service: SandboxProcess | None = None
    worker: WorkerSupervisor | None = None
    postgres: PrivatePostgres | None = None
    redis: PrivateRedis | None = None
    provided: list[RunningProvided] = field(default_factory=list)
    ready: bool = False
    calibrating: bool = False
    cache_env: dict[str, str] = field(default_factory=dict)
    calibration: dict[str, Any] | None = None
    reference_load: Callable[[], dict[str, Any] | None] = lambda: None
    emit: EventSink = lambda stage, message: None
    on_stage: Callable[[StageReport], None] = lambda stage: None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{SERVICE_PORT}"

    def service_env(self, memory_mb: int | None = None, *, services: bool = True) -> dict[str, str]:
        """What the platform provides to every candidate process: contract 2, the dependency cache's view, and
        the stack's runtime settings for a process of `memory_mb` (the service's limit unless given).

        `services=False` (setup): no DATABASE_URL or REDIS_URL, the services may still be starting."""
        stack = stacks.get(self.stack)
        runtime = stack.runtime_env(memory_mb or self.limits.service.memory_mb) if stack else {}
        env = {**runtime, **self.cache_env, "PORT": str(SERVICE_PORT), "CI": "true", "BASE_URL": self.base_url}
        if self.postgres and services:
            env["DATABASE_URL"] = self.postgres.database_url
        if self.redis and services:
            env["REDIS_URL"] = self.redis.redis_url
        for upstream in self.provided if services else []:
            env[upstream.service.env_var] = upstream.url
            env[upstream.service.secret_env_var] = upstream.secret
        return env
