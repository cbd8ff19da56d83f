"""A real `assay serve` with live sessions seeded into its database, and participants that speak y-websocket."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.ops.serving import ASSAY, Server, assay_serve, clean_env

ROOT = Path(__file__).parents[2]
WORKSPACE = {
    "app.py": 'def greet(name):\n    return f"hello {name}"\n',
    "assay.toml": 'setup = "true"\nstart = "python3 app.py"\ntest = "python3 test_app.py"\n',
    "test_app.py": "from app import greet\n\nassert greet('cara') == 'hello cara'\nprint('candidate tests passed')\n",
    "logo.png": b"\x89PNG\r\n\x1a\n\x00\x00binary",
}


def write_workspace(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for name, content in WORKSPACE.items():
        path = dest / name
        path.write_bytes(content) if isinstance(content, bytes) else path.write_text(content)
    return dest


def seed(server: Server, var: Path, files: Path, what: str = "seed") -> dict[str, Any]:
    code = f"from tests.live.seed import {what}; {what}({str(files)!r})"
    env = clean_env(var, PYTHONPATH=str(ROOT), ASSAY_LIBRARY_DIR=str(var / "empty-library"))
    done = subprocess.run([ASSAY, "shell", "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, dict[str, Any]]]:
    tmp = tmp_path_factory.mktemp("live")
    with assay_serve(tmp / "var") as server:
        yield server, seed(server, tmp / "var", write_workspace(tmp / "files"))


class Room:
    """The candidate's page as a browser gets it: its CSRF token and its room's settings."""

    def __init__(self, server: Server, token: str) -> None:
        self.client = httpx.Client(base_url=server.url, timeout=10)
        page = self.client.get(f"/live/join/{token}/")
        assert page.status_code == 200, page.text[:500]
        self.csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
        config = re.search(r'<script id="live-config" type="application/json">(.*?)</script>', page.text)
        self.config = json.loads(config.group(1))  # type: ignore[union-attr]

    def run(self, **body: object) -> httpx.Response:
        return self.client.post(self.config["runUrl"], json=body, headers={"X-CSRFToken": self.csrf})


def signed_in(server: Server) -> httpx.Client:
    """The demo owner, signed in as a browser would (the CSRF cookie, then the form)."""
    email, password = server.demo_credentials()
    client = httpx.Client(base_url=server.url, timeout=10)
    client.get("/login/")
    form = {"email": email, "password": password, "csrfmiddlewaretoken": client.cookies["csrftoken"]}
    assert client.post("/login/", data=form).status_code == 302
    return client


def post_form(client: httpx.Client, path: str) -> httpx.Response:
    return client.post(path, data={"csrfmiddlewaretoken": client.cookies["csrftoken"]})
