"""`make scale-check`: Assay's scaled mode on this one machine, end to end.

It starts PostgreSQL and Redis (the test servers, on loopback), two web processes (`assay serve --no-worker`)
behind nginx from Debian, an S3-compatible object store (versitygw) and two RQ grading workers (`assay worker`),
each with a data folder of its own, so they read snapshots and challenge versions from the store only. Then a
candidate goes through the whole loop across them: the team creates an assessment and invites through the API,
the candidate opens the link, starts, clones with git, pushes a solution and submits, and a worker grades it.
Every request goes through nginx, which names the web process that answered, so the figures show both web
processes served the loop. Then a worker is killed in the middle of a grading, and last a live session on the
graded submission has its interviewer on one web process and its candidate on the other, each seeing the other's
typing (channels-redis between them).

Run it as root on a machine with the Debian packages (it installs nginx when missing). It prints the figures
and exits non-zero when any step fails, with the log of each process kept under the printed folder.
"""

from __future__ import annotations

import collections
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psycopg
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the y-websocket participant of the live-session tests speaks for the two browsers

from tests.live.yclient import Participant  # noqa: E402 - the repository root first

ASSAY = str(Path(sys.executable).with_name("assay"))
CHALLENGE = ROOT / "tests" / "grading" / "fixtures" / "tiny-api"
console = Console()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_services() -> tuple[str, str]:
    """The PostgreSQL and Redis URLs of scripts/test-services.sh (started if they are not running)."""
    printed = subprocess.run([str(ROOT / "scripts" / "test-services.sh")], capture_output=True, text=True, check=True)
    found = dict(line.split("=", 1) for line in printed.stdout.split() if "=" in line)
    if "ASSAY_TEST_DATABASE_URL" not in found or "ASSAY_TEST_REDIS_URL" not in found:
        raise SystemExit(f"PostgreSQL and Redis are needed and could not be started:\n{printed.stderr}")
    return found["ASSAY_TEST_DATABASE_URL"], found["ASSAY_TEST_REDIS_URL"]


def ensure_nginx() -> str:
    if not shutil.which("nginx"):
        subprocess.run([str(ROOT / "scripts" / "system-packages.sh"), "scale"], check=True)
    found = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(found).exists():
        raise SystemExit("nginx is needed (Debian package nginx) and could not be installed; run as root.")
    return found


