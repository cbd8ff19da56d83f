"""Fixtures for grading tests: the tiny-api challenge of our own, repositories built on the fly, limits.

Grading tests run the real pipeline in the real sandbox. They skip when the host cannot sandbox
(no bwrap, not root) unless ASSAY_REQUIRE_SANDBOX=1, where a missing sandbox is a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from assay.challenges.package import ChallengePackage, load_package
from assay.grading.context import StageLimits
from assay.grading.sandbox import Limits
from assay.grading.sandbox.bwrap import BWRAP, PRLIMIT, SETPRIV
from assay.grading.sandbox.network import IP, NSENTER, SLIRP
from assay.grading.servers.private import PG_BIN, REDIS_SERVER

FIXTURES = Path(__file__).parent / "fixtures"
TINY = FIXTURES / "tiny-api"
# The fixtures are candidate repositories and hidden tests, graded by the tests, never collected.
collect_ignore = ["fixtures"]
# Every program a grading runs on the host, named where the code names it: a missing one skips (or fails) every
# test that grades, runs a sandbox or starts a private server, with the same words.
PG_TOOLS = tuple(str(PG_BIN / tool) for tool in ("initdb", "postgres", "psql"))
SANDBOX_TOOLS = (BWRAP, PRLIMIT, SETPRIV, SLIRP, IP, NSENTER, *PG_TOOLS, REDIS_SERVER)
INSTALL = "apt-get install bubblewrap slirp4netns iproute2 util-linux postgresql-15 redis-server"

# Small enough that every hostile case ends in seconds, large enough for a stdlib service.
FAST_LIMITS = StageLimits(
    setup=Limits(wall_seconds=20, cpu_seconds=10, memory_mb=256, processes=64, file_size_mb=64, disk_mb=64),
    service=Limits(wall_seconds=120, cpu_seconds=30, memory_mb=256, processes=64, file_size_mb=64, disk_mb=64),
    candidate_tests=Limits(wall_seconds=20, cpu_seconds=10, memory_mb=256, processes=64, disk_mb=64),
    trusted=Limits(wall_seconds=90, cpu_seconds=90, memory_mb=1024, processes=64, output_kb=256),
    readiness_seconds=15,
)


def sandbox_missing() -> str | None:
    """Why this host cannot grade, or None. The one check of every test that needs the sandbox (e2e too)."""
    for tool in SANDBOX_TOOLS:
        if not os.path.exists(tool):
            return f"{tool} is not installed ({INSTALL})"
    if os.geteuid() != 0:
        return "grading needs root to mount the workspace and create namespaces"
    return None


def require_sandbox() -> None:
    """Skip when the host cannot grade; fail instead under ASSAY_REQUIRE_SANDBOX=1 (CI must not pass by skipping)."""
    reason = sandbox_missing()
    if reason is None:
        return
    if os.environ.get("ASSAY_REQUIRE_SANDBOX") == "1":
        pytest.fail(f"ASSAY_REQUIRE_SANDBOX=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _require_sandbox(request: pytest.FixtureRequest) -> None:
    if request.node.get_closest_marker("sandbox") is not None:
        require_sandbox()


@pytest.fixture(scope="session")
def fast_limits() -> StageLimits:
    return FAST_LIMITS


@pytest.fixture(scope="session")
def tiny() -> ChallengePackage:
    return load_package(TINY)


@pytest.fixture
def make_repo(tmp_path: Path) -> Callable[..., Path]:
    """A candidate repository in tmp_path: a copy of `base` (if any), then `files` written over it."""
    counter = iter(range(1000))

    def make(base: Path | None = None, files: dict[str, str | bytes] | None = None) -> Path:
        repo = tmp_path / f"repo-{next(counter)}"
        if base is not None:
            shutil.copytree(base, repo, symlinks=True)
        repo.mkdir(exist_ok=True)
        for name, content in (files or {}).items():
            path = repo / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content.encode() if isinstance(content, str) else content)
        return repo

    return make
