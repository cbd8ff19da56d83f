"""The hidden tests' browser runs like candidate code: the run's browser uid, the run's loopback, no host files."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest

import assay.settings
from assay.grading import browser as sandboxed_browser
from assay.grading.hidden.browser import CHROMIUM_ARGS
from assay.grading.sandbox import Limits, SandboxRun
from tests.grading.conftest import require_sandbox

PAGE = "<!doctype html><title>Tracker</title><h1>Candidate's own page</h1>"
SECRET = "platform-secret-7f3a"


class _Host(BaseHTTPRequestHandler):
    """A platform endpoint on the host's loopback: the browser must never reach it."""

    hits = 0

    def do_GET(self) -> None:
        type(self).hits += 1
        body = SECRET.encode()
        self.send_response(200)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def run() -> Iterator[SandboxRun]:
    require_sandbox()
    if not sandboxed_browser.CHROMIUM.exists():
        pytest.skip(f"{sandboxed_browser.CHROMIUM} is missing: install Debian's chromium package")
    with SandboxRun(limits=Limits(wall_seconds=300, memory_mb=256, processes=64)) as sandbox_run:
        (sandbox_run.workspace / "index.html").write_text(PAGE)
        sandbox_run.spawn(["python3", "-m", "http.server", "8080", "--bind", "127.0.0.1"])
        yield sandbox_run


@pytest.fixture(scope="module")
def page(run: SandboxRun, tmp_path_factory: pytest.TempPathFactory, playwright_driver: Any) -> Iterator[Any]:
    launcher = sandboxed_browser.launcher(run, tmp_path_factory.mktemp("browser"))
    assert launcher is not None
    chromium = playwright_driver.chromium.launch(executable_path=str(launcher), args=CHROMIUM_ARGS, headless=True)
    context = chromium.new_context()
    context.set_default_timeout(10_000)
    yield context.new_page()
    chromium.close()


@pytest.fixture(scope="module")
def host_port() -> Iterator[int]:
    server = HTTPServer(("127.0.0.1", 0), _Host)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()


def _open(page: Any, url: str) -> str:
    """The page's text at `url`, or the browser's error when it could not load it."""
    from playwright.sync_api import Error

    try:
        page.goto(url)
    except Error as exc:
        return f"error: {exc.message}"
    return str(page.content())


def test_the_browser_loads_the_candidates_page_on_the_runs_loopback(page: Any) -> None:
    text = ""
    for _ in range(50):  # the service starts beside the browser: a few attempts while it binds its port
        text = _open(page, "http://127.0.0.1:8080/index.html")
        if "Candidate's own page" in text:
            break
        page.wait_for_timeout(100)
    assert "Candidate's own page" in text, text[:300]


def test_the_browser_cannot_fetch_the_hosts_loopback_or_the_internet(page: Any, host_port: int) -> None:
    _open(page, "http://127.0.0.1:8080/index.html")
    fetch = "url => fetch(url).then(r => r.text()).catch(e => 'refused: ' + e)"
    host = page.evaluate(fetch, f"http://127.0.0.1:{host_port}/")
    outside = page.evaluate(fetch, "http://1.1.1.1/")
    assert host.startswith("refused"), host
    assert outside.startswith("refused"), outside
    assert _Host.hits == 0


def test_the_browser_cannot_read_platform_files(page: Any, tmp_path: Path) -> None:
    data = tmp_path / "var" / "secret.txt"
    data.parent.mkdir()
    data.write_text(SECRET)
    data.chmod(0o644)
    for path in (data, Path(assay.settings.__file__)):
        text = _open(page, path.as_uri())
        assert SECRET not in text
        assert "ERR_FILE_NOT_FOUND" in text, f"{path} is visible to the browser: {text[:200]}"


def test_the_browser_runs_as_the_runs_browser_uid(page: Any, run: SandboxRun) -> None:
    _open(page, "http://127.0.0.1:8080/index.html")
    owners = [_uid(pid) for pid in _chromium_pids()]
    assert run.browser_uid in owners, "no Chromium process runs as the run's browser uid"
    assert run.browser_uid not in (run.uid, run.grader_uid, run.services_uid, run.provided_uid)


def _chromium_pids() -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and (entry / "exe").readlink() == sandboxed_browser.CHROMIUM:
                pids.append(int(entry.name))
        except OSError:
            continue
    return pids


def _uid(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("Uid:"):
            return int(line.split()[1])
    return -1
