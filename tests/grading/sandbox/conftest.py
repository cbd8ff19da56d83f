"""Fixtures for sandbox tests: real bubblewrap, real namespaces, real cgroups.

Tests skip when the host cannot sandbox (no bwrap, not root), unless
ASSAY_REQUIRE_SANDBOX=1, where a missing sandbox is a failure: CI for the
grading workers must never pass by skipping these.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sandbox_support import TEST_LIMITS, HostListener, require_registry

from assay.grading.sandbox import SandboxRun
from tests.grading.conftest import require_sandbox


@pytest.fixture(autouse=True)
def _require_sandbox() -> None:
    require_sandbox()


@pytest.fixture
def run() -> Iterator[SandboxRun]:
    with SandboxRun(limits=TEST_LIMITS) as sandbox_run:
        yield sandbox_run


@pytest.fixture
def host_ports() -> Iterator[list[tuple[int, HostListener | None]]]:
    """Something listening on the host's 127.0.0.1:5432, :6379 and a random port.

    Our own listener where the port is free (so we can also check nobody
    connected); None where a real server already holds the port.
    """
    ports: list[tuple[int, HostListener | None]] = []
    for port in (5432, 6379, 0):
        try:
            listener = HostListener(port)
            ports.append((listener.port, listener))
        except OSError:
            ports.append((port, None))
    yield ports
    for _, listener in ports:
        if listener:
            listener.close()


@pytest.fixture
def pypi() -> None:
    """PyPI is reachable (the test skips when it truly is not, and fails instead under CI)."""
    require_registry("pypi.org")


@pytest.fixture
def npm_registry() -> None:
    """The npm registry is reachable (the test skips when it truly is not, and fails instead under CI)."""
    require_registry("registry.npmjs.org")


@pytest.fixture
def go_proxy() -> None:
    """The Go module proxy is reachable (skips when it truly is not, fails instead under CI)."""
    require_registry("proxy.golang.org")


@pytest.fixture
def maven_central() -> None:
    """Maven Central is reachable (skips when it truly is not, fails instead under CI)."""
    require_registry("repo.maven.apache.org")