@dataclass
class Cluster:
    folder: Path
    env: dict[str, str]
    url: str = ""
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def log(self, name: str) -> Path:
        return self.folder / f"{name}.log"

    def start(self, name: str, *argv: str, **env: str) -> None:
        with self.log(name).open("wb") as out:
            self.processes[name] = subprocess.Popen(
                argv, env=self.env | env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )

    def assay(self, *argv: str, stdin: str | None = None) -> str:
        done = subprocess.run([ASSAY, *argv], env=self.env, input=stdin, capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"assay {' '.join(argv)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def stop(self) -> None:
        for process in self.processes.values():
            with suppress(ProcessLookupError):
                process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def nginx_conf(folder: Path, port: int, upstreams: list[int]) -> Path:
    servers = "\n".join(f"    server 127.0.0.1:{p};" for p in upstreams)
    for temp in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (folder / temp).mkdir(exist_ok=True)
        shutil.chown(folder / temp, "nobody")
    conf = folder / "nginx.conf"
    conf.write_text(
        f"""
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log;
events {{ worker_connections 256; }}
http {{
  access_log {folder}/nginx-access.log;
  client_body_temp_path {folder}/body; proxy_temp_path {folder}/proxy;
  fastcgi_temp_path {folder}/fastcgi; uwsgi_temp_path {folder}/uwsgi; scgi_temp_path {folder}/scgi;
  upstream assay {{
{servers}
  }}
  server {{
    listen 127.0.0.1:{port};
    client_max_body_size 200m;
    location / {{
      proxy_pass http://assay;
      proxy_http_version 1.1;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_request_buffering off;
      proxy_buffering off;
      proxy_read_timeout 300s;
      add_header X-Assay-Upstream $upstream_addr always;
    }}
  }}
}}
"""
    )
    return conf


def wait_until(check: object, what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with suppress(httpx.TransportError):
            if check():  # type: ignore[operator]
                return
        time.sleep(0.3)
    raise SystemExit(f"Timed out waiting for {what}")


@contextmanager
def scratch_database(admin_url: str) -> Iterator[str]:
    name = f"assay_scale_{secrets.token_hex(4)}"
    server = admin_url.rsplit("/", 1)[0]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{name}"
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def object_store(folder: Path) -> Iterator[dict[str, str]]:
    """versitygw (built by `make install`) on loopback with a bucket: Assay's settings for it. With it, each
    grading worker gets a data folder of its own, so it reads snapshots and challenge versions only from the store."""
    import boto3

    server = Path(sys.executable).parents[1] / "tools" / "s3" / "bin" / "versitygw"
    if not server.exists():
        raise SystemExit(f"The object store is not built ({server}): run `make install` with go installed.")
    port, access, secret = free_port(), secrets.token_hex(8), secrets.token_hex(16)
    (folder / "bucket-root").mkdir()
    with (folder / "object-store.log").open("wb") as log:
        process = subprocess.Popen(
            [str(server), "--port", f"127.0.0.1:{port}", "posix", str(folder / "bucket-root")],
            env={**os.environ, "ROOT_ACCESS_KEY_ID": access, "ROOT_SECRET_ACCESS_KEY": secret},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    settings = {
        "ASSAY_S3_BUCKET": "assay-files",
        "ASSAY_S3_ENDPOINT_URL": f"http://127.0.0.1:{port}",
        "ASSAY_S3_REGION": "us-east-1",
        "ASSAY_S3_ACCESS_KEY_ID": access,
        "ASSAY_S3_SECRET_ACCESS_KEY": secret,
    }
    try:
        wait_until(lambda: httpx.get(settings["ASSAY_S3_ENDPOINT_URL"]).status_code > 0, "the object store")
        client = boto3.client(
            "s3",
            endpoint_url=settings["ASSAY_S3_ENDPOINT_URL"],
            region_name="us-east-1",
            aws_access_key_id=access,
            aws_secret_access_key=secret,
        )
        client.create_bucket(Bucket=settings["ASSAY_S3_BUCKET"])
        yield settings
    finally:
        process.terminate()
        process.wait(timeout=20)


@dataclass
class Served:
    """Which web process answered each request that went through nginx."""

    by: collections.Counter[str] = field(default_factory=collections.Counter)

    def note(self, response: httpx.Response) -> httpx.Response:
        self.by[response.headers.get("X-Assay-Upstream", "?")] += 1
        return response


@dataclass
class Team:
    cluster: Cluster
    served: Served
    api: httpx.Client
    assessment_id: int

    @classmethod
    def create(cls, cluster: Cluster, served: Served) -> Team:
        script = (
            "from assay.accounts import services as s; from assay.accounts.access import Actor;"
            "from assay.accounts.roles import Role; from assay.accounts.models import User;"
            "u = User.objects.create_user('owner@scale.test', 'scale check password');"
            "o = s.create_organization('Scale Check', u);"
            "print(s.create_api_key(Actor(organization=o, role=Role.OWNER, user=u), 'scale', Role.OWNER)[1])"
        )
        key = cluster.assay("shell", "-c", script).strip().splitlines()[-1]
        api = httpx.Client(base_url=cluster.url, headers={"Authorization": f"Bearer {key}"}, timeout=30)
        body = {"title": "Scale check", "challenge": "tiny-api", "stacks": ["python"]}
        created = served.note(api.post("/api/v1/assessments", json=body))
        created.raise_for_status()
        return cls(cluster, served, api, created.json()["id"])

    def candidate(self, name: str) -> Candidate:
        body = {"name": name, "email": f"{name.lower()}@x.test"}
        invited = self.served.note(self.api.post(f"/api/v1/assessments/{self.assessment_id}/candidates", json=body))
        invited.raise_for_status()
        code = "from assay.notifications.models import OutboxMessage as M; print(M.objects.latest('pk').body)"
        mail = self.cluster.assay("shell", "-c", code)
        link = re.search(r"http://\S+/c/[^/\s]+/", mail)
        assert link, f"no candidate link in the invitation:\n{mail}"
        return Candidate(self, name, invited.json()["id"], link.group(0).removeprefix(self.cluster.url))

    def state_of(self, candidate_id: int) -> dict[str, object]:
        return dict(self.served.note(self.api.get(f"/api/v1/candidates/{candidate_id}")).json())


@dataclass
class Candidate:
    team: Team
    name: str
    id: int
    path: str

    def push_and_submit(self) -> float:
        """Open the link, start, clone, push the reference solution and submit; the seconds git took."""
        served, cluster = self.team.served, self.team.cluster
        browser = httpx.Client(base_url=cluster.url, timeout=30, follow_redirects=True)
        served.note(browser.get(self.path)).raise_for_status()
        token = browser.cookies["csrftoken"]
        page = served.note(browser.post(self.path + "start/", data={"stack": "python", "csrfmiddlewaretoken": token}))
        page.raise_for_status()
        clone = re.search(r"git clone (http://\S+?\.git)", page.text)
        assert clone, "the candidate page shows no clone command"
        work = cluster.folder / f"candidate-{self.name}"
        started = time.monotonic()
        subprocess.run(["git", "clone", "-q", clone.group(1), str(work)], check=True, env=cluster.env)
        shutil.copytree(CHALLENGE / "solutions" / "python", work, dirs_exist_ok=True)
        git = ["git", "-C", str(work), "-c", f"user.name={self.name}", "-c", "user.email=c@x.test"]
        subprocess.run([*git, "add", "-A"], check=True)
        subprocess.run([*git, "commit", "-qm", "My solution"], check=True)
        subprocess.run([*git, "push", "-q"], check=True, env=cluster.env)
        took = time.monotonic() - started
        served.note(browser.post(self.path + "submit/", data={"csrfmiddlewaretoken": token})).raise_for_status()
        return took

    def wait_graded(self) -> float:
        started = time.monotonic()
        wait_until(lambda: self.team.state_of(self.id)["state"] == "graded", "the grading", timeout=900)
        return time.monotonic() - started


def query(cluster: Cluster, sql: str, *params: object) -> list[tuple[object, ...]]:
    """Read the deployment's database directly, as an operator would (faster than a Django shell)."""
    with psycopg.connect(cluster.env["DATABASE_URL"]) as db:
        return db.execute(sql, params).fetchall()  # type: ignore[arg-type]


def claimed_by(cluster: Cluster, candidate_id: int) -> str:
    rows = query(
        cluster,
        "SELECT s.state, s.claimed_by FROM submissions_submission s"
        " JOIN assessments_candidate c ON c.submission_id = s.id WHERE c.id = %s",
        candidate_id,
    )
    return str(rows[0][1]) if rows and rows[0][0] == "running" else ""


def runs_of(cluster: Cluster, candidate_id: int) -> list[str]:
    rows = query(
        cluster,
        "SELECT r.state FROM grading_gradingrun r JOIN assessments_candidate c ON c.submission_id = r.submission_id"
        " WHERE c.id = %s ORDER BY r.number",
        candidate_id,
    )
    return [str(row[0]) for row in rows]


def parent_of(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("PPid:"):
            return int(line.split()[1])
    return 0


def sandbox_runs_of(pid: int) -> set[str]:
    """The sandbox runs on this machine whose owner file names ``pid``."""
    found = set()
    for owner in Path("/run/assay-sandbox").glob("*/owner"):
        with suppress(OSError):
            if owner.read_text().split()[0] == str(pid):
                found.add(owner.parent.name)
    return found


def kill_a_worker_mid_grading(team: Team, figures: dict[str, str]) -> None:
    """SIGKILL the worker grading a submission: the other grades it, once, and nothing of the first run stays."""
    cluster = team.cluster
    candidate = team.candidate("Kim")
    candidate.push_and_submit()
    worker = ""

    def running() -> bool:
        nonlocal worker
        worker = claimed_by(cluster, candidate.id)
        return bool(worker)

    wait_until(running, "a worker to start grading", timeout=600)
    pid = int(worker.split("-")[-2])  # RQ grades in a forked child (a "work horse") of the worker process
    name = next(n for n, p in cluster.processes.items() if p.pid in (pid, parent_of(pid)))
    time.sleep(3)  # into the grading: the sandbox and the private database are up
    left = sandbox_runs_of(pid)
    for group in {os.getpgid(pid), cluster.processes[name].pid}:  # the worker and its grading, as a crash would
        with suppress(ProcessLookupError):
            os.killpg(group, signal.SIGKILL)
    cluster.processes[name].wait()
    figures["killed mid-grading"] = f"{name} (pid {pid}), with {len(left)} sandbox run(s) open"
    figures["regraded after the kill in"] = f"{candidate.wait_graded():.1f} s"
    runs = runs_of(cluster, candidate.id)
    figures["runs of that submission"] = ", ".join(runs)
    if runs.count("graded") != 1:
        raise SystemExit(f"The submission was graded {runs.count('graded')} times, not once: {runs}")
    stayed = {run for run in left if Path("/run/assay-sandbox", run).exists()}
    netns = {run for run in left if Path("/run/netns", f"assay-{run}").exists()}
    figures["left behind by the killed worker"] = f"{len(stayed)} run folder(s), {len(netns)} network namespace(s)"
    if stayed or netns:
        raise SystemExit(f"The killed worker's sandbox runs were not cleaned up: {sorted(stayed | netns)}")


def sign_in(cluster: Cluster, email: str, password: str) -> httpx.Client:
    """A team member's browser, signed in through nginx (the CSRF cookie, then the form)."""
    browser = httpx.Client(base_url=cluster.url, timeout=30)
    browser.get("/login/")
    form = {"email": email, "password": password, "csrfmiddlewaretoken": browser.cookies["csrftoken"]}
    if browser.post("/login/", data=form).status_code != 302:
        raise SystemExit("The owner could not sign in.")
    return browser


def room_config(page: httpx.Response) -> dict[str, object]:
    """The settings the room's page gives its editor: the session and the participant's signed token."""
    found = re.search(r'<script id="live-config" type="application/json">(.*?)</script>', page.text)
    if page.status_code != 200 or not found:
        raise SystemExit(f"The live session page answered {page.status_code} without its editor settings.")
    return dict(json.loads(found.group(1)))


def live_session_across_web_processes(team: Team, candidate: Candidate, web_urls: list[str]) -> dict[str, str]:
    """The interviewer starts a live session on the graded submission and joins through web-1, the candidate
    joins by the link through web-2; each types into app.py and must see the other's text (channels-redis
    carries the room's updates between the processes). The figure is the time until both documents agree."""
    cluster = team.cluster
    rows = query(cluster, "SELECT submission_id FROM assessments_candidate WHERE id = %s", candidate.id)
    browser = sign_in(cluster, "owner@scale.test", "scale check password")
    token = browser.cookies["csrftoken"]
    created = browser.post(f"/submissions/{rows[0][0]}/live/", data={"csrfmiddlewaretoken": token})
    if created.status_code != 302:
        raise SystemExit(f"Starting a live session answered {created.status_code}.")
    room = browser.get(created.headers["location"])
    interviewer_config = room_config(room)
    link = re.search(r'id="candidate-link" type="text" readonly value="([^"]+)"', room.text)
    assert link, "the room shows no candidate link"
    candidate_config = room_config(httpx.get(link.group(1), timeout=30, follow_redirects=True))
    session = int(str(interviewer_config["session"]))
    interviewer = Participant(web_urls[0], session, str(interviewer_config["token"]))
    visitor = Participant(web_urls[1], session, str(candidate_config["token"]))
    try:
        both = (interviewer, visitor)
        until_all(both, lambda p: "app.py" in p.files(), "both participants to load the submitted files")
        started = time.monotonic()
        interviewer.type_into("app.py", "\n# the interviewer, on web-1\n")
        visitor.type_into("app.py", "\n# the candidate, on web-2\n")
        typed = ("the interviewer, on web-1", "the candidate, on web-2")
        until_all(both, lambda p: all(t in p.files()["app.py"] for t in typed), "each to see the other's text")
        converged = time.monotonic() - started
        if interviewer.files() != visitor.files():
            raise SystemExit("The two participants ended with different files.")
    finally:
        interviewer.close()
        visitor.close()
    return {
        "live session": f"interviewer on web-1, candidate on web-2 (session {session})",
        "live edits seen by both in": f"{converged * 1000:.0f} ms",
    }


def until_all(participants: tuple[Participant, ...], condition: object, what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not all(condition(p) for p in participants):  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise SystemExit(f"Timed out waiting for {what}.")
        for participant in participants:
            participant.pump(0.02)


def run(cluster: Cluster, served: Served, web_urls: list[str]) -> dict[str, str]:
    figures: dict[str, str] = {}
    team = Team.create(cluster, served)
    sam = team.candidate("Sam")
    figures["clone, commit and push"] = f"{sam.push_and_submit():.1f} s"
    figures["submit to graded"] = f"{sam.wait_graded():.1f} s"
    figures["score"] = f"{team.state_of(sam.id)['score']:.1f}"
    figures["graded by"] = ", ".join(
        name for name in ("worker-1", "worker-2") if "grade_submission" in cluster.log(name).read_text()
    )
    with console.status("A fault: a grading worker killed with SIGKILL in the middle of a grading…"):
        kill_a_worker_mid_grading(team, figures)
    with console.status("A live session: the interviewer on one web process, the candidate on the other…"):
        figures |= live_session_across_web_processes(team, sam, web_urls)
    return figures


def main() -> int:
    database_admin, redis_url = test_services()
    nginx = ensure_nginx()
    folder = Path(tempfile.mkdtemp(prefix="assay-scale-check-"))
    folder.chmod(0o755)  # nginx runs its workers as nobody: they must reach their temp folders inside
    web_ports, proxy_port = [free_port(), free_port()], free_port()
    with scratch_database(database_admin) as database_url, object_store(folder) as store_settings:
        library = folder / "library"
        shutil.copytree(CHALLENGE, library / "tiny-api")
        env = {k: v for k, v in os.environ.items() if not k.startswith("ASSAY_") and k != "DJANGO_SETTINGS_MODULE"}
        env |= {
            "ASSAY_VAR_DIR": str(folder / "var"),
            "ASSAY_LIBRARY_DIR": str(library),
            "ASSAY_SECRET_KEY": secrets.token_urlsafe(48),
            "ASSAY_SITE_URL": f"http://127.0.0.1:{proxy_port}",
            "ASSAY_ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url.rsplit("/", 1)[0] + "/7",
            "ASSAY_TASK_BACKEND": "rq",
            "GIT_TERMINAL_PROMPT": "0",
            # A killed worker's grading is taken over once its lease runs out; short here, two minutes by default.
            "ASSAY_GRADING_LEASE_SECONDS": "20",
            "ASSAY_HOUSEKEEPING_SECONDS": "5",
        } | store_settings
        cluster = Cluster(folder, env, url=f"http://127.0.0.1:{proxy_port}")
        subprocess.run(["redis-cli", "-u", env["REDIS_URL"], "flushdb"], capture_output=True, check=False)
        served = Served()
        try:
            with console.status("Migrating and loading the challenge…"):
                cluster.assay("migrate", "--verbosity", "0")
                cluster.assay("challenges", "load")
            for n, port in enumerate(web_ports, 1):
                cluster.start(f"web-{n}", ASSAY, "serve", "--no-worker", "--no-demo", "--port", str(port))
            for n in (1, 2):
                # A data folder of its own: what it grades comes from the object store only.
                # The grader's caches (PostgreSQL template, dependencies) stay shared to keep the check short.
                own = {
                    "ASSAY_VAR_DIR": str(folder / f"worker-{n}-var"),
                    "ASSAY_FILE_CACHE_DIR": str(folder / f"worker-{n}-var" / "files-cache"),
                    "ASSAY_CACHE_DIR": str(folder / "var" / "cache"),
                }
                cluster.start(f"worker-{n}", ASSAY, "worker", **own)
            cluster.start(
                "nginx",
                nginx,
                "-p",
                str(folder),
                "-c",
                str(nginx_conf(folder, proxy_port, web_ports)),
                "-g",
                "daemon off;",
            )
            with console.status("Starting two web processes, two grading workers and nginx…"):
                for port in web_ports:
                    wait_until(lambda p=port: httpx.get(f"http://127.0.0.1:{p}/healthz").status_code == 200, "web")
                wait_until(lambda: httpx.get(f"{cluster.url}/readyz").status_code == 200, "the workers' heartbeat")
            with console.status("A candidate: invite, clone, push, submit, graded…"):
                figures = run(cluster, served, [f"http://127.0.0.1:{port}" for port in web_ports])
        finally:
            cluster.stop()
    table = Table(
        title="Scaled mode on this machine: nginx, 2 web processes, 2 RQ workers, PostgreSQL, Redis, object store"
    )
    table.add_column("measure")
    table.add_column("result")
    for name, value in figures.items():
        table.add_row(name, value)
    names = {f"127.0.0.1:{port}": f"web-{n}" for n, port in enumerate(web_ports, 1)}
    for upstream, count in sorted(served.by.items()):
        table.add_row(f"requests answered by {names.get(upstream, upstream)}", str(count))
    console.print(table)
    console.print(f"Logs: {folder}")
    if len([u for u in served.by if u != "?"]) < 2:
        console.print("[red]Only one web process answered: nginx did not spread the requests.[/red]")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
