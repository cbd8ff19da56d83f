"""PostgreSQL restarted under a running Assay: while it is down, requests are refused with a 503 that says
so (readiness too) and nothing is half-recorded; once it is back, Assay recovers without a restart.

The test runs its own PostgreSQL cluster (the shared test server must stay up for the other tests) and a
real `assay serve` on it; a candidate's push goes through git over smart HTTP before, during and after.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.ops.serving import ASSAY, assay_serve, clean_env, free_port
from tests.repos.test_push_faults import MAKE_REPOSITORY, git

PG_BIN = Path("/usr/lib/postgresql/15/bin")


class Cluster:
    """A PostgreSQL of the test's own, run as the postgres user (it refuses root)."""

    def __init__(self, folder: Path, port: int) -> None:
        self.folder, self.port = folder, port

    def _pg(self, *argv: str) -> None:
        # No pipes: the server started by pg_ctl would hold them open; its output goes to its log file.
        command = ["runuser", "-u", "postgres", "--", *argv]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        log = str(self.folder / "server.log")
        self._pg(str(PG_BIN / "pg_ctl"), "-D", str(self.folder / "data"), "-l", log, "-w", "-o", options, "start")

    def stop(self) -> None:
        self._pg(str(PG_BIN / "pg_ctl"), "-D", str(self.folder / "data"), "-w", "-m", "fast", "stop")

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    if os.geteuid() != 0 or not (PG_BIN / "initdb").exists():
        pytest.skip("needs root and PostgreSQL's binaries to run a cluster of its own")
    folder = Path("/var/tmp/assay-test-services") / f"restart-{uuid.uuid4().hex[:8]}"
    (folder / "data").mkdir(parents=True)
    shutil.chown(folder, "postgres")
    shutil.chown(folder / "data", "postgres")
    running = Cluster(folder, free_port())
    running._pg(str(PG_BIN / "initdb"), "-D", str(folder / "data"), "-U", "postgres", "--auth=trust")
    running.start()
    try:
        yield running
    finally:
        subprocess.run(
            [
                "runuser",
                "-u",
                "postgres",
                "--",
                str(PG_BIN / "pg_ctl"),
                "-D",
                str(folder / "data"),
                "-m",
                "immediate",
                "stop",
            ],
            capture_output=True,
        )
        shutil.rmtree(folder, ignore_errors=True)


