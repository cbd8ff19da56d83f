"""Hostile submissions graded through the real pipeline: each is contained and explained in its report.

The cases run together (the pairs that must overlap, overlap): a module fixture grades them all in
threads, watching the test process's memory and the host's loopback meanwhile; each test then
reads one report as a reviewer would. The hostile code publishes whatever it managed to read (on
stdout and in its HTTP answers), and no secret may appear anywhere in any report.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest

import assay.settings
from assay.challenges.package import ChallengePackage
from assay.grading.context import StageLimits
from assay.grading.pipeline import grade_directory
from assay.grading.report import Report

pytestmark = pytest.mark.sandbox

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
WORKERS = 4


def report_text(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False)


def run_uid(report: Report) -> int | None:
    """The uid the hostile code ran as: it prints ASSAY-UID=<uid> into a stage log first thing."""
    found = re.search(r"ASSAY-UID=(\d+)", report_text(report))
    return int(found.group(1)) if found else None


def processes_of(uid: int) -> list[int]:
    """Live host pids whose real uid is `uid` (a zombie holds nothing and cannot run)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            status = (entry / "status").read_text() if entry.name.isdigit() else ""
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if fields and int(fields["Uid"].split()[0]) == uid and fields["State"].split()[0] not in ("Z", "X"):
            found.append(int(entry.name))
    return found


class HostListener:
    """A TCP server on the host's 127.0.0.1 that greets whoever connects with a secret banner."""

    def __init__(self, port: int, banner: bytes) -> None:
        self.sock = socket.create_server(("127.0.0.1", port))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.banner = banner
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            with conn:
                conn.sendall(self.banner)

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.sock.close()


class MemoryWatch:
    """Samples this process's resident memory while the cases run."""

    def __init__(self) -> None:
        self.baseline_mb = self._rss_mb()
        self.peak_mb = self.baseline_mb
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    @staticmethod
    def _rss_mb() -> float:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def _sample(self) -> None:
        while not self._stop.wait(0.02):
            self.peak_mb = max(self.peak_mb, self._rss_mb())

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak_mb - self.baseline_mb


@dataclass
class Case:
    repo: Path
    limits: StageLimits
    report: Report | None = None
    seconds: float = 0.0


@dataclass
class Batch:
    cases: dict[str, Case]
    secrets: dict[str, str]
    listeners: list[HostListener]
    memory_growth_mb: float
    leftovers: dict[str, list[int] | None] = field(default_factory=dict)

    def report(self, name: str) -> Report:
        report = self.cases[name].report
        assert report is not None
        return report


def _listeners(banner: bytes) -> list[HostListener]:
    """Our own servers on the host's loopback: the database ports where free, and a random port."""
    listeners = []
    for port in (5432, 6379, 0):
        # Where a real server holds the port, the random port still proves the point.
        with contextlib.suppress(OSError):
            listeners.append(HostListener(port, banner))
    return listeners


def _copy(name: str, dest: Path, params: dict[str, object] | None = None) -> Path:
    repo = dest / name
    shutil.copytree(HOSTILE / name, repo)
    if params is not None:
        (repo / "params.json").write_text(json.dumps(params))
    return repo


def _secret_line(path: Path, needle: str) -> str:
    return next(line.strip() for line in path.read_text().splitlines() if needle in line)


