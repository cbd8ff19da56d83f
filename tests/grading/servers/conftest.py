"""Fixtures for the private servers' tests: a real sandbox run to start them in, a cache of the database template."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assay.grading.sandbox import Limits, SandboxRun
from tests.grading.conftest import require_sandbox

# The run's own processes (psql, redis-cli) need little; the servers have their own limits.
RUN_LIMITS = Limits(
    wall_seconds=10, cpu_seconds=5, memory_mb=128, processes=64, file_size_mb=64, disk_mb=64, output_kb=16
)


@pytest.fixture(autouse=True)
def _require_sandbox() -> None:
    require_sandbox()


@pytest.fixture
def run() -> Iterator[SandboxRun]:
    with SandboxRun(limits=RUN_LIMITS) as sandbox_run:
        yield sandbox_run


@pytest.fixture(scope="session")
def pg_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pg-cache")