def wait_for_status(url: str, status: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if httpx.get(url, timeout=5).status_code == status:
            return
        time.sleep(0.5)
    raise AssertionError(f"{url} never answered {status}")


def test_a_database_restart_refuses_clearly_loses_nothing_and_recovers(cluster: Cluster, tmp_path: Path) -> None:
    var = tmp_path / "var"
    starter = tmp_path / "starter"
    starter.mkdir()
    (starter / "README.md").write_text("# Starter\n")
    with assay_serve(var, DATABASE_URL=cluster.url) as server:
        made = subprocess.run(
            [ASSAY, "shell", "-c", MAKE_REPOSITORY.format(starter=str(starter), url=server.url)],
            env=clean_env(var, DATABASE_URL=cluster.url),
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        clone_url, bare = made[-2], Path(made[-1])
        work = tmp_path / "work"
        git("clone", "-q", clone_url, str(work), cwd=tmp_path)
        before = git("rev-parse", "HEAD", cwd=work).stdout.strip()
        (work / "app.py").write_text("print('done')\n")
        git("add", "-A", cwd=work)
        git("-c", "user.name=C", "-c", "user.email=c@x.test", "commit", "-qm", "Work", cwd=work)

        cluster.stop()
        ready = httpx.get(f"{server.url}/readyz", timeout=10)
        assert ready.status_code == 503 and "database" in ready.json()["problems"]
        page = httpx.get(f"{clone_url}/info/refs", params={"service": "git-receive-pack"}, timeout=10)
        assert page.status_code == 503 and "database is unreachable" in page.text and "Traceback" not in page.text
        assert page.headers["Retry-After"] == "30"
        api = httpx.get(f"{server.url}/api/v1/organization", headers={"Authorization": "Bearer assay_x_y"}, timeout=10)
        assert api.status_code == 503 and api.headers["content-type"] == "application/problem+json"
        refused = git("push", "-q", "origin", "HEAD:main", cwd=work, check=False)
        assert refused.returncode != 0 and "503" in refused.stderr
        assert git("rev-parse", "refs/heads/main", cwd=bare).stdout.strip() == before  # nothing half-recorded

        cluster.start()
        wait_for_status(f"{server.url}/readyz", 200)
        pushed = git("push", "-q", "origin", "HEAD:main", cwd=work, check=False)
        assert pushed.returncode == 0, pushed.stderr
        assert (
            git("rev-parse", "refs/heads/main", cwd=bare).stdout.strip()
            == git("rev-parse", "HEAD", cwd=work).stdout.strip()
        )


MAKE_CANDIDATE = """
from pathlib import Path
from assay.accounts.access import Actor
from assay.accounts.models import User
from assay.accounts.roles import Role
from assay.accounts.services import create_organization
from assay.assessments import links, services
from assay.challenges.models import Challenge
from assay.challenges.services import load_library
from assay.assessments.services.workflow import repository_of
from assay.repos.services import authenticated_clone_url
assert load_library(Path({library!r}), ["tiny-api"]).ok
owner = User.objects.create_user("owner@restart.test", "a long enough password")
organization = create_organization("Restart", owner)
actor = Actor(organization=organization, role=Role.OWNER, user=owner)
assessment = services.create_assessment(
    actor, title="Backend", challenge=Challenge.objects.get(slug="tiny-api"), stacks=["python"],
    time_limit_minutes=240, start_window_days=7,
)
candidate, _ = services.invite(actor, assessment, "Cara Candidate", "cara@restart.test")
services.start(candidate, "python")
print(f"/c/{{links.token_for(candidate)}}/")
print(authenticated_clone_url(repository_of(candidate), {url!r}))
"""

SUBMITTED = """
from assay.assessments.models import Candidate
from assay.submissions.models import Submission
from assay import storage
candidate = Candidate.objects.get(email="cara@restart.test")
submission = candidate.submission
print(candidate.state, Submission.objects.count(), submission.commit if submission else "-",
      bool(submission and storage.read(submission.archive)))
"""

LIBRARY = Path(__file__).parents[1] / "grading" / "fixtures"


def shell(script: str, var: Path, database_url: str) -> list[str]:
    done = subprocess.run(
        [ASSAY, "shell", "-c", script],
        env=clean_env(var, DATABASE_URL=database_url, ASSAY_CALIBRATE_ON_LOAD="0"),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split("\n")


def csrf_token(browser: httpx.Client, page_url: str) -> str:
    """Open the candidate's page as a browser would: it gets the CSRF cookie and the form's token."""
    page = browser.get(page_url)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert token, page.text[:500]
    return token.group(1)


def test_a_submission_while_the_database_is_down_is_refused_whole_and_succeeds_after(
    cluster: Cluster, tmp_path: Path
) -> None:
    var = tmp_path / "var"
    serving = assay_serve(var, DATABASE_URL=cluster.url, ASSAY_CALIBRATE_ON_LOAD="0")
    with serving as server, httpx.Client(timeout=30) as browser:
        link, clone_url = shell(MAKE_CANDIDATE.format(library=str(LIBRARY), url=server.url), var, cluster.url)[-3:-1]
        work = tmp_path / "work"
        git("clone", "-q", clone_url, str(work), cwd=tmp_path)
        (work / "app.py").write_text("print('done')\n")
        git("add", "-A", cwd=work)
        git("-c", "user.name=C", "-c", "user.email=c@x.test", "commit", "-qm", "Work", cwd=work)
        git("push", "-q", "origin", "HEAD:main", cwd=work)
        pushed = git("rev-parse", "HEAD", cwd=work).stdout.strip()
        page_url = f"{server.url}{link}"
        form = {"csrfmiddlewaretoken": csrf_token(browser, page_url)}

        cluster.stop()
        refused = browser.post(f"{page_url}submit/", data=form, headers={"Referer": page_url})
        assert refused.status_code == 503 and "database is unreachable" in refused.text
        assert "Traceback" not in refused.text

        cluster.start()
        wait_for_status(f"{server.url}/readyz", 200)
        assert shell(SUBMITTED, var, cluster.url)[-2].split() == ["started", "0", "-", "False"]
        accepted = browser.post(f"{page_url}submit/", data=form, headers={"Referer": page_url})
        assert accepted.status_code == 302, accepted.text[:500]
        assert shell(SUBMITTED, var, cluster.url)[-2].split() == ["submitted", "1", pushed, "True"]