def _prepare(tiny: ChallengePackage, tmp: Path, fast: StageLimits, ports: list[int]) -> tuple[dict[str, Case], dict]:
    secrets = {
        "environment": f"env-canary-{uuid.uuid4().hex}",
        "shadow": Path("/etc/shadow").read_text().splitlines()[0],
        "settings": _secret_line(Path(assay.settings.__file__), "INSECURE_SECRET_KEY ="),
        "hidden tests": "tiny-api-hidden-3f9c1e7a",
        "other submission": f"victim-canary-{uuid.uuid4().hex}",
        "host listener": f"listener-canary-{uuid.uuid4().hex}",
        "host toml": f"toml-canary-{uuid.uuid4().hex}",
    }
    hidden_test = tiny.hidden_tests_dir / "test_items.py"
    assert secrets["hidden tests"] in hidden_test.read_text()

    victim = tmp / "victim"
    shutil.copytree(tiny.solution_dir("python"), victim)
    (victim / "canary.txt").write_text(secrets["other submission"])

    snoop = _copy(
        "snoop",
        tmp,
        {
            "paths": [
                "/etc/shadow",
                assay.settings.__file__,
                str(hidden_test),
                "/proc/1/environ",
                f"/proc/{os.getpid()}/environ",
                "shadow-link",
                "settings-link",
                "up/etc/shadow",
            ],
            "globs": [
                "/run/assay-sandbox/*/workspace/canary.txt",
                "/proc/*/root/run/assay-sandbox/*/workspace/canary.txt",
                f"{tiny.grading_dir}/**",
            ],
        },
    )
    os.symlink("/etc/shadow", snoop / "shadow-link")
    os.symlink(assay.settings.__file__, snoop / "settings-link")
    os.symlink("../../../../../../..", snoop / "up")

    toml_link = tmp / "toml-symlink"
    shutil.copytree(tiny.starter_dir("python"), toml_link)
    host_toml = tmp / "host-assay.toml"
    host_toml.write_text(f'setup = "echo {secrets["host toml"]}"\nstart = "python3 app.py"\ntest = ""\n')
    (toml_link / "assay.toml").unlink()
    os.symlink(host_toml, toml_link / "assay.toml")

    cases = {
        "snoop": Case(snoop, fast),
        "victim": Case(victim, fast),
        "fork-bomb-setup": Case(_copy("fork-bomb-setup", tmp), replace(fast, setup=fast.setup.with_wall(8))),
        "fork-bomb-start": Case(_copy("fork-bomb-start", tmp), replace(fast, readiness_seconds=4)),
        "memory-bomb": Case(_copy("memory-bomb", tmp), fast),
        "disk-fill": Case(_copy("disk-fill", tmp), fast),
        "busy-setup": Case(_copy("busy-setup", tmp), replace(fast, setup=replace(fast.setup, wall_seconds=3))),
        "never-ready": Case(_copy("never-ready", tmp), replace(fast, readiness_seconds=3)),
        "ignores-sigterm": Case(_copy("ignores-sigterm", tmp), fast),
        # A gigabyte through a pipe is slow when other tests share the cores: the time limit is not what it tests.
        "stdout-flood": Case(
            _copy("stdout-flood", tmp), replace(fast, setup=replace(fast.setup, wall_seconds=120, cpu_seconds=60))
        ),
        "network": Case(_copy("network", tmp, {"host_ports": ports}), fast),
        "toml-symlink": Case(toml_link, fast),
    }
    return cases, secrets


@pytest.fixture(scope="module")
def batch(
    tiny: ChallengePackage, tmp_path_factory: pytest.TempPathFactory, fast_limits: StageLimits
) -> Iterator[Batch]:
    tmp = tmp_path_factory.mktemp("hostile")
    banner_secret = f"listener-canary-{uuid.uuid4().hex}"
    listeners = _listeners(banner_secret.encode())
    cases, secrets = _prepare(tiny, tmp, fast_limits, [lst.port for lst in listeners])
    secrets["host listener"] = banner_secret
    os.environ["ASSAY_SECRET_KEY"] = secrets["environment"]
    watch = MemoryWatch()

    def grade(case: Case) -> None:
        started = time.monotonic()
        case.report = grade_directory(case.repo, tiny, "python", limits=case.limits)
        case.seconds = time.monotonic() - started

    try:
        # snoop and victim are submitted first, so they run side by side.
        with ThreadPoolExecutor(max_workers=WORKERS) as pool:
            list(pool.map(grade, cases.values()))
    finally:
        growth = watch.stop()
        del os.environ["ASSAY_SECRET_KEY"]
    result = Batch(cases, secrets, listeners, growth)
    for name, case in cases.items():
        if case.report is not None and name not in ("victim", "toml-symlink"):
            uid = run_uid(case.report)
            result.leftovers[name] = None if uid is None else processes_of(uid) + processes_of(uid + 1)
    if os.environ.get("ASSAY_DUMP_HOSTILE"):
        dump = {n: c.report.to_dict() for n, c in cases.items() if c.report}
        Path(os.environ["ASSAY_DUMP_HOSTILE"]).write_text(json.dumps(dump, indent=1))
    yield result
    for listener in listeners:
        listener.close()


