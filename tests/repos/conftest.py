"""Fixtures for the repository tests: a starter, repositories made by the real service, the real git CLI,
and the smart-HTTP endpoint served by uvicorn (ASGI, as in production) or Django's live server (WSGI)."""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from assay.accounts.models import Organization
from assay.repos import services
from assay.repos.models import Repository
from tests.conftest import make_organization
from tests.ops.serving import free_port

STARTER_FILES = {
    "README.md": "# Bookings API\n\nBuild the service described in brief.md.\n",
    "assay.toml": 'start = "python app.py"\n',
    "app.py": "print('hello')\n",
    "tests/test_app.py": "def test_nothing():\n    pass\n",
}


@pytest.fixture(autouse=True)
def _repos_dir(settings: Any, tmp_path: Path) -> Path:
    settings.ASSAY_REPOS_DIR = tmp_path / "repos"
    return tmp_path / "repos"


@pytest.fixture
def starter(tmp_path: Path) -> Path:
    root = tmp_path / "starter"
    for name, content in STARTER_FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(content)
    return root


@pytest.fixture
def organization(transactional_db: None) -> Organization:
    return make_organization("Acme Hiring")


@pytest.fixture
def repository(organization: Organization, starter: Path) -> Repository:
    return services.create_repository(organization, name="Ada Lovelace — bookings-api", starter=starter)


class Git:
    """The git CLI as a candidate runs it, without the host's configuration and never prompting."""

    def __init__(self, home: Path) -> None:
        home.mkdir(parents=True, exist_ok=True)
        self.env = {
            "PATH": os.environ["PATH"],
            "HOME": str(home),
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_TERMINAL_PROMPT": "0",
            "GIT_AUTHOR_NAME": "Ada Lovelace",
            "GIT_AUTHOR_EMAIL": "ada@example.test",
            "GIT_COMMITTER_NAME": "Ada Lovelace",
            "GIT_COMMITTER_EMAIL": "ada@example.test",
            "LC_ALL": "C",
        }

    def __call__(
        self, *args: str, cwd: Path | None = None, check: bool = True, **env: str
    ) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            ["git", *args], cwd=cwd, env={**self.env, **env}, capture_output=True, text=True, timeout=120
        )
        if check and result.returncode != 0:
            raise AssertionError(f"git {' '.join(args)} failed ({result.returncode}):\n{result.stderr}")
        return result

    def commit_file(self, clone: Path, name: str, content: bytes, message: str = "work") -> str:
        (clone / name).parent.mkdir(parents=True, exist_ok=True)
        (clone / name).write_bytes(content)
        self("add", name, cwd=clone)
        self("commit", "-q", "-m", message, cwd=clone)
        return self("rev-parse", "HEAD", cwd=clone).stdout.strip()


@pytest.fixture
def git(tmp_path: Path) -> Git:
    return Git(tmp_path / "home")


class _ThreadedUvicorn(uvicorn.Server):
    def install_signal_handlers(self) -> None:  # a thread cannot; the test process keeps its own
        pass


@pytest.fixture(scope="session")
def asgi_url() -> Iterator[str]:
    """Assay's real ASGI application under uvicorn, in a thread of the test process (so it shares its database)."""
    from assay.asgi import application

    port = free_port()
    server = _ThreadedUvicorn(
        uvicorn.Config(application, host="127.0.0.1", port=port, lifespan="off", log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(params=["asgi", "wsgi"])
def server_url(request: pytest.FixtureRequest) -> str:
    """Each server Assay's git endpoint must work under: uvicorn (production) and Django's WSGI live server."""
    if request.param == "asgi":
        return str(request.getfixturevalue("asgi_url"))
    return str(request.getfixturevalue("live_server").url)


def fsck(repository: Repository) -> None:
    result = subprocess.run(
        ["git", "--git-dir", str(services.git_dir(repository)), "fsck", "--strict"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
