"""The whole loop in a real browser against the real server: an owner sets up an assessment and invites a
candidate; the candidate opens the emailed link (real SMTP, aiosmtpd), starts, clones with git, pushes a
working solution and submits; the owner watches the candidate go to submitted and then graded.

It runs twice: on the server's own SQLite (the embedded default) and on PostgreSQL (production), in the
PostgreSQL pass of `make test`, where DATABASE_URL names the test server.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
from aiosmtpd.controller import Controller

from tests.e2e.test_login_and_api_key import sign_in
from tests.grading.conftest import sandbox_missing
from tests.notifications.test_smtp import Inbox
from tests.ops.serving import Server, assay_serve, free_port

pytestmark = pytest.mark.browser
TINY = Path(__file__).parents[1] / "grading" / "fixtures" / "tiny-api"
# Starters in every stack and a Go solution, added to a copy of tiny-api for the every-stack test.
TINY_STACKS = Path(__file__).parent / "fixtures" / "tiny-stacks"
EVERY_STACK = ("python", "node", "go", "java")
# assay_serve picks the port itself, so links and clone URLs carry the default site URL; we point them home.
DEFAULT_SITE = "http://127.0.0.1:8000"


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    box = Inbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield box, controller.port
    finally:
        controller.stop()


def _tiny_in_every_stack(challenge: Path) -> None:
    """Turn a copy of tiny-api into one that offers every stack, with a Go reference beside the Python one."""
    shutil.copytree(TINY_STACKS / "starters", challenge / "starters", dirs_exist_ok=True)
    shutil.copytree(TINY_STACKS / "solutions", challenge / "solutions", dirs_exist_ok=True)
    toml = challenge / "challenge.toml"
    stacks = ", ".join(f'"{stack}"' for stack in EVERY_STACK)
    toml.write_text(toml.read_text().replace('stacks = ["python"]', f"stacks = [{stacks}]"))


@contextmanager
def _serving_tiny(tmp_path: Path, smtp_port: int, *, every_stack: bool = False, **env: str) -> Iterator[Server]:
    library = tmp_path / "library"
    shutil.copytree(TINY, library / "tiny-api", ignore=shutil.ignore_patterns("__pycache__", ".cache", ".semgrep"))
    if every_stack:
        _tiny_in_every_stack(library / "tiny-api")
    smtp_env = {"ASSAY_SMTP_HOST": "127.0.0.1", "ASSAY_SMTP_PORT": str(smtp_port), "ASSAY_SMTP_STARTTLS": "0"}
    with assay_serve(tmp_path / "var", ASSAY_LIBRARY_DIR=str(library), **smtp_env, **env) as running:
        yield running


@pytest.fixture
def loop_server(tmp_path: Path, inbox: tuple[Inbox, int]) -> Iterator[Server]:
    """The server on its own SQLite, as `assay serve` runs out of the box."""
    with _serving_tiny(tmp_path, inbox[1]) as running:
        yield running


@pytest.fixture
def every_stack_server(tmp_path: Path, inbox: tuple[Inbox, int]) -> Iterator[Server]:
    """The server with tiny-api offered in Python, Node.js, Go and Java."""
    with _serving_tiny(tmp_path, inbox[1], every_stack=True) as running:
        yield running


@pytest.fixture
def postgres_database() -> Iterator[str]:
    """A new, empty database on the PostgreSQL server DATABASE_URL names, dropped afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("runs in the PostgreSQL pass of `make test` (DATABASE_URL=postgres://...)")
    name = f"assay_e2e_{uuid.uuid4().hex[:12]}"
    maintenance = urlsplit(url)._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlsplit(url)._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(maintenance, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def loop_server_on_postgresql(tmp_path: Path, inbox: tuple[Inbox, int], postgres_database: str) -> Iterator[Server]:
    """The server on PostgreSQL, as a production install runs."""
    with _serving_tiny(tmp_path, inbox[1], DATABASE_URL=postgres_database) as running:
        yield running


def _wait_for_mail(box: Inbox, timeout: float = 20) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if box.messages:
            return str(box.messages[-1].get_content())
        time.sleep(0.2)
    raise AssertionError("no invitation email arrived")


def _git(*args: str, cwd: Path) -> str:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0"}
    done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout.strip()


def test_a_candidate_is_invited_pushes_submits_and_is_graded(
    page: object, browser: object, loop_server: Server, inbox: tuple[Inbox, int], tmp_path: Path
) -> None:
    _candidate_loop(page, browser, loop_server, inbox[0], tmp_path)


def test_a_candidate_is_invited_pushes_submits_and_is_graded_on_postgresql(
    page: object,
    browser: object,
    loop_server_on_postgresql: Server,
    postgres_database: str,
    inbox: tuple[Inbox, int],
    tmp_path: Path,
) -> None:
    _candidate_loop(page, browser, loop_server_on_postgresql, inbox[0], tmp_path)
    with psycopg.connect(postgres_database) as conn:  # the server kept it there, not in a SQLite of its own
        states = conn.execute("SELECT email, state FROM assessments_candidate").fetchall()
    assert states == [("cara@example.test", "graded")]
    assert not (tmp_path / "var" / "assay.sqlite3").exists()


def test_every_stack_is_offered_and_a_go_submission_pushed_with_git_is_graded(
    page: object, browser: object, every_stack_server: Server, inbox: tuple[Inbox, int], tmp_path: Path
) -> None:
    _candidate_loop(page, browser, every_stack_server, inbox[0], tmp_path, stack="go", offered=EVERY_STACK)


def _candidate_loop(
    page: object,
    browser: object,
    server: Server,
    inbox: Inbox,
    tmp_path: Path,
    *,
    stack: str = "python",
    offered: tuple[str, ...] = ("python",),
) -> None:
    grading_unavailable = sandbox_missing()
    if grading_unavailable and os.environ.get("CI") != "true":
        pytest.skip(f"grading needs the sandbox: {grading_unavailable}")
    sign_in(page, server)
    page.get_by_role("navigation").get_by_role("link", name="Assessments").click()  # type: ignore[attr-defined]
    page.get_by_role("link", name="New assessment").click()  # type: ignore[attr-defined]
    page.get_by_label("Title").fill("Loop engineer")  # type: ignore[attr-defined]
    page.get_by_label("Challenge").select_option("tiny-api")  # type: ignore[attr-defined]
    for name in offered:
        page.locator(f'input[name="stacks"][value="{name}"]').check()  # type: ignore[attr-defined]
    page.get_by_role("button", name="Create assessment").click()  # type: ignore[attr-defined]
    page.get_by_role("heading", name="Loop engineer").wait_for()  # type: ignore[attr-defined]
    owner_page_url = page.url  # type: ignore[attr-defined]

    page.get_by_label("Name", exact=True).fill("Cara Candidate")  # type: ignore[attr-defined]
    page.get_by_label("Email", exact=True).fill("cara@example.test")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Send invitation").click()  # type: ignore[attr-defined]
    page.get_by_role("row").filter(has_text="Cara Candidate").get_by_text("Invited").wait_for()  # type: ignore[attr-defined]

    body = _wait_for_mail(inbox)
    found = re.search(r"https?://\S+/c/[^/\s]+/", body)
    assert found, body
    link = found.group(0).replace(DEFAULT_SITE, server.url)

    candidate = browser.new_context().new_page()  # type: ignore[attr-defined]
    candidate.set_default_timeout(30_000)
    candidate.goto(link)
    choices = candidate.locator('input[name="stack"]')
    assert sorted(choices.evaluate_all("inputs => inputs.map(i => i.value)")) == sorted(offered)
    candidate.locator(f'input[name="stack"][value="{stack}"]').check()
    candidate.get_by_role("button", name="Start the assessment").click()
    clone = candidate.locator("#clone-command").inner_text().strip()
    assert clone.startswith("git clone ")
    clone_url = clone.removeprefix("git clone ").replace(
        DEFAULT_SITE.removeprefix("http://"), server.url.removeprefix("http://")
    )

    work = tmp_path / "work"
    _git("clone", clone_url, str(work), cwd=tmp_path)
    solution = TINY / "solutions" / stack if stack == "python" else TINY_STACKS / "solutions" / stack
    for item in solution.iterdir():
        if item.name in (".cache", ".semgrep", "__pycache__"):
            continue
        target = work / item.name
        if item.is_dir():
            shutil.copytree(item, target, dirs_exist_ok=True)
        else:
            shutil.copy2(item, target)
    _git("add", "-A", cwd=work)
    _git("-c", "user.name=Cara", "-c", "user.email=cara@example.test", "commit", "-m", "Solution", cwd=work)
    _git("push", "origin", "HEAD:main", cwd=work)
    pushed = _git("rev-parse", "HEAD", cwd=work)

    candidate.get_by_role("button", name="Submit").click()
    assert candidate.locator("#submitted-commit").inner_text().strip() == pushed
    (work / "late.txt").write_text("after the deadline\n")
    _git("add", "late.txt", cwd=work)
    _git("-c", "user.name=Cara", "-c", "user.email=cara@example.test", "commit", "-m", "Late", cwd=work)
    refused = subprocess.run(
        ["git", "push", "origin", "HEAD:main", "--force"], cwd=work, capture_output=True, text=True
    )
    assert refused.returncode != 0 and "pushes are closed" in refused.stderr

    page.goto(owner_page_url)  # type: ignore[attr-defined]
    row = page.get_by_role("row").filter(has_text="Cara Candidate")  # type: ignore[attr-defined]
    assert row.get_by_text(re.compile("Submitted|Graded")).count() >= 1
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        page.goto(owner_page_url)  # type: ignore[attr-defined]
        if row.get_by_text("Graded", exact=True).count():
            break
        time.sleep(2)
    else:
        raise AssertionError(f"never graded:\n{server.output()[-3000:]}")
    score = row.locator(".score").inner_text().strip()
    assert score.isdigit() and int(score) > 0, score
    assert [e for e in page.console_errors if "Content Security Policy" in e] == []  # type: ignore[attr-defined]