def test_no_secret_appears_in_any_report(batch: Batch) -> None:
    for name in batch.cases:
        text = report_text(batch.report(name))
        for what, secret in batch.secrets.items():
            if name == "victim" and what == "other submission":
                continue
            assert secret not in text, f"{what} leaked into the report of {name}"


def test_nothing_of_any_run_outlives_it(batch: Batch) -> None:
    assert batch.leftovers.keys() >= {"fork-bomb-setup", "fork-bomb-start", "ignores-sigterm", "memory-bomb"}
    assert [name for name, pids in batch.leftovers.items() if pids is None] == [], "hostile code that never ran"
    assert {name: pids for name, pids in batch.leftovers.items() if pids} == {}


def test_fork_bomb_in_setup(batch: Batch) -> None:
    setup = batch.report("fork-bomb-setup").stage("setup")
    assert setup.status == "failed"
    assert "The setup command stopped after" in setup.summary
    assert re.search(r"reached the (process count|memory|CPU time) limit", setup.summary), setup.summary
    assert "processes by cgroup+rlimit" in setup.summary


def test_fork_bomb_as_the_service(batch: Batch) -> None:
    start = batch.report("fork-bomb-start").stage("start")
    assert start.status == "failed"
    assert "did not answer GET /health on port $PORT within 4s" in start.summary
    # Forked Pythons fill the process table, the memory cgroup or the tree's CPU budget first, depending on the
    # machine's pace; any of them stops the whole tree, and the report names the one that did.
    assert re.search(r"reached the (process count|memory|CPU time) limit", start.summary), start.summary
    assert batch.report("fork-bomb-start").stage("hidden_tests").summary.startswith("The service was not running")


def test_memory_bomb(batch: Batch) -> None:
    start = batch.report("memory-bomb").stage("start")
    assert start.status == "failed"
    assert "The service exited before it answered on $PORT" in start.summary
    assert "reached the memory limit (limits enforced:" in start.summary
    assert "holding" in start.log_tail
    assert max(int(mb) for mb in re.findall(r"holding (\d+) MB", start.log_tail)) <= 256


def test_filling_the_disk(batch: Batch) -> None:
    setup = batch.report("disk-fill").stage("setup")
    assert setup.status == "failed"
    assert "reached the workspace disk limit" in setup.summary
    assert "disk by tmpfs" in setup.summary
    assert "No space left on device" in setup.log_tail


def test_infinite_loop_in_setup_is_stopped_by_the_wall_clock(batch: Batch) -> None:
    report = batch.report("busy-setup")
    setup = report.stage("setup")
    assert setup.status == "failed"
    assert re.search(r"stopped after \d+\.\ds: reached the wall-clock time limit", setup.summary), setup.summary
    assert "Later stages run anyway" in setup.summary
    assert report.stage("static").status in ("passed", "failed")


def test_service_that_never_becomes_ready(batch: Batch) -> None:
    report = batch.report("never-ready")
    start = report.stage("start")
    assert start.status == "failed"
    assert "The service is running but did not answer GET /health on port $PORT within 3s" in start.summary
    assert "Does it listen on 127.0.0.1 or 0.0.0.0 and read the PORT variable?" in start.summary
    assert "warming up, please wait" in start.log_tail, "the reviewer sees what the service printed"
    assert (
        report.stage("hidden_tests").summary
        == "The service was not running, so every test failed. 0 of 4 hidden tests passed."
    )
    assert report.stage("load").summary == "Skipped: the service is not running."


