"""Redis restarted (here: killed outright, then started again) with jobs queued on RQ: no job is lost.

Two ways, each shown end to end with a Redis of the test's own: with the append-only file on (fsync on every
write, as deploy/ recommends) the queued jobs are still in Redis after the restart and a worker runs them;
without persistence the jobs are gone, and housekeeping's requeue_lost queues the waiting gradings again from
their database rows. Either way every submission is graded, once.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import redis
from django.core.management import call_command
from rq import Queue

from assay.grading import services as grading
from assay.submissions.models import Submission
from tests.conftest import make_organization
from tests.ops.serving import free_port
from tests.ops.tasks_for_tests import write_marker
from tests.reviews.conftest import make_submission

pytestmark = [pytest.mark.django_db(transaction=True)]


@dataclass
class RedisServer:
    folder: Path
    persistent: bool
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        persistence = ["--appendonly", "yes", "--appendfsync", "always"] if self.persistent else ["--appendonly", "no"]
        argv = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder)]
        log = (self.folder / "redis.log").open("ab")
        self.process = subprocess.Popen([*argv, "--save", "", *persistence], stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while True:
            try:
                redis.Redis.from_url(self.url, socket_connect_timeout=1).ping()
                return
            except redis.RedisError:
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.1)

    def crash_and_restart(self) -> None:
        assert self.process is not None
        self.process.kill()  # SIGKILL: no chance to save anything on the way out
        self.process.wait()
        self.start()


@contextmanager
def redis_server(folder: Path, persistent: bool) -> Iterator[RedisServer]:
    if shutil.which("redis-server") is None:
        pytest.skip("needs Debian's redis-server")
    folder.mkdir(parents=True)
    server = RedisServer(folder, persistent)
    server.start()
    try:
        yield server
    finally:
        if server.process is not None:
            server.process.kill()
            server.process.wait()


def run_rq_worker(*queues: str) -> None:
    call_command("rqworker", *queues, burst=True, job_class="django_tasks_rq.Job", worker_class="rq.SimpleWorker")


@pytest.mark.parametrize("persistent", [True, False], ids=["appendonly", "no-persistence"])
def test_jobs_queued_on_redis_survive_its_restart(
    persistent: bool, settings: Any, tmp_path: Path, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    if shutil.which("bwrap") is None or os.geteuid() != 0:
        pytest.skip("grading needs bubblewrap and root")
    with redis_server(tmp_path / "redis", persistent) as server:
        settings.RQ_QUEUES = {name: {"URL": server.url} for name in ("default", "grading")}
        settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default", "grading"]}}
        settings.ASSAY_LOST_JOB_SECONDS = 0
        settings.ASSAY_CALIBRATE_ON_LOAD = False  # only the jobs this test queues
        submission = make_submission(make_organization("Acme Hiring"), tmp=tmp_path)
        with django_capture_on_commit_callbacks(execute=True):
            grading.enqueue(submission)
        marker = tmp_path / "marker.txt"
        other = write_marker.enqueue(str(marker), "still here")  # a job of the default queue
        submission.refresh_from_db()
        queues = {name: Queue(name, connection=redis.Redis.from_url(server.url)) for name in ("default", "grading")}
        assert queues["grading"].job_ids == [submission.grading_job_id]

        server.crash_and_restart()

        if persistent:
            assert queues["grading"].job_ids == [submission.grading_job_id]
            assert queues["default"].job_ids == [other.id]
            with django_capture_on_commit_callbacks(execute=True):
                assert grading.requeue_lost() == 0  # nothing to recover, so nothing queued twice
        else:
            assert queues["grading"].job_ids == [] and queues["default"].job_ids == []
            with django_capture_on_commit_callbacks(execute=True):
                assert grading.requeue_lost() == 1  # the grading comes back from its database row
            assert len(queues["grading"].job_ids) == 1

        run_rq_worker("default", "grading")

    submission.refresh_from_db()
    assert submission.state == Submission.State.GRADED
    assert submission.runs.count() == 1  # graded once
    # A job that has no row of its own to come back from survives only with the append-only file.
    assert marker.exists() == persistent
