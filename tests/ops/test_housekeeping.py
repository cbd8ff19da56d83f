"""Housekeeping runs in exactly one process at a time, in every mode, and finds gradings whose job was lost.

The lease tests run real `assay scheduler` processes on one database: one holds the lease, the other waits;
killed with SIGKILL, the holder stops renewing and the other takes over once the lease runs out. The lost-job
test queues a grading on a real Redis, deletes the job from Redis as a restart without persistence would, and
housekeeping queues it again.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable
from contextlib import closing
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from assay.accounts.models import Organization
from assay.grading import services as grading
from assay.grading.tasks import grade_submission
from assay.ops import housekeeping
from assay.ops.models import Lease
from assay.submissions.models import Submission
from tests.conftest import make_organization
from tests.ops.serving import ASSAY, clean_env
from tests.ops.test_tasks import redis_url  # noqa: F401
from tests.reviews.conftest import make_submission


def lease_holder(var_dir: Path) -> str:
    """Who holds the housekeeping lease in the schedulers' own database (read as an operator would)."""
    with closing(sqlite3.connect(var_dir / "assay.sqlite3", timeout=10)) as db:
        row = db.execute("SELECT holder FROM ops_lease WHERE name = 'housekeeping'").fetchone()
    return str(row[0]) if row else ""


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


def test_one_scheduler_holds_the_lease_and_another_takes_over_when_it_is_killed(tmp_path: Path) -> None:
    env = clean_env(tmp_path, ASSAY_HOUSEKEEPING_SECONDS="1")
    subprocess.run([ASSAY, "migrate", "--verbosity", "0"], env=env, check=True)
    first = subprocess.Popen([ASSAY, "scheduler"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    second = None
    try:
        wait_for(lambda: f"-{first.pid}-" in lease_holder(tmp_path), "the first scheduler to hold the lease")
        second = subprocess.Popen([ASSAY, "scheduler"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(2.5)  # two rounds of the second: it must not take a lease that is being renewed
        assert f"-{first.pid}-" in lease_holder(tmp_path)

        os.kill(first.pid, signal.SIGKILL)  # no clean hand-over: the lease has to run out
        first.wait()
        wait_for(lambda: f"-{second.pid}-" in lease_holder(tmp_path), "the second scheduler to take over")
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.terminate()
                process.wait(timeout=20)


@pytest.mark.django_db
def test_a_stopped_holder_hands_over_and_a_live_one_keeps_the_lease() -> None:
    ran: list[str] = []
    one = housekeeping.Housekeeper(interval=30, jobs=[])
    other = housekeeping.Housekeeper(interval=30, jobs=[])
    other.holder = one.holder + "-other"
    assert one.round() and not other.round()
    Lease.objects.update(expires_at=timezone.now() - timedelta(seconds=1))  # the holder stopped renewing
    assert other.round() and not one.round()
    housekeeping.release_lease(other.holder)
    assert one.round()
    ran.extend(str(k.rounds_run) for k in (one, other))
    assert ran == ["2", "1"]


@pytest.fixture
def rq_settings(settings: Any, redis_url: str) -> str:  # noqa: F811
    import redis

    url = redis_url.rsplit("/", 1)[0] + "/3"  # a database of its own on the shared test Redis
    redis.Redis.from_url(url).flushdb()
    settings.RQ_QUEUES = {name: {"URL": url} for name in ("default", "grading")}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default", "grading"]}}
    return url


@pytest.mark.django_db
def test_a_queued_grading_whose_job_vanished_from_redis_is_queued_again(
    rq_settings: str, django_capture_on_commit_callbacks: Callable[..., Any], tmp_path: Path
) -> None:
    import redis
    from rq import Queue

    organization: Organization = make_organization("Acme Hiring")
    waiting, lost = make_submission(organization, tmp=tmp_path), make_submission(organization, tmp=tmp_path)
    with django_capture_on_commit_callbacks(execute=True):
        grading.enqueue(waiting)
        grading.enqueue(lost)
    waiting.refresh_from_db()
    lost.refresh_from_db()
    queue = Queue("grading", connection=redis.Redis.from_url(rq_settings))
    assert set(queue.job_ids) == {waiting.grading_job_id, lost.grading_job_id}
    queue.remove(lost.grading_job_id)
    queue.connection.delete(f"rq:job:{lost.grading_job_id}")  # Redis restarted without its data, for this job
    Submission.objects.update(state_changed_at=timezone.now() - timedelta(minutes=10))

    with django_capture_on_commit_callbacks(execute=True):
        assert grading.requeue_lost() == 1

    again = Submission.objects.get(pk=lost.pk)
    assert again.grading_job_id and again.grading_job_id != lost.grading_job_id
    assert set(queue.job_ids) == {waiting.grading_job_id, again.grading_job_id}
    assert grade_submission.get_result(again.grading_job_id).args == [lost.pk]
    with django_capture_on_commit_callbacks(execute=True):
        assert grading.requeue_lost() == 0  # looked at again only after it has waited once more