def test_service_that_ignores_sigterm(batch: Batch) -> None:
    report = batch.report("ignores-sigterm")
    assert report.stage("start").status == "passed"
    assert report.stage("candidate_tests") is not None, "grading went on to the end"
    # It ignores SIGTERM and leaves a detached daemon: the whole tree goes anyway.
    assert batch.leftovers["ignores-sigterm"] == []


def test_a_gigabyte_on_stdout(batch: Batch) -> None:
    setup = batch.report("stdout-flood").stage("setup")
    assert setup.status == "passed"
    assert "It wrote 1024 MB to its output; only the end is kept." in setup.summary
    assert len(setup.log_tail) < 70 * 1024
    assert batch.memory_growth_mb < 256, f"the test process grew by {batch.memory_growth_mb:.0f} MB"


def test_no_network_but_its_own_loopback(batch: Batch) -> None:
    report = batch.report("network")
    start, setup = report.stage("start"), report.stage("setup")
    assert start.status == "passed"
    attempts = re.findall(r"NET (setup|start) (\S+) (CONNECTED|blocked)", setup.log_tail + "\n" + start.log_tail)
    tried = {(stage, target) for stage, target, _ in attempts}
    for listener in batch.listeners:
        for host in ("127.0.0.1", "10.0.2.2"):
            assert ("setup", f"{host}:{listener.port}") in tried and ("start", f"{host}:{listener.port}") in tried
    assert ("start", "1.1.1.1:53") in tried
    assert [a for a in attempts if a[2] == "CONNECTED"] == []
    assert "NET start dns pypi.org blocked" in start.log_tail
    assert [listener.connections for listener in batch.listeners] == [0] * len(batch.listeners)


def test_reading_platform_files_and_environment(batch: Batch) -> None:
    report = batch.report("snoop")
    start = report.stage("start")
    assert start.status == "passed"
    for path in ("/etc/shadow", assay.settings.__file__, "shadow-link", "settings-link", "up/etc/shadow"):
        assert f"LOOT {path}: denied (" in start.log_tail
    assert "LOOT /run/assay-sandbox/*/workspace/canary.txt: denied (nothing matched)" in start.log_tail
    environ = json.loads(re.search(r"LOOT environ: READ (\{.*\})", start.log_tail).group(1))
    contract = {"PATH", "HOME", "TMPDIR", "LANG", "LC_ALL", "PORT", "CI", "BASE_URL", "PWD", "SHLVL", "_"}
    # Besides contract 2, only the package managers' view of the dependency cache.
    package_managers = ("PIP_", "npm_config_", "GO")
    assert {name for name in environ if not name.startswith(package_managers)} <= contract, sorted(environ)
    # The hidden tests saw its answers (the loot) and kept them as evidence; the loot holds no secret.
    failed = [c for c in report.checks if c.suite == "hidden_tests" and not c.passed]
    assert failed and any("loot" in json.dumps(e.data) for c in failed for e in c.evidence)


def test_symlinks_to_host_files_are_left_out_and_listed(batch: Batch) -> None:
    snapshot = batch.report("snoop").stage("snapshot")
    assert snapshot.status == "passed"
    assert "Left out 3 entries that could not be copied safely" in snapshot.summary
    assert sorted(snapshot.data["skipped"]) == [
        f"symlink pointing outside the submission: {name}" for name in ("settings-link", "shadow-link", "up")
    ]


def test_assay_toml_that_is_a_symlink_to_a_host_file_is_not_followed(batch: Batch) -> None:
    report = batch.report("toml-symlink")
    snapshot = report.stage("snapshot")
    assert snapshot.status == "failed"
    assert "symlink pointing outside the submission: assay.toml" in snapshot.data["skipped"]
    assert "assay.toml: is missing" in snapshot.summary
    assert report.stage("setup").status == "skipped"


def test_another_submission_graded_at_the_same_time_is_unaffected(batch: Batch) -> None:
    victim = batch.report("victim")
    assert victim.stage("hidden_tests").summary == "4 of 4 hidden tests passed."
    assert victim.stage("start").status == "passed"
